import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SecretAuditDemo } from '../../sandbox/secret-audit-demo';
import type { SecretChangeCsv, SecretChangeReport, SecretChangesPanelView, SecretChangeView } from '../../src/shared/secret-audit-contract';
import { SandboxClient } from '../helpers/sandbox-client';

interface Endpoints {
  aws: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  secretAudit: SecretAuditDemo;
}
interface Comment {
  body: unknown;
  properties?: { key: string; value: unknown }[];
}
type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * End to end in the sandbox: changes made with the official Secrets Manager client against the
 * AWS stand-in go CloudTrail → EventBridge rule → SNS topic → signed HTTP delivery → the app's
 * web trigger, which checks them against approved "Secret change" requests in JSM.
 */
describe('secret change audit, end to end', () => {
  let client: SandboxClient;
  let endpoints: Endpoints;
  let admin: SecretsManagerClient;
  let ticket: string;

  beforeAll(async () => {
    client = await SandboxClient.start();
    endpoints = await client.control<Endpoints>('GET', '/__sandbox/endpoints');
    const { secretsAdmin } = endpoints.secretAudit;
    admin = secretsManager({ accessKeyId: secretsAdmin.accessKeyId, secretAccessKey: secretsAdmin.secretAccessKey });
  });
  afterAll(() => client.close());

  const secretsManager = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new SecretsManagerClient({ endpoint: endpoints.aws.endpoint, region: endpoints.aws.region, credentials, maxAttempts: 1 });
  const fieldId = (name: string) => client.sandbox.seed.customFieldIds[name] as string;
  const agent = () => client.as(client.user('alanAgent'));
  const comments = async (key: string) => (await agent().get<{ comments: Comment[] }>(`/rest/api/3/issue/${key}/comment?expand=properties`)).body.comments;
  const isInternal = (c: Comment) => c.properties?.some((p) => p.key === 'sd.public.comment' && (p.value as { internal?: boolean }).internal === true) ?? false;
  const opsIssues = async (label: string) =>
    (await agent().post<{ issues: { key: string; fields: { summary: string; labels: string[] } }[] }>('/rest/api/3/search/jql', { jql: `project = OPS AND labels = "${label}"`, fields: ['summary', 'labels'] })).body.issues;
  const resolver = async <T>(moduleKey: string, functionKey: string, accountId: string, payload: unknown = {}, context: Record<string, unknown> = {}): Promise<T> => {
    const result = (await client.sandbox.platform.invokeResolver({ moduleKey, functionKey, payload, context, accountId })) as Result<T>;
    if (!result.ok) throw new Error(`${functionKey}: ${result.error.message}`);
    return result.data;
  };
  const report = (filters: Record<string, unknown> = {}) => resolver<SecretChangeReport>('provisio-admin', 'admin/secret-audit/report', client.user('adaAdmin').accountId, filters, { extension: { type: 'jira:adminPage' } });
  const change = async (id: (v: SecretChangeView) => boolean) => (await report({ limit: 1000 })).rows.find(id);
  const iso = (ms: number) => new Date(ms).toISOString();
  async function raiseSecretChange(summary: string, secretArn: string, windowStartMs: number, windowEndMs: number): Promise<string> {
    const seed = client.sandbox.seed;
    const created = await client.as(client.user('ritaRequester')).post<{ issueKey: string }>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Secret change'],
      requestFieldValues: {
        summary,
        [fieldId('Secret ARNs')]: `${secretArn}\n`,
        [fieldId('Change window start')]: iso(windowStartMs),
        [fieldId('Change window end')]: iso(windowEndMs),
        [fieldId('Reason')]: 'Quarterly rotation (CHG-42)',
      },
    });
    expect(created.status).toBe(201);
    return created.body.issueKey;
  }
  async function approve(issueKey: string): Promise<void> {
    const approver = client.as(client.user('annApprover'));
    const approvals = await approver.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${issueKey}/approval`);
    expect((await approver.post(`/rest/servicedeskapi/request/${issueKey}/approval/${approvals.body.values[0]?.id}`, { decision: 'approve' })).status).toBe(200);
  }
  const publishedFor = (issueKey: string) => client.sandbox.aws.sns.published(endpoints.secretAudit.topicArn).filter((m) => m.subject === `Secret change approved: ${issueKey}`);

  test('out of the box the topic is subscribed to the app’s web trigger, and confirmed', async () => {
    const sns = new SNSClient({ endpoint: endpoints.aws.endpoint, region: endpoints.aws.region, credentials: { accessKeyId: endpoints.aws.accessKeyId, secretAccessKey: endpoints.aws.secretAccessKey } });
    const out = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: endpoints.secretAudit.topicArn }));
    const url = client.sandbox.platform.webTriggers.urlFor('provisio-sns');
    expect(out.Subscriptions).toEqual([expect.objectContaining({ Endpoint: url, Protocol: 'http', TopicArn: endpoints.secretAudit.topicArn })]);
    expect(out.Subscriptions?.[0]?.SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:111111111111:provisio-secret-changes:/);
  });

  test('an approved request’s window covers a change: matched, with the evidence in an internal comment; the approval was published to the topic', async () => {
    const now = Date.now();
    ticket = await raiseSecretChange('Rotate the payments database password', endpoints.secretAudit.secrets.paymentsDb, now - 5 * 60_000, now + 60 * 60_000);
    await approve(ticket);
    await client.settle();

    // The approval reached the customer's topic, published by Provisio's role, with filterable attributes.
    const published = publishedFor(ticket);
    expect(published).toHaveLength(1);
    expect(published[0]?.publisher).toMatch(/assumed-role\/ProvisioAutomation\//);
    expect(JSON.parse(published[0]?.message ?? '{}')).toMatchObject({ source: 'provisio', issueKey: ticket, secretArns: [endpoints.secretAudit.secrets.paymentsDb], approvedBy: 'Ann Approver', reason: 'Quarterly rotation (CHG-42)', issueUrl: `${client.url}/browse/${ticket}` });
    expect(published[0]?.attributes['jira.issueKey']).toEqual({ DataType: 'String', StringValue: ticket });

    await admin.send(new PutSecretValueCommand({ SecretId: endpoints.secretAudit.secrets.paymentsDb, SecretString: '{"password":"n3w"}' }));
    await admin.send(new DeleteSecretCommand({ SecretId: endpoints.secretAudit.secrets.paymentsDb, RecoveryWindowInDays: 7 }));
    await admin.send(new RestoreSecretCommand({ SecretId: 'prod/payments/db' }));
    await client.settle();

    const internal = (await comments(ticket)).filter(isInternal).map((c) => JSON.stringify(c.body));
    expect(internal).toHaveLength(3);
    for (const call of ['PutSecretValue', 'DeleteSecret', 'RestoreSecret']) expect(internal.some((t) => t.includes(`Call: ${call}`))).toBe(true);
    expect(internal[0]).toContain(endpoints.secretAudit.secretsAdmin.arn);
    expect(internal[0]).not.toContain('n3w');

    const put = await change((v) => v.eventName === 'PutSecretValue');
    expect(put).toMatchObject({ outcome: 'matched', ticketKey: ticket, secretArn: endpoints.secretAudit.secrets.paymentsDb, actorArn: endpoints.secretAudit.secretsAdmin.arn, account: '111111111111', region: 'us-east-1' });
    // DeleteSecret's CloudTrail record names the ARN `aRN`; it is matched all the same.
    expect(await change((v) => v.eventName === 'DeleteSecret')).toMatchObject({ outcome: 'matched', secretArn: endpoints.secretAudit.secrets.paymentsDb });

    // The issue panel on the request lists them, and shows that the topic delivered the approval back.
    const panel = await resolver<SecretChangesPanelView>('provisio-issue-panel', 'panel/secret-changes', client.user('alanAgent').accountId, {}, { extension: { issue: { key: ticket } } });
    expect(panel.isSecretChangeRequest).toBe(true);
    expect(panel.changes.map((c) => c.eventName).sort()).toEqual(['DeleteSecret', 'PutSecretValue', 'RestoreSecret']);
    expect(panel.approval).toMatchObject({ topicArn: endpoints.secretAudit.topicArn, messageId: published[0]?.messageId });
    expect(panel.approval?.deliveredBackAt).toBeDefined();
  });

  test('a change no request covers, by a principal not on the allow-list: one unapproved-change issue and a Slack alert, however often it is delivered', async () => {
    const slackBefore = (await client.control<{ messages: unknown[] }>('GET', '/__sandbox/slack/messages')).messages.length;
    await admin.send(new CreateSecretCommand({ Name: 'dev/scratch', SecretString: 'x' }));
    await client.settle();
    const created = await change((v) => v.eventName === 'CreateSecret');
    expect(created).toMatchObject({ outcome: 'unapproved', actorArn: endpoints.secretAudit.secretsAdmin.arn, reason: 'No approved request names this secret' });
    const label = `secret-change-${created?.id}`;
    const issues = await opsIssues(label);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.key).toBe(created?.unapprovedIssueKey);
    expect(issues[0]?.fields.summary).toContain('Unapproved secret change: CreateSecret on dev/scratch');
    const slack = (await client.control<{ messages: { text: string }[] }>('GET', '/__sandbox/slack/messages')).messages.slice(slackBefore);
    expect(slack.map((m) => m.text)).toEqual([expect.stringContaining(`Filed as <${client.url}/browse/${created?.unapprovedIssueKey}|${created?.unapprovedIssueKey}>.`)]);

    // EventBridge delivers the same event again (a new SNS message, the same CloudTrail event): still one issue.
    const sns = client.sandbox.aws.sns;
    const original = sns.published(endpoints.secretAudit.topicArn).find((m) => m.message.includes(`"eventID":"${created?.id}"`));
    expect(original).toBeDefined();
    sns.publish({ topicArn: endpoints.secretAudit.topicArn, message: original?.message ?? '', publisher: 'events.amazonaws.com' });
    await client.settle();
    expect(sns.deliveries().at(-1)).toMatchObject({ type: 'Notification', status: 200, response: 'change already recorded' });
    expect(await opsIssues(label)).toHaveLength(1);

    // Working the issue (a software project's issue, no customer request) starts nothing and fails nothing.
    const transitions = await agent().get<{ transitions: { id: string; to: { name: string } }[] }>(`/rest/api/3/issue/${issues[0]?.key}/transitions`);
    const start = transitions.body.transitions.find((t) => t.to.name === 'In Progress');
    expect((await agent().post(`/rest/api/3/issue/${issues[0]?.key}/transitions`, { transition: { id: start?.id } })).status).toBe(204);
    await client.settle();
    const triggered = client.sandbox.platform.log.list({ functionKey: 'on-secret-change-update' });
    expect(triggered.length).toBeGreaterThan(0);
    expect(triggered.filter((r) => r.outcome !== 'success')).toEqual([]);
  });

  test('a change to the approved secret after its window closed is unapproved, naming the request whose window missed it', async () => {
    await client.advance(2 * 3600);
    // Tagged by name: CloudTrail has only the name, so the app matches on the ARN without its suffix.
    await admin.send(new TagResourceCommand({ SecretId: 'prod/payments/db', Tags: [{ Key: 'owner', Value: 'someone' }] }));
    await client.settle();
    const tagged = await change((v) => v.eventName === 'TagResource');
    expect(tagged).toMatchObject({ outcome: 'unapproved', secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/payments/db', reason: `Outside the change window of ${ticket}` });
    expect(await opsIssues(`secret-change-${tagged?.id}`)).toHaveLength(1);
  });

  test('a change by an allow-listed automation role is recorded as automated, with no issue', async () => {
    const sts = new STSClient({ endpoint: endpoints.aws.endpoint, region: endpoints.aws.region, credentials: { accessKeyId: endpoints.secretAudit.secretsAdmin.accessKeyId, secretAccessKey: endpoints.secretAudit.secretsAdmin.secretAccessKey } });
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: endpoints.secretAudit.rotationRoleArn, RoleSessionName: 'rotation-lambda' }));
    const c = assumed.Credentials;
    const rotation = secretsManager({ accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' });
    await rotation.send(new RotateSecretCommand({ SecretId: endpoints.secretAudit.secrets.paymentsApiKey, RotationLambdaARN: 'arn:aws:lambda:us-east-1:111111111111:function:rotate-payments' }));
    await client.settle();
    const rotated = await change((v) => v.eventName === 'RotateSecret');
    expect(rotated).toMatchObject({ outcome: 'automated', automatedBy: endpoints.secretAudit.rotationRoleArn, actorRoleArn: endpoints.secretAudit.rotationRoleArn });
    expect(rotated?.actorArn).toBe('arn:aws:sts::111111111111:assumed-role/SecretsRotationFunction/rotation-lambda');
    expect(await opsIssues(`secret-change-${rotated?.id}`)).toHaveLength(0);
  });

  test('the admin report filters by outcome and downloads as CSV', async () => {
    const all = await report();
    expect(all.counts).toEqual({ matched: 3, automated: 1, unapproved: 2, pending: 0 });
    const unapproved = await report({ outcome: 'unapproved' });
    expect(unapproved.rows.map((r) => r.eventName).sort()).toEqual(['CreateSecret', 'TagResource']);
    expect((await report({ actor: 'rotation-lambda' })).rows.map((r) => r.eventName)).toEqual(['RotateSecret']);
    const csv = await resolver<SecretChangeCsv>('provisio-admin', 'admin/secret-audit/report-csv', client.user('adaAdmin').accountId, { outcome: 'matched' }, { extension: { type: 'jira:adminPage' } });
    const lines = csv.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('eventTime,outcome,eventName,secretArn,actorArn,actorRoleArn,sourceIp,account,region,ticketKey,unapprovedIssueKey,automatedBy,reason,cloudTrailEventId');
    expect(lines).toHaveLength(4);
    expect(csv.rows).toBe(3);
    expect(lines.slice(1).every((l) => l.includes(`,matched,`) && l.includes(ticket))).toBe(true);
    // Only Jira administrators may read it.
    const denied = await client.admin('admin/secret-audit/report', {}, client.user('alanAgent'));
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a Jira 503 while the trigger reads the approval: the event is delivered again and the approval is published once', async () => {
    const now = Date.now();
    const key = await raiseSecretChange('Rotate the payments API key', endpoints.secretAudit.secrets.paymentsApiKey, now, now + 60 * 60_000);
    await client.settle();
    const before = client.sandbox.platform.log.list({ functionKey: 'on-secret-change-update' }).length;
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', method: 'GET', pathPrefix: `/rest/servicedeskapi/request/${key}/approval`, count: 1, status: 503 }] });
    await approve(key);
    await client.settle();
    expect((await client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns).toEqual([]);
    // Thrown, the event would be gone, and a change in this window would be flagged as unapproved.
    expect(publishedFor(key)).toHaveLength(0);
    const outcomes = client.sandbox.platform.log.list({ functionKey: 'on-secret-change-update' }).slice(before).map((i) => [i.outcome, i.logs.map((l) => l.message)]);
    expect(outcomes).toContainEqual(['retry-requested', [expect.stringMatching(new RegExp(`^could not check ${key} for a secret change approval; the event comes again in 30s: .*503`))]]);
    await client.advance(60);
    await client.settle();
    expect(publishedFor(key)).toHaveLength(1);
  });
});
