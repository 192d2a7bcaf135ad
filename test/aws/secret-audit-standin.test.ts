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
import { ConfirmSubscriptionCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { createAwsStandIn, matchesPattern, seedAwsDemo, type AwsDemoSeed, type AwsStandIn } from '../../sandbox/aws';
import { installVirtualDate, VirtualClock } from '../../sandbox/platform/clock';
import { SnsMessageVerifier } from '../../src/adapters/sns/sns-signature';
import { parseSnsMessage } from '../../src/domain/secret-audit/sns-message';
import { sdkError, START, type Credentials } from './helpers/aws-harness';
import { inProcessHandler } from './helpers/in-process-handler';

interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * The AWS stand-in's secret audit side: Secrets Manager calls leave CloudTrail records, the
 * EventBridge rule sends them to an SNS topic, and SNS delivers signed messages to HTTP
 * subscribers (checked here with the app's own verifier against the certificate the stand-in
 * serves at SigningCertURL).
 */
describe('AWS stand-in: Secrets Manager → CloudTrail → EventBridge → SNS', () => {
  let clock: VirtualClock;
  let restoreDate: () => void;
  let aws: AwsStandIn;
  let seed: AwsDemoSeed;
  let jobs: { dueAt: number; run: () => Promise<void> }[];
  let deliveries: Delivery[];
  let answer: (d: Delivery) => number;
  const topicArn = 'arn:aws:sns:us-east-1:111111111111:changes';

  beforeEach(() => {
    clock = new VirtualClock(START);
    restoreDate = installVirtualDate(clock);
    jobs = [];
    deliveries = [];
    answer = () => 200;
    aws = createAwsStandIn({
      clock,
      schedule: (dueAt, _label, run) => void jobs.push({ dueAt, run }),
      deliverHttp: async (url, init) => {
        const delivery = { url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) as Record<string, unknown> };
        deliveries.push(delivery);
        return new Response('ok', { status: answer(delivery) });
      },
    });
    seed = seedAwsDemo(aws);
    aws.sns.createTopic({ name: 'changes', accountId: '111111111111', region: 'us-east-1', attributes: { SignatureVersion: '2' } });
  });
  afterEach(() => restoreDate());

  /** Runs what is due now (and what that schedules), as the sandbox's timeline would. */
  async function drain(): Promise<void> {
    for (let job = jobs.find((j) => j.dueAt <= clock.now()); job; job = jobs.find((j) => j.dueAt <= clock.now())) {
      jobs.splice(jobs.indexOf(job), 1);
      await job.run();
    }
  }

  const config = (credentials: Credentials) => ({ region: 'us-east-1', credentials, requestHandler: inProcessHandler((r) => aws.handle(r)), maxAttempts: 1 });
  const secrets = (credentials: Credentials = seed.orgAdmin) => new SecretsManagerClient(config(credentials));
  const sns = (credentials: Credentials = seed.orgAdmin) => new SNSClient(config(credentials));

  function routeSecretsManagerTo(topic: string, allowEventBridge = true): void {
    if (allowEventBridge) {
      aws.sns.setTopicAttribute(topic, 'Policy', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic }] }));
    }
    const rule = aws.eventbridge.putRule({
      name: 'secrets',
      accountId: '111111111111',
      region: 'us-east-1',
      eventPattern: { source: ['aws.secretsmanager'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [{ 'anything-but': ['GetSecretValue'] }] } },
    });
    aws.eventbridge.putTargets(rule.arn, [{ id: 'topic', arn: topic }]);
  }

  test('every secret-changing call is served as the model says, and leaves the CloudTrail record AWS writes', async () => {
    const sm = secrets();
    const created = await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 's3cret', Tags: [{ Key: 'team', Value: 'payments' }] }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:111111111111:secret:prod\/db-[A-Za-z0-9]{6}$/);
    const arn = created.ARN as string;
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'n3w', ClientRequestToken: 'a'.repeat(32) }));
    // The same token and value again is a no-op; another value with it is refused.
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'n3w', ClientRequestToken: 'a'.repeat(32) }));
    expect((await sdkError(sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'other', ClientRequestToken: 'a'.repeat(32) })))).name).toBe('ResourceExistsException');
    await sm.send(new UpdateSecretCommand({ SecretId: 'prod/db', Description: 'payments db' }));
    await sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: 'arn:aws:lambda:us-east-1:111111111111:function:rotate' }));
    await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: arn }));
    await sm.send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await sm.send(new UntagResourceCommand({ SecretId: arn, TagKeys: ['team'] }));
    await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: arn, AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    expect(Math.abs((deleted.DeletionDate?.getTime() ?? 0) - (clock.now() + 7 * 86_400_000))).toBeLessThan(5000);
    expect((await sdkError(sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'x' })))).name).toBe('InvalidRequestException');
    await sm.send(new RestoreSecretCommand({ SecretId: arn }));

    const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described).toMatchObject({ Description: 'payments db', RotationEnabled: true, Tags: [{ Key: 'env', Value: 'prod' }], ReplicationStatus: [{ Region: 'eu-west-1', Status: 'InSync' }] });
    expect(Object.values(described.VersionIdsToStages ?? {}).flat().sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toMatch(/^rotated-/);
    expect((await sdkError(sm.send(new DescribeSecretCommand({ SecretId: 'nope' })))).name).toBe('ResourceNotFoundException');
    expect((await sdkError(sm.send(new CreateSecretCommand({ Name: 'prod/db' })))).name).toBe('ResourceExistsException');

    const trail = aws.cloudTrail();
    const names = trail.filter((r) => !r.errorCode).map((r) => r.eventName);
    expect(names).toEqual([
      'CreateSecret',
      'PutSecretValue',
      'PutSecretValue',
      'UpdateSecret',
      'RotateSecret',
      'PutResourcePolicy',
      'DeleteResourcePolicy',
      'TagResource',
      'UntagResource',
      'ReplicateSecretToRegions',
      'DeleteSecret',
      'RestoreSecret',
      'DescribeSecret',
      'GetSecretValue',
    ]);
    const byName = (name: string) => trail.find((r) => r.eventName === name && !r.errorCode) as unknown as Record<string, unknown> & { responseElements: Record<string, unknown> | null; requestParameters: Record<string, unknown> };
    // The ARN is `arn` in most records and `aRN` in DeleteSecret's and RestoreSecret's.
    expect(byName('PutSecretValue').responseElements).toMatchObject({ arn, versionId: 'a'.repeat(32) });
    expect(byName('DeleteSecret').responseElements).toMatchObject({ aRN: arn, name: 'prod/db' });
    expect(byName('RestoreSecret').responseElements).toEqual({ aRN: arn, name: 'prod/db' });
    expect(byName('TagResource').responseElements).toBeNull();
    expect(byName('PutSecretValue').requestParameters).toEqual({ secretId: arn, secretString: 'HIDDEN_DUE_TO_SECURITY_REASONS', clientRequestToken: 'a'.repeat(32) });
    expect(JSON.stringify(trail)).not.toContain('s3cret');
    expect(byName('GetSecretValue')).toMatchObject({ readOnly: true });
    expect(byName('CreateSecret')).toMatchObject({
      eventSource: 'secretsmanager.amazonaws.com',
      awsRegion: 'us-east-1',
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: '111111111111',
      userIdentity: { type: 'IAMUser', arn: seed.orgAdmin.arn, userName: 'org-admin', accessKeyId: seed.orgAdmin.accessKeyId },
    });
    expect(trail.find((r) => r.errorCode === 'ResourceExistsException')).toMatchObject({ eventName: 'PutSecretValue', responseElements: null });
  });

  test('a rule sends the non-read calls to the topic, as EventBridge events; a topic that does not let EventBridge publish gets nothing', async () => {
    routeSecretsManagerTo(topicArn, false);
    const sm = secrets();
    await sm.send(new CreateSecretCommand({ Name: 'a', SecretString: 'x' }));
    await drain();
    expect(aws.sns.published(topicArn)).toHaveLength(0);
    expect(aws.eventbridge.metrics('secrets')).toEqual({ matched: 1, failed: 1 });

    routeSecretsManagerTo(topicArn);
    await sm.send(new PutSecretValueCommand({ SecretId: 'a', SecretString: 'y' }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'a' }));
    await drain();
    const published = aws.sns.published(topicArn);
    expect(published).toHaveLength(1);
    expect(published[0]?.publisher).toBe('events.amazonaws.com');
    expect(JSON.parse(published[0]?.message ?? '{}')).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.secretsmanager',
      account: '111111111111',
      region: 'us-east-1',
      resources: [],
      detail: { eventName: 'PutSecretValue', eventSource: 'secretsmanager.amazonaws.com' },
    });
  });

  test('EventBridge patterns: lists, nesting, prefix, anything-but, exists', () => {
    const event = { source: 'aws.secretsmanager', detail: { eventName: 'PutSecretValue', tags: ['a', 'b'], responseElements: { arn: 'arn:x' } } };
    expect(matchesPattern({ source: ['aws.secretsmanager'], detail: { eventName: ['UpdateSecret', 'PutSecretValue'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { eventName: [{ prefix: 'Put' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { eventName: [{ 'anything-but': ['PutSecretValue'] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { missing: [{ exists: false }], responseElements: { arn: [{ exists: true }] } } }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.kms'] }, event)).toBe(false);
  });

  test('HTTP subscribers: a signed confirmation request first, confirmation through the unsigned SubscribeURL, then signed notifications', async () => {
    const client = sns();
    const subscribed = await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'https://hooks.example.com/sns' }));
    expect(subscribed.SubscriptionArn).toBe('pending confirmation');
    await drain();
    const confirmation = deliveries.pop() as Delivery;
    expect(confirmation.headers).toMatchObject({ 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-topic-arn': topicArn, 'content-type': 'text/plain; charset=UTF-8' });
    expect(confirmation.headers['x-amz-sns-subscription-arn']).toBeUndefined();

    // Verified with the app's own verifier, against the certificate the stand-in serves at SigningCertURL.
    const fetchCert = async (url: string) => {
      const response = await aws.handle(new Request(url));
      expect(response.status).toBe(200);
      return response.text();
    };
    const verifier = new SnsMessageVerifier(fetchCert, { checkValidity: true, now: () => clock.now() });
    const parsed = parseSnsMessage(confirmation.body);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value).toMatchObject({ SignatureVersion: '2', SigningCertURL: `https://sns.us-east-1.amazonaws.com/${aws.sns.identity().fileName}` });
    expect(await verifier.verify(parsed.value)).toBe(true);
    expect(await verifier.verify({ ...parsed.value, Token: `${parsed.value.Token}0` })).toBe(false);

    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions?.[0]?.SubscriptionArn).toBe('PendingConfirmation');
    const answer1 = await aws.handle(new Request(parsed.value.SubscribeURL ?? ''));
    expect(answer1.status).toBe(200);
    expect(await answer1.text()).toContain('<SubscriptionArn>arn:aws:sns:us-east-1:111111111111:changes:');
    // ConfirmSubscription with the token also works signed, through the SDK; a wrong token does not.
    expect((await client.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: parsed.value.Token }))).SubscriptionArn).toMatch(/^arn:aws:sns:/);
    expect((await sdkError(client.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'nope' })))).name).toBe('InvalidParameterException');

    const out = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Approved',
        Message: '{"hello":"world"}',
        MessageAttributes: { 'jira.issueKey': { DataType: 'String', StringValue: 'ITS-7' }, 'window.end': { DataType: 'Number', StringValue: '1767225600' } },
      }),
    );
    await drain();
    const notification = deliveries.pop() as Delivery;
    expect(notification.headers).toMatchObject({ 'x-amz-sns-message-type': 'Notification', 'x-amz-sns-message-id': out.MessageId, 'x-amz-sns-subscription-arn': expect.stringMatching(/^arn:aws:sns:/) });
    expect(notification.body).toMatchObject({ Type: 'Notification', MessageId: out.MessageId, Subject: 'Approved', Message: '{"hello":"world"}', MessageAttributes: { 'jira.issueKey': { Type: 'String', Value: 'ITS-7' } } });
    const parsedNotification = parseSnsMessage(notification.body);
    expect(parsedNotification.ok && (await verifier.verify(parsedNotification.value))).toBe(true);
    expect(aws.sns.published(topicArn)[0]).toMatchObject({ publisher: seed.orgAdmin.arn, attributes: { 'window.end': { DataType: 'Number', StringValue: '1767225600' } } });

    expect((await sdkError(client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:nope', Message: 'x' })))).name).toBe('NotFoundException');
    expect((await sdkError(client.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } })))).name).toBe('InvalidParameterException');
    expect((await aws.handle(new Request(`https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${'0'.repeat(32)}.pem`))).status).toBe(404);
  });

  test('SNS retries a delivery that failed with a 5xx three times, 20 seconds apart, and a 4xx not at all', async () => {
    answer = () => 503;
    await sns().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: 'http://hooks.example.com/sns' }));
    await drain();
    for (let i = 0; i < 3; i++) {
      clock.advance(20_000);
      await drain();
    }
    clock.advance(60_000);
    await drain();
    expect(aws.sns.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    answer = () => 403;
    await sns().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: 'http://hooks.example.com/other' }));
    await drain();
    clock.advance(120_000);
    await drain();
    expect(aws.sns.deliveries().filter((d) => d.endpoint.endsWith('/other'))).toHaveLength(1);
    expect((await sdkError(sns().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'http://mismatch.example.com' })))).name).toBe('InvalidParameterException');
  });

  test('a restored stand-in keeps secrets, topics, subscriptions, rules and its signing certificate', async () => {
    routeSecretsManagerTo(topicArn);
    await secrets().send(new CreateSecretCommand({ Name: 'kept', SecretString: 'x' }));
    await sns().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: 'http://hooks.example.com/sns' }));
    const identity = aws.sns.identity();
    const restored = createAwsStandIn({ clock });
    restored.restore(JSON.parse(JSON.stringify(aws.snapshot())));
    expect(restored.secretsmanager.secrets().map((s) => s.name)).toEqual(['kept']);
    expect(restored.sns.subscriptions(topicArn)).toHaveLength(1);
    expect(restored.eventbridge.rules().map((r) => r.name)).toEqual(['secrets']);
    expect(restored.sns.identity()).toEqual(identity);
  });
});
