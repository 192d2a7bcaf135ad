import type { Clock } from '../../../platform/clock';
import { AwsError } from '../../errors';
import type { IdGenerator } from '../../ids';
import { createSigningIdentity, signMessage, type SignatureVersion, type SigningIdentity } from './certificate';

export interface Topic {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  /** Topic attributes as SetTopicAttributes names them (DisplayName, Policy, SignatureVersion, ...). */
  attributes: Record<string, string>;
  createdAtMs: number;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: 'http' | 'https';
  endpoint: string;
  owner: string;
  status: 'pending' | 'confirmed';
  token: string;
  attributes: Record<string, string>;
  createdAtMs: number;
  confirmedAtMs?: number;
}

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** A message accepted by a topic, kept for inspection (tests, demos). */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, MessageAttribute>;
  publishedAtMs: number;
  /** Who published: an IAM principal ARN, or a service principal (`events.amazonaws.com`). */
  publisher: string;
}

/** One HTTP/S delivery attempt. */
export interface DeliveryAttempt {
  subscriptionArn: string;
  endpoint: string;
  type: 'SubscriptionConfirmation' | 'Notification';
  messageId: string;
  attempt: number;
  status: number;
  /** The endpoint's answer, cut to 300 characters. */
  response: string;
  atMs: number;
}

export interface SnsState {
  topics: Topic[];
  subscriptions: Subscription[];
  published: PublishedMessage[];
  deliveries: DeliveryAttempt[];
  identity?: SigningIdentity;
}

export interface SnsEnvironment {
  clock: Clock;
  ids: IdGenerator;
  /** Runs `run` at virtual time `dueAt` (the sandbox's timeline; setTimeout otherwise). */
  schedule(dueAt: number, label: string, run: () => Promise<void>): void;
  /** The HTTP client deliveries use (never the app's egress). */
  send(url: string, init: RequestInit): Promise<Response>;
}

/** SNS answers awsQuery errors with these codes and statuses (awsQueryError traits in the model). */
export const snsError = {
  notFound: (message = 'Topic does not exist') => new AwsError('NotFound', message, { status: 404 }),
  invalidParameter: (message: string) => new AwsError('InvalidParameter', message, { status: 400 }),
  authorization: (message: string) => new AwsError('AuthorizationError', message, { status: 403 }),
};

/** SNS's default HTTP/S delivery policy: three retries, 20 seconds apart. */
const RETRIES = 3;
const RETRY_DELAY_MS = 20_000;
const MAX_MESSAGE_BYTES = 256 * 1024;
const PENDING_TTL_MS = 3 * 86_400_000;

/**
 * Topics, subscriptions and delivery. HTTP/S subscribers get a SubscriptionConfirmation first and
 * Notifications once confirmed, each signed (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA)
 * with the stand-in's certificate, served at `SigningCertURL`. Deliveries are asynchronous
 * (scheduled on the virtual clock) and retried on 5xx, 429 and network errors.
 */
export class SnsModel {
  private state: SnsState = { topics: [], subscriptions: [], published: [], deliveries: [] };

  constructor(private readonly env: SnsEnvironment) {}

  /** The stand-in's signing key and certificate, made on first use. */
  identity(): SigningIdentity {
    this.state.identity ??= createSigningIdentity(this.env.clock.now());
    return this.state.identity;
  }

  certificateUrl(region: string): string {
    return `https://sns.${region}.amazonaws.com/${this.identity().fileName}`;
  }

