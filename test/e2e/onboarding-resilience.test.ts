import type { ProductEvent } from '../../sandbox/platform/product-events';
import { CallTap, describeCall, type TappedCall } from '../helpers/call-tap';
import { OnboardingDriver, commentText, isInternal, type CreatedRequest } from '../helpers/onboarding-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * Onboarding survives the platform's at-least-once delivery and crashes: duplicated product
 * events, a replayed approval event, duplicated queue deliveries, and an invocation killed right
 * after each external call it makes. Every case ends with one Okta user, the requested groups,
 * each comment once and the request Done.
 */

const CONSUMER = 'on-provisioning-event';
const GROUPS = ['Contractors', 'Engineering', 'Everyone'];
/** Longer than the run's lease (a crashed invocation keeps it) plus the platform's retry backoff. */
const RECOVERY_SECONDS = 600;

interface Outcome {
  users: number;
  groups: string[];
  markers: Record<string, number>;
  comments: number;
  status: string;
  run: string | undefined;
  userCreations: number;
  slack: number;
}

/** Whether a Slack message is about this request (ITS-1 must not match ITS-12). */
const mentions = (text: string, request: CreatedRequest) => new RegExp(`\\b${request.issueKey}\\b`).test(text);

/** What a run left behind; `oktaSince` skips Okta requests of earlier tests in the same sandbox. */
async function outcomeOf(d: OnboardingDriver, request: CreatedRequest, login: string, oktaSince = 0): Promise<Outcome> {
  const users = await d.oktaUsersFor(login);
  const comments = await d.comments(request.issueKey);
  return {
    users: users.length,
    groups: users[0] ? await d.oktaGroupNames(users[0].id) : [],
    markers: await d.markerCounts(request.issueKey),
    comments: comments.length,
    status: await d.status(request.issueKey),
    run: d.run(request.issueId)?.status,
    userCreations: d.oktaRequests(oktaSince).filter((r) => r.method === 'POST' && r.path === '/api/v1/users' && r.status === 200).length,
    slack: d.slackTexts().filter((t) => mentions(t, request)).length,
  };
}

const succeeded = (request: CreatedRequest): Outcome => ({
  users: 1,
  groups: GROUPS,
  markers: { [`${request.issueId}:comment-agents`]: 1, [`${request.issueId}:comment-requester`]: 1 },
  comments: 2,
  status: 'Done',
  run: 'succeeded',
  userCreations: 1,
  slack: 0,
});

