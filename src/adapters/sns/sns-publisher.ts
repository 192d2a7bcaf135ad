import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import type { ApprovalMessage } from '../../domain/secret-audit/approval-message';
import { parseTopicArn } from '../../domain/secret-audit/sns-message';
import type { ApprovalPublisher } from '../../usecases/secret-audit-ports';
import { awsErrorFrom } from '../aws/aws-errors';
import type { AwsSession } from '../aws/aws-session';

/**
 * Publishes to the customer's SNS topic with the official client on a fetch-based handler (so
 * the call goes through Forge egress), signed with the role session of the app's AWS connection.
 * One attempt per call: the queue retries later instead of sleeping in the invocation.
 */
export class SnsApprovalPublisher implements ApprovalPublisher {
  constructor(private readonly session: AwsSession) {}

  async publish(topicArn: string, message: ApprovalMessage): Promise<{ messageId: string }> {
    const region = parseTopicArn(topicArn)?.region;
    if (!region) throw new Error(`not an SNS topic ARN: ${topicArn}`);
    const client = new SNSClient({ region, credentials: this.session.provider, requestHandler: new FetchHttpHandler(), maxAttempts: 1 });
    try {
      const out = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: message.subject,
          Message: message.message,
          MessageAttributes: Object.fromEntries(Object.entries(message.attributes).map(([name, v]) => [name, { DataType: v.DataType, StringValue: v.StringValue }])),
        }),
      );
      if (!out.MessageId) throw new Error('SNS returned no MessageId');
      return { messageId: out.MessageId };
    } catch (error) {
      throw awsErrorFrom(error, 'sns:Publish');
    }
  }
}
