import { InputReader } from '../../input';
import { paginate } from '../../pagination';
import { awsQueryProtocol } from '../../protocols/aws-query';
import type { OperationHandler, ServiceDefinition } from '../service';
import { snsError, type MessageAttribute, type SnsModel } from './model';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary|String\.Array)(\.[A-Za-z0-9_.-]+)?$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/** SNS words every validation failure as `InvalidParameter`. */
const read = (input: Record<string, unknown>) => new InputReader(input, (problem) => snsError.invalidParameter(`Invalid parameter: ${problem.member}`));

function readTopicArn(r: InputReader, member = 'TopicArn'): string {
  const arn = r.requiredString(member);
  if (!TOPIC_ARN.test(arn)) throw snsError.invalidParameter(`Invalid parameter: ${member}`);
  return arn;
}

function readAttributes(input: Record<string, unknown>): Record<string, MessageAttribute> | undefined {
  const raw = input.MessageAttributes;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw snsError.invalidParameter('Invalid parameter: MessageAttributes');
  const out: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('AWS.') || name.startsWith('Amazon.')) {
      throw snsError.invalidParameter(`Invalid parameter: Message attribute name '${name}'`);
    }
    const v = read((value ?? {}) as Record<string, unknown>);
    const dataType = v.requiredString('DataType');
    if (!DATA_TYPE.test(dataType)) throw snsError.invalidParameter(`Invalid parameter: The message attribute '${name}' has an invalid message attribute type.`);
    const stringValue = v.string('StringValue');
    const binaryValue = v.string('BinaryValue');
    if (stringValue === undefined && binaryValue === undefined) {
      throw snsError.invalidParameter(`Invalid parameter: The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    }
    if (dataType.startsWith('Number') && stringValue !== undefined && !Number.isFinite(Number(stringValue))) {
      throw snsError.invalidParameter(`Invalid parameter: The message attribute '${name}' with type 'Number' must contain a numeric value.`);
    }
    if (dataType === 'String.Array' && stringValue !== undefined) {
      try {
        if (!Array.isArray(JSON.parse(stringValue))) throw new Error('not an array');
      } catch {
        throw snsError.invalidParameter(`Invalid parameter: The message attribute '${name}' with type 'String.Array' must contain a JSON array.`);
      }
    }
    out[name] = { DataType: dataType, ...(stringValue === undefined ? {} : { StringValue: stringValue }), ...(binaryValue === undefined ? {} : { BinaryValue: binaryValue }) };
  }
  if (Object.keys(out).length > 10) throw snsError.invalidParameter('Invalid parameter: Number of message attributes must not exceed 10');
  return out;
}

/**
 * Amazon SNS (awsQuery, version 2010-03-31): topics, HTTP/S subscriptions and Publish. Delivery
 * (confirmation requests and signed notifications) is the model's; ConfirmSubscription is also
 * reachable unsigned, through the SubscribeURL a confirmation carries (see stand-in.ts).
 */
export function snsService(model: SnsModel): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {
    CreateTopic: (input, call) => {
      const r = read(input);
      const name = r.requiredString('Name');
      const attributes = (input.Attributes ?? {}) as Record<string, string>;
      const topic = model.createTopic({ name, accountId: call.principal.accountId, region: call.region });
      for (const [k, v] of Object.entries(attributes)) model.setTopicAttribute(topic.arn, k, String(v));
      return { TopicArn: topic.arn };
    },

    SetTopicAttributes: (input) => {
      const r = read(input);
      const topicArn = readTopicArn(r);
      model.setTopicAttribute(topicArn, r.requiredString('AttributeName'), r.string('AttributeValue') ?? '');
      return {};
    },

    Subscribe: (input, call) => {
      const r = read(input);
      const topicArn = readTopicArn(r);
      const protocol = r.requiredString('Protocol');
      const endpoint = r.string('Endpoint') ?? '';
      const returnArn = r.boolean('ReturnSubscriptionArn') ?? false;
      const attributes = (input.Attributes ?? {}) as Record<string, string>;
      const subscription = model.subscribe({ topicArn, protocol, endpoint, owner: call.principal.accountId, attributes });
      return { SubscriptionArn: subscription.status === 'confirmed' || returnArn ? subscription.arn : 'pending confirmation' };
    },

    ConfirmSubscription: (input) => {
      const r = read(input);
      const topicArn = readTopicArn(r);
      const token = r.requiredString('Token');
      r.string('AuthenticateOnUnsubscribe');
      return { SubscriptionArn: model.confirm(topicArn, token).arn };
    },

    ListSubscriptionsByTopic: (input) => {
      const r = read(input);
      const topicArn = readTopicArn(r);
      if (!model.topic(topicArn)) throw snsError.notFound();
      const nextToken = r.string('NextToken');
      const { page, nextToken: next } = paginate(model.subscriptions(topicArn), {
        listing: `subscriptions:${topicArn}`,
        defaultPageSize: 100,
        ...(nextToken === undefined ? {} : { nextToken }),
        invalidToken: () => snsError.invalidParameter('Invalid parameter: NextToken'),
      });
      return {
        Subscriptions: page.map((s) => ({
          SubscriptionArn: s.status === 'confirmed' ? s.arn : 'PendingConfirmation',
          Owner: s.owner,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          TopicArn: s.topicArn,
        })),
        NextToken: next,
      };
    },

    Unsubscribe: (input) => {
      model.unsubscribe(read(input).requiredString('SubscriptionArn'));
      return {};
    },

    Publish: (input, call) => {
      const r = read(input);
      const topicArn = r.string('TopicArn') ?? r.string('TargetArn');
      if (topicArn === undefined || !TOPIC_ARN.test(topicArn)) throw snsError.invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
      const message = r.requiredString('Message');
      if (message === '') throw snsError.invalidParameter('Invalid parameter: Empty message');
      const subject = r.string('Subject');
      if (r.string('MessageStructure') !== undefined) throw snsError.invalidParameter('Invalid parameter: MessageStructure (the stand-in does not support per-protocol messages)');
      const attributes = readAttributes(input);
      const published = model.publish({
        topicArn,
        message,
        publisher: call.principal.arn,
        ...(subject === undefined ? {} : { subject }),
        ...(attributes === undefined ? {} : { attributes }),
      });
      return { MessageId: published.messageId };
    },
  };

  return {
    name: 'sns',
    endpointPrefix: 'sns',
    signingName: 'sns',
    actionPrefix: 'sns',
    protocol: awsQueryProtocol({ version: '2010-03-31', xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/' }),
    operations,
    accessDenied: (principal, action, input) =>
      snsError.authorization(
        `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${typeof input.TopicArn === 'string' ? input.TopicArn : '*'} because no identity-based policy allows the ${action} action`,
      ),
  };
}