describe('duplicated and replayed events', () => {
  let client: SandboxClient;
  let d: OnboardingDriver;
  const emitted: ProductEvent[] = [];
  beforeAll(async () => {
    client = await SandboxClient.start();
    d = new OnboardingDriver(client);
    // Record what Jira emits, so a test can deliver the very same event again later.
    const platform = client.sandbox.platform;
    const emit = platform.emitProductEvent.bind(platform);
    platform.emitProductEvent = (event) => {
      emitted.push(structuredClone(event));
      emit(event);
    };
  });
  afterAll(() => client.close());
  afterEach(() => client.control('DELETE', '/__sandbox/faults'));

  /** The event that moved the issue to In Progress: the one that starts provisioning. */
  const approvalEvent = (request: CreatedRequest): ProductEvent => {
    const event = emitted.find((e) => {
      const p = e.payload as { issue?: { id?: string }; changelog?: { items?: { fieldId?: string; toString?: string }[] } };
      return e.eventType === 'avi:jira:updated:issue' && p.issue?.id === request.issueId && p.changelog?.items?.some((i) => i.fieldId === 'status' && i.toString === 'In Progress');
    });
    if (!event) throw new Error(`no approval event recorded for ${request.issueKey}`);
    return event;
  };

  test('each product event delivered twice: one run, one user, each comment once', async () => {
    await client.control('POST', '/__sandbox/faults', { productEvents: [{ kind: 'duplicate', count: 20, match: 'avi:jira:updated:issue' }] });
    const triggersBefore = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).length;
    const oktaSince = d.oktaMark();
    const person = d.person('dup');
    const request = await d.raiseAndApprove(d.values(person));
    await client.advance(60);
    // The approval's event really reached the trigger twice.
    const deliveries = client.sandbox.platform.log.list({ functionKey: 'on-issue-updated' }).length - triggersBefore;
    expect(deliveries).toBe(2);
    expect(await outcomeOf(d, request, person.login, oktaSince)).toEqual(succeeded(request));
  });

  test('a failing request’s events delivered twice: the failure is reported once, with one Slack message', async () => {
    await client.control('POST', '/__sandbox/faults', { productEvents: [{ kind: 'duplicate', count: 20, match: 'avi:jira:updated:issue' }] });
    const slackBefore = d.slackTexts().length;
    const oktaSince = d.oktaMark();
    const request = await d.raiseAndApprove(d.values(d.person('dupfail'), { Username: client.sandbox.oktaSeed.takenLogin }));
    await client.advance(60);
    expect(await d.markerCounts(request.issueKey)).toEqual({ [`${request.issueId}:failure:1:agents`]: 1, [`${request.issueId}:failure:1:requester`]: 1 });
    expect(d.slackTexts().slice(slackBefore)).toEqual([expect.stringContaining(request.issueKey)]);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    expect(d.oktaRequests(oktaSince).filter((r) => r.method !== 'GET' && r.path !== '/oauth2/v1/token')).toEqual([]);
  });

  test('the approval event replayed after the run finished changes nothing', async () => {
    const oktaSince = d.oktaMark();
    const person = d.person('replay');
    const request = await d.raiseAndApprove(d.values(person));
    const before = await outcomeOf(d, request, person.login, oktaSince);
    expect(before).toEqual(succeeded(request));
    const oktaBefore = d.oktaMark();

    for (let i = 0; i < 3; i += 1) client.sandbox.platform.emitProductEvent(approvalEvent(request));
    await client.advance(60);

    expect(await outcomeOf(d, request, person.login, oktaSince)).toEqual(before);
    expect(d.oktaRequests(oktaBefore)).toEqual([]);
  });

  test('the approval event replayed while the run is still queued starts nothing twice', async () => {
    // Hold the queued run back so the replay lands before it runs.
    await client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'delay', count: 1, match: 'provisioning-runs', delaySeconds: 30 }] });
    const oktaSince = d.oktaMark();
    const person = d.person('early');
    const request = await d.raiseAndApprove(d.values(person));
    expect(d.run(request.issueId)?.status).toBe('queued');
    client.sandbox.platform.emitProductEvent(approvalEvent(request));
    client.sandbox.platform.emitProductEvent(approvalEvent(request));
    await client.advance(RECOVERY_SECONDS);
    expect(await outcomeOf(d, request, person.login, oktaSince)).toEqual(succeeded(request));
  });

  test('a failed request moved back to In Progress by an agent does not provision again', async () => {
    const person = { login: client.sandbox.oktaSeed.takenLogin, first: 'Tina', last: 'Taken' };
    const request = await d.raiseAndApprove(d.values(person, { 'Work email': 'tina.taken@provisio-demo.example', Username: person.login }));
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    const commentsBefore = await d.markerCounts(request.issueKey);
    const slackBefore = d.slackTexts().length;
    const oktaBefore = d.oktaMark();

    // Jira's own "Retry" transition, back and forth, as an agent: a new status-change event each time.
    for (const to of ['In Progress', 'Provisioning failed', 'In Progress']) {
      const transitions = await d.agent().get<{ transitions: { id: string; to: { name: string } }[] }>(`/rest/api/3/issue/${request.issueKey}/transitions`);
      const id = transitions.body.transitions.find((t) => t.to.name === to)?.id;
      expect(id).toBeDefined();
      expect((await d.agent().post(`/rest/api/3/issue/${request.issueKey}/transitions`, { transition: { id } })).status).toBe(204);
      await client.settle();
    }
    await client.advance(60);

    expect(d.oktaRequests(oktaBefore).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await d.markerCounts(request.issueKey)).toEqual(commentsBefore);
    expect(d.slackTexts().length).toBe(slackBefore);
    expect(d.run(request.issueId)?.status).toBe('failed');
    expect((await d.oktaUsersFor('tina.taken@provisio-demo.example')).length).toBe(0);
  });
});

