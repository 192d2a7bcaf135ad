import { MAX_TRANSIENT_ATTEMPTS } from '../../src/usecases/failure-policy';
import { OnboardingDriver, commentText, isInternal, type CreatedRequest } from '../helpers/onboarding-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * Okta saying "slow down" or "not now": 429s with their reset headers (waited for inside the
 * invocation when short, handed back to the platform as a retry when long), the stand-in's own
 * per-minute limits, and 5xx answers (retried, then given up with a readable reason). All through
 * the sandbox; faults are injected with POST /__sandbox/faults.
 */

const CONSUMER = 'on-provisioning-event';
const OKTA_503_BODY = JSON.stringify({ errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorLink: 'E0000009', errorId: 'sandbox', errorCauses: [] });

describe('Okta rate limits and server errors during onboarding', () => {
  let client: SandboxClient;
  let d: OnboardingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    d = new OnboardingDriver(client);
    // Warm up: the Okta token is cached, so later runs start straight with their own calls.
    await d.raiseAndApprove(d.values(d.person('warmup')));
  });
  afterAll(() => client.close());
  afterEach(async () => {
    await client.control('DELETE', '/__sandbox/faults');
    client.sandbox.okta.store.setRateLimit('group-memberships', 500);
    client.sandbox.okta.store.rateLimiter.resetWindows();
  });

  const faults = (plan: unknown) => client.control('POST', '/__sandbox/faults', plan);
  const activeFaults = async () => (await client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns;

  async function expectOnboarded(request: CreatedRequest, login: string, oktaSince: number): Promise<void> {
    const users = await d.oktaUsersFor(login);
    expect(users).toHaveLength(1);
    expect(await d.oktaGroupNames(users[0]!.id)).toEqual(['Contractors', 'Engineering', 'Everyone']);
    expect(await d.markerCounts(request.issueKey)).toEqual({ [`${request.issueId}:comment-agents`]: 1, [`${request.issueId}:comment-requester`]: 1 });
    expect(await d.status(request.issueKey)).toBe('Done');
    expect(d.oktaRequests(oktaSince).filter((r) => r.method === 'POST' && r.path === '/api/v1/users' && r.status === 200)).toHaveLength(1);
  }

  describe('429 with a short reset: waited for inside the same invocation', () => {
    test.each([
      ['Retry-After', () => ({ 'Retry-After': '1' })],
      ['X-Rate-Limit-Reset', () => ({ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(Math.ceil(Date.now() / 1000) + 2) })],
    ])('%s', async (_header, headers) => {
      const person = d.person('short429');
      const oktaSince = d.oktaMark();
      const invocationsBefore = d.consumerInvocations().length;
      await faults({ standIns: [{ target: 'okta', method: 'POST', pathPrefix: '/api/v1/users', count: 1, status: 429, headers: headers(), body: JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }) }] });
      const request = await d.raiseAndApprove(d.values(person));

      expect(await activeFaults()).toEqual([]);
      const invocations = d.consumerInvocations(invocationsBefore);
      expect(invocations.map((i) => i.outcome)).toEqual(['success']);
      // The invocation made one Okta call more than reached Okta: the refused one, then the same call again.
      expect(invocations[0]!.calls.okta).toBe(d.oktaRequests(oktaSince).length + 1);
      await expectOnboarded(request, person.login, oktaSince);
    });
  });

  test('429 with a long reset: the consumer hands it back to the platform, and the run finishes once the reset has passed', async () => {
    const person = d.person('long429');
    const oktaSince = d.oktaMark();
    const invocationsBefore = d.consumerInvocations().length;
    const resetAt = Math.ceil(Date.now() / 1000) + 120;
    await faults({ standIns: [{ target: 'okta', method: 'POST', pathPrefix: '/api/v1/users', count: 1, status: 429, headers: { 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(resetAt) } }] });
    const request = await d.raiseAndApprove(d.values(person));

    // As the control API reports it: the consumer asked the platform for a retry (an InvocationError).
    const reported = await client.control<{ invocations: { outcome: string; logs: { message: string }[] }[] }>('GET', `/__sandbox/invocations?functionKey=${CONSUMER}`);
    expect(reported.invocations.slice(invocationsBefore).map((i) => [i.outcome, i.logs.map((l) => l.message)])).toEqual([
      ['retry-requested', [expect.stringMatching(/^run \d+ will retry in 1[12]\ds: Okta rate limit reached; retry after /)]],
    ]);
    expect((await d.oktaUsersFor(person.login)).length).toBe(0);
    expect(await d.status(request.issueKey)).toBe('In Progress');
    expect(d.run(request.issueId)?.steps.find((s) => s.id === 'create-user')?.detail).toMatch(/^Will retry: Okta rate limit/);

    await client.advance(100);
    expect(d.consumerInvocations(invocationsBefore)).toHaveLength(1);
    await client.advance(30);
    const invocations = d.consumerInvocations(invocationsBefore);
    expect(invocations.map((i) => i.outcome)).toEqual(['retry-requested', 'success']);
    expect(Date.parse(invocations[1]!.start)).toBeGreaterThanOrEqual(resetAt * 1000);
    await expectOnboarded(request, person.login, oktaSince);
  });

  test('the Okta org’s own per-minute limit: the second group add is refused and made after the window resets', async () => {
    const store = client.sandbox.okta.store;
    store.rateLimiter.resetWindows();
    store.setRateLimit('group-memberships', 1);
    const person = d.person('bucket');
    const oktaSince = d.oktaMark();
    const invocationsBefore = d.consumerInvocations().length;
    const request = await d.raiseAndApprove(d.values(person));

    const puts = () => d.oktaRequests(oktaSince).filter((r) => r.method === 'PUT');
    expect(puts().map((r) => r.status)).toEqual([204, 429]);
    expect(d.consumerInvocations(invocationsBefore).map((i) => i.outcome)).toEqual(['retry-requested']);
    const refusedAt = puts()[1]!.at;

    await client.advance(65);
    expect(puts().map((r) => r.status)).toEqual([204, 429, 204]);
    // Not before Okta's window reset (one minute after the first add).
    expect(puts()[2]!.at - puts()[0]!.at).toBeGreaterThanOrEqual(60_000);
    expect(puts()[2]!.at).toBeGreaterThan(refusedAt);
    await expectOnboarded(request, person.login, oktaSince);
  });

  test('503 once: retried by the Okta client, one invocation, one user', async () => {
    const person = d.person('once503');
    const oktaSince = d.oktaMark();
    const invocationsBefore = d.consumerInvocations().length;
    await faults({ standIns: [{ target: 'okta', method: 'POST', pathPrefix: '/api/v1/users', count: 1, status: 503, body: OKTA_503_BODY }] });
    const request = await d.raiseAndApprove(d.values(person));
    expect(await activeFaults()).toEqual([]);
    expect(d.consumerInvocations(invocationsBefore).map((i) => i.outcome)).toEqual(['success']);
    await expectOnboarded(request, person.login, oktaSince);
  });

  test('a Jira 503 while commenting: the run retries later and still comments once', async () => {
    const person = d.person('jira503');
    const oktaSince = d.oktaMark();
    const invocationsBefore = d.consumerInvocations().length;
    const request = await d.raise(d.values(person));
    await faults({ standIns: [{ target: 'jira', method: 'POST', pathPrefix: `/rest/api/3/issue/${request.issueKey}/comment`, count: 1, status: 503 }] });
    await d.approve(request.issueKey);
    await client.settle();
    expect(d.consumerInvocations(invocationsBefore).map((i) => i.outcome)).toEqual(['retry-requested']);
    await client.advance(60);
    expect(d.consumerInvocations(invocationsBefore).map((i) => i.outcome)).toEqual(['retry-requested', 'success']);
    await expectOnboarded(request, person.login, oktaSince);
  });

  test('a Jira 503 while the trigger checks the approval: the event is delivered again and provisioning starts', async () => {
    const person = d.person('trigger503');
    const oktaSince = d.oktaMark();
    const triggersBefore = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).length;
    const request = await d.raise(d.values(person));
    await faults({ standIns: [{ target: 'jira', method: 'GET', pathPrefix: `/rest/servicedeskapi/request/${request.issueKey}/approval`, count: 1, status: 503 }] });
    await d.approve(request.issueKey);
    await client.settle();
    expect(await activeFaults()).toEqual([]);
    expect(d.run(request.issueId)).toBeUndefined();
    await client.advance(60);
    const outcomes = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).slice(triggersBefore).map((i) => [i.outcome, i.logs.map((l) => l.message)]);
    expect(outcomes).toContainEqual(['retry-requested', [expect.stringMatching(/Jira answered 503/)]]);
    await expectOnboarded(request, person.login, oktaSince);
  });

  test(`503 every time: the run gives up after ${MAX_TRANSIENT_ATTEMPTS} attempts with a readable reason, a comment each and one Slack message`, async () => {
    const person = d.person('always503');
    const oktaSince = d.oktaMark();
    const invocationsBefore = d.consumerInvocations().length;
    const slackBefore = d.slackTexts().length;
    await faults({ standIns: [{ target: 'okta', method: 'GET', pathPrefix: '/api/v1/users', count: 1000, status: 503, body: OKTA_503_BODY }] });
    const request = await d.raiseAndApprove(d.values(person));
    expect(await d.status(request.issueKey)).toBe('In Progress');
    // Backoff grows to 15 minutes; two hours is more than all of it.
    await client.advance(7200);

    const worked = d.consumerInvocations(invocationsBefore).filter((i) => (i.calls.okta ?? 0) > 0);
    expect(worked).toHaveLength(MAX_TRANSIENT_ATTEMPTS);
    expect(worked.map((i) => i.outcome)).toEqual([...Array(MAX_TRANSIENT_ATTEMPTS - 1).fill('retry-requested'), 'success']);
    // Each attempt asked Okta three times (the Okta client's own retries of a 503).
    expect(worked.every((i) => i.calls.okta === 3)).toBe(true);

    const run = d.run(request.issueId);
    expect(run?.status).toBe('failed');
    expect(run?.attempts).toBe(MAX_TRANSIENT_ATTEMPTS);
    expect(run?.failureReason).toBe(`Gave up after ${MAX_TRANSIENT_ATTEMPTS} attempts: Okta could not look up user ${person.login}: Internal Server Error`);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    const comments = await d.comments(request.issueKey);
    expect(comments.filter(isInternal).map(commentText)).toEqual([expect.stringContaining(`Gave up after ${MAX_TRANSIENT_ATTEMPTS} attempts`)]);
    expect(comments.filter((c) => !isInternal(c))).toHaveLength(1);
    expect(d.slackTexts().slice(slackBefore)).toEqual([expect.stringContaining(`/browse/${request.issueKey}|${request.issueKey}>: Gave up after ${MAX_TRANSIENT_ATTEMPTS} attempts`)]);
    expect(d.oktaRequests(oktaSince).filter((r) => r.method === 'POST' && r.path === '/api/v1/users')).toEqual([]);
  }, 120_000);

  test('a 4xx is an answer, not a hiccup: no retry, the run fails with Okta’s summary', async () => {
    const person = d.person('bad400');
    const invocationsBefore = d.consumerInvocations().length;
    await faults({
      standIns: [
        {
          target: 'okta',
          method: 'POST',
          pathPrefix: '/api/v1/users',
          count: 5,
          status: 400,
          body: JSON.stringify({ errorCode: 'E0000001', errorSummary: 'Api validation failed: profile', errorCauses: [{ errorSummary: 'department: Does not match the required pattern' }] }),
        },
      ],
    });
    const request = await d.raiseAndApprove(d.values(person));
    // Tried once: four of the five injected answers are left over.
    expect(((await activeFaults()) as { count: number }[])[0]?.count).toBe(4);
    expect(d.consumerInvocations(invocationsBefore).filter((i) => i.functionKey === CONSUMER).map((i) => i.outcome)).toEqual(['success']);
    const run = d.run(request.issueId);
    expect(run?.status).toBe('failed');
    expect(run?.attempts).toBe(1);
    expect(run?.failureReason).toBe(`Okta could not create user ${person.login}: Api validation failed: profile (department: Does not match the required pattern)`);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
  });
});
