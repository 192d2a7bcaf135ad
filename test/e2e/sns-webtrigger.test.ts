import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signMessage } from '../../sandbox/aws/services/sns/certificate';
import { realFetch } from '../../sandbox/platform';
import type { SecretAuditDemo } from '../../sandbox/secret-audit-demo';
import type { SecretChangeReport } from '../../src/shared/secret-audit-contract';
import { SandboxClient } from '../helpers/sandbox-client';


/**
 * The web trigger accepts SNS deliveries only when they are genuine. Messages here are built and
 * signed in the test, with the SNS stand-in's own key (as SNS would) or with another key (a
 * forger), and posted over HTTP to the web trigger URL, as SNS posts them.
 */
describe('the SNS web trigger accepts genuine deliveries only', () => {
  let client: SandboxClient;
  let demo: SecretAuditDemo;
  let url: string;

  beforeAll(async () => {
    client = await SandboxClient.start();
    demo = (await client.control<{ secretAudit: SecretAuditDemo }>('GET', '/__sandbox/endpoints')).secretAudit;
    url = client.sandbox.platform.webTriggers.urlFor('provisio-sns');
  });
  afterAll(() => client.close());

  const identity = () => client.sandbox.aws.sns.identity();
  const certUrl = (region = 'us-east-1') => `https://sns.${region}.amazonaws.com/${identity().fileName}`;

  /** A CloudTrail PutSecretValue event as EventBridge sends it, for a fresh event id. */
  function changeEvent(eventId = randomUUID()): string {
    const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return JSON.stringify({
      version: '0',
      id: randomUUID(),
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.secretsmanager',
      account: demo.accountId,
      time,
      region: demo.region,
      resources: [],
      detail: {
        eventVersion: '1.09',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/intruder', accountId: demo.accountId, principalId: 'AIDAEXAMPLE' },
        eventTime: time,
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'PutSecretValue',
        awsRegion: demo.region,
        sourceIPAddress: '203.0.113.9',
        requestParameters: { secretId: demo.secrets.paymentsDb, secretString: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
        responseElements: { arn: demo.secrets.paymentsDb },
        eventID: eventId,
        readOnly: false,
        eventType: 'AwsApiCall',
        recipientAccountId: demo.accountId,
      },
    });
  }

  function notification(overrides: Record<string, string> = {}, key = identity().privateKeyPem): Record<string, string> {
    const signed: Record<string, string> = {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: demo.topicArn,
      Message: changeEvent(),
      Timestamp: new Date().toISOString(),
      ...overrides,
    };
    const version = (overrides.SignatureVersion as '1' | '2' | undefined) ?? '2';
    return { ...signed, SignatureVersion: version, Signature: signMessage(signed, version, key), SigningCertURL: overrides.SigningCertURL ?? certUrl() };
  }

  async function post(body: string | Record<string, string>, method = 'POST'): Promise<{ status: number; text: string }> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'Notification' : (body.Type ?? '');
    const response = await realFetch()(url, {
      method,
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
      ...(method === 'GET' ? {} : { body: text }),
    });
    return { status: response.status, text: await response.text() };
  }

  const storedChanges = async () => (await client.adminData<SecretChangeReport>('admin/secret-audit/report', { limit: 1000 })).rows.length;

  test('a genuine notification (SignatureVersion 2 and 1) is recorded', async () => {
    const before = await storedChanges();
    expect(await post(notification())).toEqual({ status: 200, text: 'change recorded' });
    expect(await post(notification({ SignatureVersion: '1' }))).toEqual({ status: 200, text: 'change recorded' });
    await client.settle();
    expect(await storedChanges()).toBe(before + 2);
  });

  describe('refused with a 4xx, and nothing stored', () => {
    let before: number;
    beforeEach(async () => {
      before = await storedChanges();
    });
    afterEach(async () => {
      await client.settle();
      expect(await storedChanges()).toBe(before);
    });

    test('a forged signature (signed with another key)', async () => {
      const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(await post(notification({}, forger))).toEqual({ status: 403, text: 'signature does not verify' });
    });

    test('a genuine message with its content changed after signing', async () => {
      const message = notification();
      expect(await post({ ...message, Message: changeEvent() })).toEqual({ status: 403, text: 'signature does not verify' });
      expect(await post({ ...message, Subject: 'added' })).toEqual({ status: 403, text: 'signature does not verify' });
      expect(await post({ ...message, SignatureVersion: '1' })).toEqual({ status: 403, text: 'signature does not verify' });
    });

    test('a certificate URL that is not the SNS host of the topic’s region', async () => {
      for (const host of ['evil.example.com', 'sns.us-east-1.amazonaws.com.evil.example', 'sns.eu-west-1.amazonaws.com', 'sns.us-east-1.amazonaws.com:8443']) {
        const answer = await post(notification({ SigningCertURL: `https://${host}/${identity().fileName}` }));
        expect(answer.status).toBe(403);
        expect(answer.text).toMatch(/^the certificate URL is not/);
      }
      expect((await post(notification({ SigningCertURL: `http://sns.us-east-1.amazonaws.com/${identity().fileName}` }))).status).toBe(403);
      expect((await post(notification({ SigningCertURL: 'https://sns.us-east-1.amazonaws.com/other.pem' }))).text).toBe('the certificate URL is not an SNS certificate');
    });

    test('a topic not on the allow-list', async () => {
      expect(await post(notification({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:someone-elses-topic' }))).toEqual({ status: 403, text: 'topic not allowed' });
    });

    test('a stale timestamp, and one from the future', async () => {
      expect(await post(notification({ Timestamp: new Date(Date.now() - 2 * 3600_000).toISOString() }))).toEqual({ status: 403, text: 'the message is too old' });
      expect(await post(notification({ Timestamp: new Date(Date.now() + 3600_000).toISOString() }))).toEqual({ status: 403, text: 'the message is from the future' });
    });

    test('a replayed message id', async () => {
      const message = notification({ Message: changeEvent() });
      expect((await post(message)).status).toBe(200);
      before += 1;
      expect(await post(message)).toEqual({ status: 409, text: 'message already received' });
    });

    test('malformed bodies', async () => {
      expect(await post('not json')).toEqual({ status: 400, text: 'body is not JSON' });
      expect(await post('[1,2]')).toEqual({ status: 400, text: 'not an SNS message: the body is not a JSON object' });
      expect(await post({ Type: 'Notification' })).toEqual({ status: 400, text: 'not an SNS message: MessageId is missing' });
      expect(await post({ ...notification(), Type: 'Gossip' })).toEqual({ status: 400, text: 'not an SNS message: unknown Type' });
      expect(await post({ ...notification(), SignatureVersion: '3' })).toEqual({ status: 400, text: 'unsupported SignatureVersion' });
      const confirmation = { ...notification(), Type: 'SubscriptionConfirmation' };
      expect(await post(confirmation)).toEqual({ status: 400, text: 'not an SNS message: SubscribeURL is missing' });
      expect((await post(notification(), 'GET')).status).toBe(405);
    });

    test('an oversized body', async () => {
      const answer = await post(notification({ Message: 'x'.repeat(600 * 1024) }));
      expect(answer).toEqual({ status: 413, text: 'body too large' });
    });

    test('a genuine confirmation request whose SubscribeURL leads elsewhere', async () => {
      const token = 'a'.repeat(64);
      const signed: Record<string, string> = {
        Type: 'SubscriptionConfirmation',
        MessageId: randomUUID(),
        Token: token,
        TopicArn: demo.topicArn,
        Message: 'You have chosen to subscribe.',
        SubscribeURL: `https://evil.example.com/?Action=ConfirmSubscription&TopicArn=${demo.topicArn}&Token=${token}`,
        Timestamp: new Date().toISOString(),
      };
      const body = { ...signed, SignatureVersion: '2', Signature: signMessage(signed, '2', identity().privateKeyPem), SigningCertURL: certUrl() };
      expect(await post(body)).toEqual({ status: 400, text: 'the SubscribeURL is not on sns.us-east-1.amazonaws.com' });
    });
  });

  test('the certificate is fetched once and cached', async () => {
    const fetches = () => client.sandbox.platform.log.list({ functionKey: 'on-sns-message' }).reduce((n, r) => n + (r.calls.aws ?? 0), 0);
    const before = fetches();
    expect((await post(notification())).status).toBe(200);
    expect((await post(notification())).status).toBe(200);
    await client.settle();
    expect(fetches()).toBe(before);
  });
});