describe('duplicated queue deliveries', () => {
  let client: SandboxClient;
  let d: OnboardingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    d = new OnboardingDriver(client);
  });
  afterAll(() => client.close());
  afterEach(() => client.control('DELETE', '/__sandbox/faults'));

  test('the run delivered twice at once: one user, the same groups, each comment once', async () => {
    await client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'duplicate', count: 5, match: 'provisioning-runs' }] });
    const oktaSince = d.oktaMark();
    const person = d.person('twice');
    const request = await d.raiseAndApprove(d.values(person));
    await client.advance(RECOVERY_SECONDS);
    // Two invocations really ran at the same time, and only one did the work.
    const invocations = d.consumerInvocations();
    expect(invocations.length).toBeGreaterThanOrEqual(2);
    expect(invocations.filter((i) => (i.calls.okta ?? 0) > 0)).toHaveLength(1);
    expect(await outcomeOf(d, request, person.login, oktaSince)).toEqual(succeeded(request));
  });

  test('a failing run delivered twice reports its failure once (one comment pair, one Slack message)', async () => {
    await client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'duplicate', count: 5, match: 'provisioning-runs' }] });
    const slackBefore = d.slackTexts().length;
    const request = await d.raiseAndApprove(d.values(d.person('twicefail'), { Username: client.sandbox.oktaSeed.takenLogin }));
    await client.advance(RECOVERY_SECONDS);
    const markers = await d.markerCounts(request.issueKey);
    expect(Object.values(markers)).toEqual([1, 1]);
    expect(Object.keys(markers).every((m) => m.startsWith(`${request.issueId}:failure:`))).toBe(true);
    expect(d.slackTexts().slice(slackBefore)).toHaveLength(1);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
  });
});

/**
 * Every external call one successful run makes, in order (a fresh sandbox: no Okta token cached
 * yet). `prefix` narrows the crash fault to that call; it is armed right after the previous one.
 */
interface ExpectedCall {
  name: string;
  target: 'okta' | 'jira' | 'slack';
  method: string;
  path: RegExp;
  prefix: (r: CreatedRequest) => string;
}
const RUN_CALLS: ExpectedCall[] = [
  { name: 'JSM: read the request', target: 'jira', method: 'GET', path: /^\/rest\/servicedeskapi\/request\/\d+$/, prefix: (r) => `/rest/servicedeskapi/request/${r.issueId}` },
  { name: 'Okta: token request (DPoP nonce challenge)', target: 'okta', method: 'POST', path: /^\/oauth2\/v1\/token$/, prefix: () => '/oauth2/v1/token' },
  { name: 'Okta: token request with the nonce', target: 'okta', method: 'POST', path: /^\/oauth2\/v1\/token$/, prefix: () => '/oauth2/v1/token' },
  { name: 'Okta: look up the login', target: 'okta', method: 'GET', path: /^\/api\/v1\/users$/, prefix: () => '/api/v1/users' },
  { name: 'Okta: create the user', target: 'okta', method: 'POST', path: /^\/api\/v1\/users$/, prefix: () => '/api/v1/users' },
  { name: 'Okta: find the first group', target: 'okta', method: 'GET', path: /^\/api\/v1\/groups$/, prefix: () => '/api/v1/groups' },
  { name: 'Okta: add to the first group', target: 'okta', method: 'PUT', path: /^\/api\/v1\/groups\/\w+\/users\/\w+$/, prefix: () => '/api/v1/groups/' },
  { name: 'Okta: find the second group', target: 'okta', method: 'GET', path: /^\/api\/v1\/groups$/, prefix: () => '/api/v1/groups' },
  { name: 'Okta: add to the second group', target: 'okta', method: 'PUT', path: /^\/api\/v1\/groups\/\w+\/users\/\w+$/, prefix: () => '/api/v1/groups/' },
  { name: 'Jira: check for the agents’ comment', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: post the agents’ comment', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: check for the requester’s comment', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: post the requester’s comment', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: read the status and transitions', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}` },
  { name: 'Jira: move to Done', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/transitions$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/transitions` },
];