  createTopic(input: { name: string; accountId: string; region: string; attributes?: Record<string, string> }): Topic {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(input.name)) throw snsError.invalidParameter('Invalid parameter: Topic Name');
    const arn = `arn:aws:sns:${input.region}:${input.accountId}:${input.name}`;
    const existing = this.state.topics.find((t) => t.arn === arn);
    if (existing) return structuredClone(existing);
    const topic: Topic = {
      arn,
      name: input.name,
      accountId: input.accountId,
      region: input.region,
      attributes: { SignatureVersion: '1', DisplayName: '', Policy: defaultPolicy(arn, input.accountId), ...(input.attributes ?? {}) },
      createdAtMs: this.env.clock.now(),
    };
    this.state.topics.push(topic);
    return structuredClone(topic);
  }

  topic(arn: string): Topic | undefined {
    const topic = this.state.topics.find((t) => t.arn === arn);
    return topic ? structuredClone(topic) : undefined;
  }

  topics(): Topic[] {
    return structuredClone(this.state.topics);
  }

  setTopicAttribute(arn: string, name: string, value: string): void {
    const topic = this.requireTopic(arn);
    if (name === 'SignatureVersion' && value !== '1' && value !== '2') throw snsError.invalidParameter('Invalid parameter: SignatureVersion');
    if (name === 'Policy') {
      try {
        JSON.parse(value);
      } catch {
        throw snsError.invalidParameter('Invalid parameter: Policy Error: null');
      }
    }
    if (!['SignatureVersion', 'Policy', 'DisplayName', 'DeliveryPolicy', 'KmsMasterKeyId', 'TracingConfig'].includes(name)) {
      throw snsError.invalidParameter(`Invalid parameter: AttributeName`);
    }
    topic.attributes[name] = value;
  }

  subscribe(input: { topicArn: string; protocol: string; endpoint: string; owner: string; attributes?: Record<string, string> }): Subscription {
    const topic = this.requireTopic(input.topicArn);
    if (input.protocol !== 'http' && input.protocol !== 'https') throw snsError.invalidParameter(`Invalid parameter: Protocol (the stand-in delivers to http and https endpoints only)`);
    let url: URL;
    try {
      url = new URL(input.endpoint);
    } catch {
      throw snsError.invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
    }
    if (url.protocol !== `${input.protocol}:`) throw snsError.invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
    const existing = this.state.subscriptions.find((s) => s.topicArn === topic.arn && s.endpoint === input.endpoint && s.protocol === input.protocol);
    if (existing?.status === 'confirmed') return structuredClone(existing);
    const subscription: Subscription = existing ?? {
      arn: `${topic.arn}:${this.env.ids.uuid()}`,
      topicArn: topic.arn,
      protocol: input.protocol,
      endpoint: input.endpoint,
      owner: input.owner,
      status: 'pending',
      token: this.env.ids.hex(256),
      attributes: { ...(input.attributes ?? {}) },
      createdAtMs: this.env.clock.now(),
    };
    if (!existing) this.state.subscriptions.push(subscription);
    this.sendConfirmation(topic, subscription);
    return structuredClone(subscription);
  }

  /** ConfirmSubscription, with the token from a SubscriptionConfirmation (or its SubscribeURL). */
  confirm(topicArn: string, token: string): Subscription {
    this.requireTopic(topicArn);
    const subscription = this.state.subscriptions.find((s) => s.topicArn === topicArn && s.token === token);
    if (!subscription || (subscription.status === 'pending' && this.env.clock.now() - subscription.createdAtMs > PENDING_TTL_MS)) {
      throw snsError.invalidParameter('Invalid token');
    }
    if (subscription.status !== 'confirmed') {
      subscription.status = 'confirmed';
      subscription.confirmedAtMs = this.env.clock.now();
    }
    return structuredClone(subscription);
  }

  unsubscribe(subscriptionArn: string): void {
    const before = this.state.subscriptions.length;
    this.state.subscriptions = this.state.subscriptions.filter((s) => s.arn !== subscriptionArn);
    if (this.state.subscriptions.length === before) throw snsError.notFound('Subscription does not exist');
  }

  subscriptions(topicArn?: string): Subscription[] {
    return structuredClone(this.state.subscriptions.filter((s) => topicArn === undefined || s.topicArn === topicArn));
  }

  /** Publish: the message is kept, then delivered to every confirmed HTTP/S subscriber. */
  publish(input: { topicArn: string; message: string; subject?: string; attributes?: Record<string, MessageAttribute>; publisher: string }): PublishedMessage {
    const topic = this.requireTopic(input.topicArn);
    if (Buffer.byteLength(input.message) > MAX_MESSAGE_BYTES) throw snsError.invalidParameter('Invalid parameter: Message too long');
    if (input.subject !== undefined && (input.subject.length > 100 || /[\r\n]/.test(input.subject) || input.subject === '')) {
      throw snsError.invalidParameter('Invalid parameter: Subject');
    }
    const published: PublishedMessage = {
      messageId: this.env.ids.uuid(),
      topicArn: topic.arn,
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      message: input.message,
      attributes: structuredClone(input.attributes ?? {}),
      publishedAtMs: this.env.clock.now(),
      publisher: input.publisher,
    };
    this.state.published.push(published);
    if (this.state.published.length > 1000) this.state.published.splice(0, this.state.published.length - 1000);
    for (const subscription of this.state.subscriptions) {
      if (subscription.topicArn === topic.arn && subscription.status === 'confirmed') this.sendNotification(topic, subscription, published);
    }
    return structuredClone(published);
  }

  /** Whether the topic's policy lets an AWS service principal (`events.amazonaws.com`) publish. */
  allowsServicePublish(topicArn: string, service: string): boolean {
    const topic = this.state.topics.find((t) => t.arn === topicArn);
    if (!topic) return false;
    try {
      const policy = JSON.parse(topic.attributes.Policy ?? '{}') as { Statement?: unknown };
      const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
      return statements.some((raw) => {
        const s = (raw ?? {}) as { Effect?: unknown; Principal?: { Service?: unknown }; Action?: unknown; Resource?: unknown };
        const services = ([] as unknown[]).concat(s.Principal?.Service ?? []);
        const actions = ([] as unknown[]).concat(s.Action ?? []);
        const resources = ([] as unknown[]).concat(s.Resource ?? []);
        return s.Effect === 'Allow' && services.includes(service) && actions.some((a) => a === 'sns:Publish' || a === 'sns:*') && resources.some((r) => r === topicArn || r === '*');
      });
    } catch {
      return false;
    }
  }

  published(topicArn?: string): PublishedMessage[] {
    return structuredClone(this.state.published.filter((m) => topicArn === undefined || m.topicArn === topicArn));
  }

  deliveries(): DeliveryAttempt[] {
    return structuredClone(this.state.deliveries);
  }

  snapshot(): SnsState {
    return structuredClone(this.state);
  }

  restore(state: SnsState): void {
    this.state = structuredClone(state);
  }

  private requireTopic(arn: string): Topic {
    const topic = this.state.topics.find((t) => t.arn === arn);
    if (!topic) throw snsError.notFound();
    return topic;
  }

  private sendConfirmation(topic: Topic, subscription: Subscription): void {
    const base = `https://sns.${topic.region}.amazonaws.com/`;
    const body: Record<string, string> = {
      Type: 'SubscriptionConfirmation',
      MessageId: this.env.ids.uuid(),
      Token: subscription.token,
      TopicArn: topic.arn,
      Message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `${base}?Action=ConfirmSubscription&TopicArn=${topic.arn}&Token=${subscription.token}`,
      Timestamp: new Date(this.env.clock.now()).toISOString(),
    };
    this.deliver(topic, subscription, body, {});
  }

  private sendNotification(topic: Topic, subscription: Subscription, message: PublishedMessage): void {
    const body: Record<string, string> = {
      Type: 'Notification',
      MessageId: message.messageId,
      TopicArn: topic.arn,
      ...(message.subject === undefined ? {} : { Subject: message.subject }),
      Message: message.message,
      Timestamp: new Date(message.publishedAtMs).toISOString(),
    };
    const attributes = Object.entries(message.attributes);
    const extra: Record<string, unknown> = {
      UnsubscribeURL: `https://sns.${topic.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`,
      ...(attributes.length > 0
        ? { MessageAttributes: Object.fromEntries(attributes.map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue ?? v.BinaryValue ?? '' }])) }
        : {}),
    };
    this.deliver(topic, subscription, body, extra);
  }

  /** Signs and posts one message, retrying per the delivery policy. */
  private deliver(topic: Topic, subscription: Subscription, signed: Record<string, string>, extra: Record<string, unknown>): void {
    const version = (topic.attributes.SignatureVersion === '2' ? '2' : '1') as SignatureVersion;
    const identity = this.identity();
    const document = {
      ...signed,
      SignatureVersion: version,
      Signature: signMessage(signed, version, identity.privateKeyPem),
      SigningCertURL: this.certificateUrl(topic.region),
      ...extra,
    };
    const text = snsJson(document);
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': signed.Type ?? '',
      'x-amz-sns-message-id': signed.MessageId ?? '',
      'x-amz-sns-topic-arn': topic.arn,
      ...(signed.Type === 'Notification' ? { 'x-amz-sns-subscription-arn': subscription.arn } : {}),
    };
    const attempt = (n: number) => async () => {
      let status = 0;
      let response: string;
      try {
        const answer = await this.env.send(subscription.endpoint, { method: 'POST', headers, body: text });
        status = answer.status;
        response = (await answer.text()).slice(0, 300);
      } catch (error) {
        response = error instanceof Error ? error.message : String(error);
      }
      this.state.deliveries.push({ subscriptionArn: subscription.arn, endpoint: subscription.endpoint, type: signed.Type as DeliveryAttempt['type'], messageId: signed.MessageId ?? '', attempt: n, status, response, atMs: this.env.clock.now() });
      if (this.state.deliveries.length > 1000) this.state.deliveries.splice(0, this.state.deliveries.length - 1000);
      const retriable = status === 0 || status === 429 || status >= 500;
      if (retriable && n <= RETRIES) this.env.schedule(this.env.clock.now() + RETRY_DELAY_MS, `SNS delivery retry ${n} of ${signed.MessageId}`, attempt(n + 1));
    };
    this.env.schedule(this.env.clock.now(), `SNS ${signed.Type} ${signed.MessageId} to ${subscription.endpoint}`, attempt(1));
  }
}

/** SNS writes its HTTP bodies as pretty JSON with ` : ` separators. */
function snsJson(document: Record<string, unknown>): string {
  const lines = Object.entries(document).map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

function defaultPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}
