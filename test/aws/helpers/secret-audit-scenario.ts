import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { AwsHarness, Credentials } from './aws-harness';
import { inProcessHandler } from './in-process-handler';

async function attempt(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

/**
 * Calls every Secrets Manager and SNS operation the stand-in serves, successfully and in its
 * main failure modes, recording the wire exchanges in the harness for the model checks.
 */
export async function runSecretAuditConformanceScenario(h: AwsHarness): Promise<void> {
  const config = (credentials: Credentials) => ({
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: inProcessHandler((r) => h.aws.handle(r), (e) => h.exchanges.push(e)),
  });
  const sm = new SecretsManagerClient(config(h.seed.orgAdmin));
  const created = await sm.send(new CreateSecretCommand({ Name: 'conformance/db', SecretString: 'v1', Tags: [{ Key: 'team', Value: 'x' }] }));
  const arn = created.ARN ?? '';
  await attempt(sm.send(new CreateSecretCommand({ Name: 'conformance/db', SecretString: 'v1' })));
  await attempt(sm.send(new CreateSecretCommand({ Name: '' })));
  await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'v2' }));
  await attempt(sm.send(new PutSecretValueCommand({ SecretId: arn })));
  await attempt(sm.send(new PutSecretValueCommand({ SecretId: 'missing', SecretString: 'x' })));
  await sm.send(new UpdateSecretCommand({ SecretId: arn, Description: 'd' }));
  await attempt(sm.send(new RotateSecretCommand({ SecretId: arn })));
  await sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: 'arn:aws:lambda:us-east-1:111111111111:function:rotate', RotationRules: { AutomaticallyAfterDays: 30 } }));
  await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' }));
  await attempt(sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: 'not json' })));
  await sm.send(new DeleteResourcePolicyCommand({ SecretId: arn }));
  await sm.send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
  await sm.send(new UntagResourceCommand({ SecretId: arn, TagKeys: ['team'] }));
  await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: arn, AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
  await attempt(sm.send(new ReplicateSecretToRegionsCommand({ SecretId: arn, AddReplicaRegions: [{ Region: 'us-east-1' }] })));
  await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  await sm.send(new GetSecretValueCommand({ SecretId: arn }));
  await attempt(sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 3 })));
  await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
  await attempt(sm.send(new UpdateSecretCommand({ SecretId: arn, Description: 'while deleted' })));
  await sm.send(new RestoreSecretCommand({ SecretId: arn }));
  await attempt(sm.send(new DescribeSecretCommand({ SecretId: 'missing' })));
  await attempt(new SecretsManagerClient(config(h.seed.provisio)).send(new GetSecretValueCommand({ SecretId: arn })));

  const sns = new SNSClient(config(h.seed.orgAdmin));
  const topic = await sns.send(new CreateTopicCommand({ Name: 'conformance', Attributes: { SignatureVersion: '2' } }));
  const topicArn = topic.TopicArn ?? '';
  await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'DisplayName', AttributeValue: 'Conformance' }));
  await attempt(sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'SignatureVersion', AttributeValue: '3' })));
  const pending = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'https://hooks.example.com/sns', ReturnSubscriptionArn: true }));
  await attempt(sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sms', Endpoint: '+15555550100' })));
  await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  await attempt(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:missing' })));
  const token = h.aws.sns.subscriptions(topicArn)[0]?.token ?? '';
  await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: token }));
  await attempt(sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'wrong' })));
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello', Subject: 's', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
  await attempt(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:missing', Message: 'x' })));
  await attempt(new SNSClient(config(h.seed.provisio)).send(new PublishCommand({ TopicArn: topicArn, Message: 'x' })));
  await sns.send(new UnsubscribeCommand({ SubscriptionArn: pending.SubscriptionArn }));
  await attempt(sns.send(new UnsubscribeCommand({ SubscriptionArn: `${topicArn}:missing` })));
}
