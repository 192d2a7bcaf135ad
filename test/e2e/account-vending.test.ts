import { CREATE_ACCOUNT_FAILURE_REASONS, type CreateAccountFailureReason } from '../../sandbox/aws';
import { SandboxClient } from '../helpers/sandbox-client';
import { awsSecretLeaks, VendingDriver, type CreatedRequest } from '../helpers/vending-driver';

interface RunView {
  action: string;
  status: string;
  steps: { id: string; title: string; status: string; detail?: string }[];
  failureReason?: string;
}
type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * End to end through the real JSM APIs and the official AWS SDK clients against the AWS
 * stand-in: request → pre-flight comment → approve → (virtual time) the account exists in its
 * OU with its tags, the baseline ran, and the ticket is Done. Failures are loud and retryable.
 */
describe('AWS account vending', () => {
  let client: SandboxClient;
  let driver: VendingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    driver = await VendingDriver.create(client);
    // AWS's default quota (10 accounts) would end this suite early; one test lowers it on purpose.
    client.sandbox.aws.organizations.setAccountLimit(100);
  });
  afterAll(() => client.close());
  afterEach(async () => {
    await client.control('DELETE', '/__sandbox/faults');
    client.sandbox.aws.organizations.setRequestRateLimit(undefined);
  });

  const panel = async (request: CreatedRequest, user = client.user('alanAgent')) => {
    const result = (await client.sandbox.platform.invokeResolver({
      moduleKey: 'provisio-issue-panel',
      functionKey: 'panel/get-info',
      payload: {},
      context: { extension: { type: 'jira:issuePanel', issue: { key: request.issueKey, id: request.issueId } } },
      accountId: user.accountId,
    })) as Result<{ run?: RunView; canRetry: boolean }>;
    if (!result.ok) throw new Error(`panel/get-info failed: ${result.error.message}`);
    return result.data;
  };
  const retry = async (request: CreatedRequest) =>
    (await client.sandbox.platform.invokeResolver({
      moduleKey: 'provisio-issue-panel',
      functionKey: 'panel/retry',
      payload: {},
      context: { extension: { type: 'jira:issuePanel', issue: { key: request.issueKey, id: request.issueId } } },
      accountId: client.user('alanAgent').accountId,
    })) as Result<{ queued: true }>;
  const createCalls = () => client.sandbox.aws.requestLog().filter((e) => e.action === 'CreateAccount').length;

  async function vend(name: string, overrides: Record<string, unknown> = {}): Promise<CreatedRequest> {
    const request = await driver.raise(driver.values(name, overrides));
    await client.settle();
    await driver.approve(request.issueKey);
    await client.settle();
    return request;
  }

  test('a request is checked before approval, then vended: account in its OU, tagged, baselined, ticket Done', async () => {
    const request = await driver.raise(driver.values('Payments Dev Two'));
    await client.settle();
    const before = await driver.commentTexts(request.issueKey, 'public');
    expect(before).toHaveLength(1);
    expect(before[0]).toContain('Provisio checked this AWS account request before approval');
    expect(before[0]).toContain('Workloads/NonProd exists');
    expect(before[0]).toContain('Everything is in order');
    expect(createCalls()).toBe(0);

    await driver.approve(request.issueKey);
    await client.settle();
    expect(await driver.status(request.issueKey)).toBe('In Progress');
    const inFlight = (await panel(request)).run;
    expect(inFlight).toMatchObject({ action: 'aws-account-vending', status: 'running' });
    expect(inFlight?.steps.find((s) => s.id === 'create-account')?.detail).toMatch(/AWS is creating the account \(request car-/);
    await driver.advance(1200);

    const email = 'aws+payments-dev-two@provisio-demo.example';
    const account = await driver.accountByEmail(email);
    expect(account).toMatchObject({ Name: 'Payments Dev Two', Status: 'ACTIVE' });
    const accountId = account?.Id ?? '';
    expect(await driver.parentOf(accountId)).toBe(client.sandbox.awsSeed.organizationalUnits.nonProd);
    expect(await driver.tagsOf(accountId)).toEqual({
      Environment: 'dev',
      CostCenter: 'CC-1234',
      Owner: client.user('alanAgent').accountId,
      JiraIssue: request.issueKey,
      ProvisionedBy: 'Provisio',
    });
    const builds = await driver.buildsFor(accountId);
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({
      status: 'SUCCEEDED',
      variables: expect.objectContaining({ PROVISIO_ACCOUNT_EMAIL: email, PROVISIO_JIRA_ISSUE: request.issueKey, PROVISIO_ENVIRONMENT: 'dev', PROVISIO_COST_CENTER: 'CC-1234' }),
    });
    expect(await driver.status(request.issueKey)).toBe('Done');
    const after = await driver.commentTexts(request.issueKey, 'public');
    expect(after.at(-1)).toContain(`Account ID: ${accountId}`);
    expect(after.at(-1)).toContain(`https://${accountId}.signin.aws.amazon.com/console`);

    const done = (await panel(request)).run;
    expect(done?.status).toBe('succeeded');
    expect(done?.steps.map((s) => [s.id, s.status])).toEqual([
      ['preflight', 'done'],
      ['queue', 'done'],
      ['create-account', 'done'],
      ['move-account', 'done'],
      ['tag-account', 'done'],
      ['baseline', 'done'],
      ['comment', 'done'],
      ['resolve', 'done'],
    ]);
    expect(done?.steps.find((s) => s.id === 'move-account')?.title).toBe('Move it to Workloads/NonProd');
  });

  test('five requests approved at once end as five accounts, never more than one creation in flight, each told its place in line', async () => {
    const requests: CreatedRequest[] = [];
    for (let i = 1; i <= 5; i += 1) requests.push(await driver.raise(driver.values(`Batch Team ${i}`, { 'Organizational unit': i % 2 ? 'Sandbox' : 'Workloads/Prod', Environment: { value: i % 2 ? 'dev' : 'prod' } })));
    await client.settle();
    for (const request of requests) await driver.approve(request.issueKey);
    await client.settle();

    const views = await Promise.all(requests.map(async (r) => (await panel(r)).run));
    const waiting = views.filter((v) => v?.steps.find((s) => s.id === 'queue')?.status === 'pending');
    expect(waiting).toHaveLength(4);
    expect(waiting.map((v) => v?.steps.find((s) => s.id === 'queue')?.detail).sort()).toEqual([
      expect.stringContaining('1st in line, 1 request ahead'),
      expect.stringContaining('2nd in line, 2 requests ahead'),
      expect.stringContaining('3rd in line, 3 requests ahead'),
      expect.stringContaining('4th in line, 4 requests ahead'),
    ]);
    const queuedComments = (await Promise.all(requests.map((r) => driver.commentTexts(r.issueKey, 'public')))).flat().filter((t) => t.includes('in line'));
    expect(queuedComments).toHaveLength(4);

    await driver.advance(3600);
    for (const request of requests) expect(await driver.status(request.issueKey)).toBe('Done');
    for (let i = 1; i <= 5; i += 1) {
      const account = await driver.accountByEmail(`aws+batch-team-${i}@provisio-demo.example`);
      expect(await driver.parentOf(account?.Id ?? '')).toBe(i % 2 ? client.sandbox.awsSeed.organizationalUnits.sandbox : client.sandbox.awsSeed.organizationalUnits.prod);
    }
    expect(driver.maxCreationsInFlight()).toBe(1);
    expect(client.sandbox.aws.requestLog().filter((e) => e.errorCode === 'ConcurrentModificationException')).toEqual([]);
  });

  test('an OU that does not exist: the pre-flight says so, the approved request fails loudly, and nothing is created', async () => {
    const calls = createCalls();
    const request = await driver.raise(driver.values('Lost Team', { 'Organizational unit': 'Workloads/Staging' }));
    await client.settle();
    const [preflight] = await driver.commentTexts(request.issueKey, 'public');
    expect(preflight).toContain('✘ Organizational unit: there is no OU "Staging" under Workloads. OUs there: Prod, NonProd.');
    expect(preflight).toContain('Please fix the problems above');

    await driver.approve(request.issueKey);
    await client.settle();
    expect(await driver.status(request.issueKey)).toBe('Provisioning failed');
    const run = (await panel(request)).run;
    expect(run?.status).toBe('failed');
    expect(run?.steps.find((s) => s.id === 'preflight')).toMatchObject({ status: 'failed', detail: expect.stringContaining('there is no OU "Staging" under Workloads') });
    expect((await driver.commentTexts(request.issueKey, 'public')).at(-1)).toContain('no account was created');
    expect(createCalls()).toBe(calls);
    expect(await driver.accountByEmail('aws+lost-team@provisio-demo.example')).toBeUndefined();

    // Fixed by an agent, the same request can be retried: it is checked again and vended.
    await driver.editField(request.issueKey, 'Organizational unit', 'Workloads/Prod');
    expect((await retry(request)).ok).toBe(true);
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
    const account = await driver.accountByEmail('aws+lost-team@provisio-demo.example');
    expect(await driver.parentOf(account?.Id ?? '')).toBe(client.sandbox.awsSeed.organizationalUnits.prod);
  });

  test('malformed fields and a taken email are all named in one pre-flight comment', async () => {
    const request = await driver.raise(
      driver.values('Bad Fields', { 'Account email': 'not-an-email', Environment: { value: 'prod' }, 'Cost center': 'marketing' }),
    );
    await client.settle();
    const [text] = await driver.commentTexts(request.issueKey, 'public');
    expect(text).toContain('✘ Account email: "not-an-email" is not a valid email address.');
    expect(text).toContain('✘ Cost center: "marketing" does not follow the cost center format (CC-[0-9]{4}).');

    const taken = await driver.raise(driver.values('Payments Again', { 'Account email': client.sandbox.awsSeed.takenEmail }));
    await client.settle();
    const [takenText] = await driver.commentTexts(taken.issueKey, 'public');
    expect(takenText).toContain(`✘ Account email: ${client.sandbox.awsSeed.takenEmail} already belongs to account ${client.sandbox.awsSeed.accounts.paymentsNonProd}`);
  });

  test('an edit of a checked field before approval is checked again (each edit once, whatever the deliveries); other edits and edits after approval are not', async () => {
    const request = await driver.raise(driver.values('Edited Team', { 'Account email': 'not-an-email' }));
    await client.settle();
    expect(await driver.commentTexts(request.issueKey, 'public')).toEqual([expect.stringContaining('✘ Account email: "not-an-email" is not a valid email address.')]);

    await client.control('POST', '/__sandbox/faults', { productEvents: [{ kind: 'duplicate', count: 1, match: 'avi:jira:updated:issue' }] });
    await driver.editField(request.issueKey, 'Account email', 'aws+edited-team@provisio-demo.example');
    await client.settle();
    expect((await client.control<{ productEvents: unknown[] }>('GET', '/__sandbox/faults')).productEvents).toEqual([]);
    const afterEdit = await driver.commentTexts(request.issueKey, 'public');
    expect(afterEdit).toHaveLength(2);
    expect(afterEdit[1]).toMatch(/^Provisio checked this AWS account request again after it was edited:/);
    expect(afterEdit[1]).toContain('Everything is in order');

    // A field the check does not read: no new comment.
    const agent = client.as(client.user('alanAgent'));
    expect((await agent.put(`/rest/api/3/issue/${request.issueKey}`, { fields: { description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'More context' }] }] } } })).status).toBe(204);
    await client.settle();
    expect(await driver.commentTexts(request.issueKey, 'public')).toHaveLength(2);

    // Once approved, the check on approval is what counts: an edit comments nothing.
    await driver.approve(request.issueKey);
    await client.settle();
    const afterApproval = (await driver.commentTexts(request.issueKey, 'public')).length;
    await driver.editField(request.issueKey, 'Cost center', 'CC-9999');
    await client.settle();
    expect(await driver.commentTexts(request.issueKey, 'public')).toHaveLength(afterApproval);
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
  });

  const REASON_WORDS: Partial<Record<CreateAccountFailureReason, string>> = {
    EMAIL_ALREADY_EXISTS: 'This email already owns an AWS account',
    ACCOUNT_LIMIT_EXCEEDED: 'The organization has reached its AWS account quota',
    INVALID_EMAIL: 'AWS cannot use this email address',
    MISSING_PAYMENT_INSTRUMENT: 'The management account has no payment method',
  };

  test.each(CREATE_ACCOUNT_FAILURE_REASONS.map((reason, i) => [reason, i]))('CreateAccount failing with %s is reported in plain words and the request moves to Provisioning failed', async (reason, i) => {
    client.sandbox.aws.organizations.failNextCreateAccount(reason);
    const name = `Failure Reason ${i}`;
    const request = await vend(name);
    await driver.advance(600);
    expect(await driver.status(request.issueKey)).toBe('Provisioning failed');
    const run = (await panel(request)).run;
    expect(run?.steps.find((s) => s.id === 'create-account')?.status).toBe('failed');
    expect(run?.failureReason).toContain(`(AWS reason: ${reason})`);
    expect(run?.failureReason).not.toMatch(/^AWS could not create the account and gave no reason/);
    if (REASON_WORDS[reason]) expect(run?.failureReason).toContain(REASON_WORDS[reason]);
    const [requester] = (await driver.comments(request.issueKey)).filter((c) => !JSON.stringify(c.properties).includes('"internal":true')).slice(-1);
    expect(JSON.stringify(requester?.body)).toContain(`AWS reason: ${reason}`);
    expect(await driver.accountByEmail(`aws+${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@provisio-demo.example`)).toBeUndefined();
  });

  test('after "this email already owns an AWS account", an agent fixes the email and Retry in the panel resumes and finishes', async () => {
    client.sandbox.aws.organizations.failNextCreateAccount('EMAIL_ALREADY_EXISTS');
    const request = await vend('Retry Team');
    await driver.advance(600);
    expect(await driver.status(request.issueKey)).toBe('Provisioning failed');
    expect((await panel(request)).canRetry).toBe(true);

    await driver.editField(request.issueKey, 'Account email', 'aws+retry-team-2@provisio-demo.example');
    expect(await retry(request)).toEqual({ ok: true, data: { queued: true } });
    await client.settle();
    expect(await driver.status(request.issueKey)).toBe('In Progress');
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
    const run = (await panel(request)).run;
    expect(run?.status).toBe('succeeded');
    expect(await driver.accountByEmail('aws+retry-team-2@provisio-demo.example')).toBeDefined();
    expect(await driver.accountByEmail('aws+retry-team@provisio-demo.example')).toBeUndefined();
  });

  test('a failed baseline build fails the request with its phase and log link; Retry runs a new build and finishes', async () => {
    client.sandbox.aws.codebuild.failNextBuild();
    const request = await vend('Baseline Fails');
    await driver.advance(900);
    expect(await driver.status(request.issueKey)).toBe('Provisioning failed');
    const run = (await panel(request)).run;
    expect(run?.steps.find((s) => s.id === 'baseline')).toMatchObject({ status: 'failed', detail: expect.stringContaining('ended failed in its build phase') });
    expect(run?.steps.find((s) => s.id === 'create-account')?.status).toBe('done');

    expect((await retry(request)).ok).toBe(true);
    await driver.advance(600);
    expect(await driver.status(request.issueKey)).toBe('Done');
    const account = await driver.accountByEmail('aws+baseline-fails@provisio-demo.example');
    expect((await driver.buildsFor(account?.Id ?? '')).map((b) => b.status).sort()).toEqual(['FAILED', 'SUCCEEDED']);
    expect(await driver.accountsWithEmail('aws+baseline-fails@provisio-demo.example')).toBe(1);
  });

  test('throttling: TooManyRequestsException is retried and the account is still created once', async () => {
    client.sandbox.aws.organizations.setRequestRateLimit(2);
    const request = await vend('Throttled Team');
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(client.sandbox.aws.requestLog().filter((e) => e.errorCode === 'TooManyRequestsException').length).toBeGreaterThan(0);
    expect(await driver.accountsWithEmail('aws+throttled-team@provisio-demo.example')).toBe(1);
  });

  test('a Jira 503 while the trigger checks the approval: the event is delivered again and the account is vended once', async () => {
    const request = await driver.raise(driver.values('Hiccup Team'));
    await client.settle();
    const triggersBefore = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).length;
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', method: 'GET', pathPrefix: `/rest/servicedeskapi/request/${request.issueKey}/approval`, count: 1, status: 503 }] });
    await driver.approve(request.issueKey);
    await client.settle();
    expect((await client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns).toEqual([]);
    // Forge drops a product event whose handler threw; this one asked to be delivered again instead.
    expect((await panel(request)).run).toBeUndefined();
    const outcomes = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).slice(triggersBefore).map((i) => [i.outcome, i.logs.map((l) => l.message)]);
    expect(outcomes).toContainEqual(['retry-requested', [expect.stringMatching(new RegExp(`^could not check ${request.issueKey} for provisioning; the event comes again in 30s: .*503`))]]);
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(await driver.accountsWithEmail('aws+hiccup-team@provisio-demo.example')).toBe(1);
  });

  test.each([
    ['an API Gateway endpoint', 'apiGateway', 'execute-api'],
    ['a Lambda function URL', 'lambdaUrl', 'lambda'],
  ] as const)('the baseline can be the customer’s own backend: %s gets a SigV4-signed POST of the request, followed to the end', async (_label, backend, service) => {
    const url = client.sandbox.awsSeed.baselineBackends[backend];
    await configureBaseline({ kind: 'http', url });
    try {
      const name = `Backend ${service}`;
      const request = await vend(name);
      await driver.advance(900);
      expect(await driver.status(request.issueKey)).toBe('Done');
      const account = await driver.accountByEmail(`aws+backend-${service}@provisio-demo.example`);
      const received = client.sandbox.aws.backends.requests().filter((r) => r.url.startsWith(url));
      expect(received.length).toBeGreaterThanOrEqual(2);
      expect(received.every((r) => r.verified && r.principalArn === 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/provisio')).toBe(true);
      expect(received[0]).toMatchObject({
        method: 'POST',
        status: 202,
        body: expect.objectContaining({ source: 'provisio', jiraIssue: request.issueKey, accountId: account?.Id, accountName: name, environment: 'dev', costCenter: 'CC-1234' }),
      });
      expect(received.at(-1)).toMatchObject({ method: 'GET', status: 200 });
      expect((await panel(request)).run?.steps.find((s) => s.id === 'baseline')?.detail).toContain('finished job');
    } finally {
      await configureBaseline({ kind: 'codebuild', projectName: client.sandbox.awsSeed.codeBuildProject.name });
    }
  });

  test('no AWS secret key or session token appears in Jira, the app’s logs or KVS plain values', () => {
    expect(awsSecretLeaks(client.sandbox)).toEqual([]);
    expect(client.sandbox.platform.kvs.inspect().secretKeys).toEqual(expect.arrayContaining(['aws-access-keys', 'aws-session']));
  });

  async function configureBaseline(baseline: Record<string, string>): Promise<void> {
    const config = await client.admin<{ vending: Record<string, unknown> }>('admin/aws-get-config');
    if (!config.ok) throw new Error(config.error.message);
    const saved = await client.admin<{ saved: boolean }>('admin/aws-save', { vending: { ...config.data.vending, baseline } });
    expect(saved).toEqual({ ok: true, data: { saved: true } });
  }
});