const matches = (call: TappedCall | undefined, expected: ExpectedCall) => !!call && call.target === expected.target && call.method === expected.method && expected.path.test(call.path);

/** Every external call a run makes when the login is taken by someone else: the lookup, then the failure reports. */
const FAILING_RUN_CALLS: ExpectedCall[] = [
  ...RUN_CALLS.slice(0, 4),
  { name: 'Jira: check for the agents’ failure comment', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: post the agents’ failure comment', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: check for the requester’s failure comment', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: post the requester’s failure comment', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/comment$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/comment` },
  { name: 'Jira: read the status and transitions', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/issue\/ITS-\d+$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}` },
  { name: 'Jira: move to Provisioning failed', target: 'jira', method: 'POST', path: /^\/rest\/api\/3\/issue\/ITS-\d+\/transitions$/, prefix: (r) => `/rest/api/3/issue/${r.issueKey}/transitions` },
  { name: 'Jira: read the site address for the Slack link', target: 'jira', method: 'GET', path: /^\/rest\/api\/3\/serverInfo$/, prefix: () => '/rest/api/3/serverInfo' },
  { name: 'Slack: post the failure', target: 'slack', method: 'POST', path: /^\/services\/T\w+\/B\w+\/\w+$/, prefix: () => '/services/' },
];

/** A fresh sandbox per case, a tap on the stand-ins, and a way to crash the run right after its n-th external call. */
function crashHarness() {
  const h = {} as { client: SandboxClient; d: OnboardingDriver; tap: CallTap };
  beforeEach(async () => {
    // A fresh sandbox per case: the same call sequence (token requests included) every time.
    h.client = await SandboxClient.start();
    h.d = new OnboardingDriver(h.client);
    h.tap = CallTap.install(h.client.sandbox);
  });
  afterEach(async () => {
    h.tap.uninstall();
    await h.client.close();
  });
  const runCalls = () => h.tap.calls.filter((c) => c.functionKey === CONSUMER);

  /** Raises and approves a request whose run waits in the queue until the clock moves. */
  async function approvedButNotRun(overrides: Record<string, unknown> = {}): Promise<{ request: CreatedRequest; login: string }> {
    await h.client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'delay', count: 1, match: 'provisioning-runs', delaySeconds: 1 }] });
    const person = h.d.person('crash');
    const request = await h.d.raiseAndApprove(h.d.values(person, overrides));
    expect(runCalls()).toEqual([]);
    return { request, login: person.login };
  }

  /** Lets the run go, crashing it right after its call number `index` (a crashAfter stand-in fault armed just before). */
  async function runWithCrashAfter(index: number, expected: ExpectedCall, request: CreatedRequest): Promise<void> {
    const fault = { standIns: [{ target: expected.target, method: expected.method, pathPrefix: expected.prefix(request), count: 1, crashAfter: true }] };
    if (index === 0) {
      await h.client.control('POST', '/__sandbox/faults', fault);
    } else {
      // Armed right after the previous call of the run, so it hits exactly this one.
      const stop = h.tap.afterCall(async (call) => {
        if (call.functionKey !== CONSUMER || runCalls().length !== index) return;
        stop();
        await h.client.control('POST', '/__sandbox/faults', fault);
      });
    }
    await h.client.advance(2);

    // The call was made, and the invocation that made it died right there.
    const crashedCall = runCalls()[index];
    expect(matches(crashedCall, expected)).toBe(true);
    const crashed = h.d.consumerInvocations().find((i) => i.invocationId === crashedCall?.invocationId);
    expect(crashed?.outcome).toBe('error');
    expect(crashed?.error).toMatch(/InvocationCrashedError/);
    expect(runCalls().filter((c) => c.invocationId === crashedCall?.invocationId)).toHaveLength(index + 1);
    expect((await h.client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns).toEqual([]);
  }

  return { h, runCalls, approvedButNotRun, runWithCrashAfter };
}

describe('a crash right after each external call, then the platform’s retry', () => {
  const { h, runCalls, approvedButNotRun, runWithCrashAfter } = crashHarness();

  test('a run without faults makes exactly the listed calls', async () => {
    const { request, login } = await approvedButNotRun();
    await h.client.advance(5);
    const calls = runCalls();
    expect(calls.map(describeCall)).toHaveLength(RUN_CALLS.length);
    RUN_CALLS.forEach((expected, i) => expect({ i, name: expected.name, ok: matches(calls[i], expected) }).toEqual({ i, name: expected.name, ok: true }));
    expect(await outcomeOf(h.d, request, login)).toEqual(succeeded(request));
  });

  test.each(RUN_CALLS.map((c, i) => [i, c.name, c] as const))('crash after call %i (%s): the retry finishes with one user, the same groups, each comment once', async (index, _name, expected) => {
    const { request, login } = await approvedButNotRun();
    await runWithCrashAfter(index, expected, request);
    await h.client.advance(RECOVERY_SECONDS);
    expect(await outcomeOf(h.d, request, login)).toEqual(succeeded(request));
    // A user the run created is reported as created, even when the retry found it already there.
    expect(h.d.run(request.issueId)?.steps.find((s) => s.id === 'create-user')?.detail).toMatch(/^Created Okta user/);
    const agents = (await h.d.comments(request.issueKey)).filter(isInternal);
    expect(agents).toHaveLength(1);
    expect(commentText(agents[0]!)).not.toMatch(/linked/i);
  });
});

describe('a crash while a failure is being reported, then the platform’s retry', () => {
  const { h, runCalls, approvedButNotRun, runWithCrashAfter } = crashHarness();
  const takenBySomeoneElse = () => ({ Username: h.client.sandbox.oktaSeed.takenLogin });

  async function failureOutcome(request: CreatedRequest) {
    return {
      status: await h.d.status(request.issueKey),
      run: h.d.run(request.issueId)?.status,
      pendingReports: h.d.run(request.issueId)?.failureNotices ?? [],
      // The failure markers carry the attempt, which a crash before the failure moves on by one.
      markers: Object.fromEntries(Object.entries(await h.d.markerCounts(request.issueKey)).map(([m, n]) => [m.replace(/:failure:\d+:/, ':failure:N:'), n])),
      slack: h.d.slackTexts().filter((t) => mentions(t, request) && t.includes('already used by another Okta user')).length,
      userCreations: h.d.oktaRequests().filter((r) => r.method === 'POST' && r.path === '/api/v1/users').length,
    };
  }
  const reported = (request: CreatedRequest) => ({
    status: 'Provisioning failed',
    run: 'failed',
    pendingReports: [],
    markers: { [`${request.issueId}:failure:N:agents`]: 1, [`${request.issueId}:failure:N:requester`]: 1 },
    slack: 1,
    userCreations: 0,
  });

  test('a failing run without faults makes exactly the listed calls', async () => {
    const { request } = await approvedButNotRun(takenBySomeoneElse());
    await h.client.advance(5);
    const calls = runCalls();
    expect(calls.map(describeCall)).toHaveLength(FAILING_RUN_CALLS.length);
    FAILING_RUN_CALLS.forEach((expected, i) => expect({ i, name: expected.name, ok: matches(calls[i], expected) }).toEqual({ i, name: expected.name, ok: true }));
    expect(await failureOutcome(request)).toEqual(reported(request));
  });

  test.each(FAILING_RUN_CALLS.map((c, i) => [i, c.name, c] as const).slice(3))(
    'crash after call %i (%s): every report is made, each comment once, Slack once',
    async (index, _name, expected) => {
      const { request } = await approvedButNotRun(takenBySomeoneElse());
      await runWithCrashAfter(index, expected, request);
      await h.client.advance(RECOVERY_SECONDS);
      expect(await failureOutcome(request)).toEqual(reported(request));
    },
  );
});
