import { createConformancePlatform, START } from '../helpers/conformance-platform';

/**
 * Drives the real, unmodified @forge/api, @forge/events and @forge/resolver through the sandbox
 * platform. If an SDK upgrade changes the seam (globals, descriptors, paths, bodies), these fail.
 */
describe('local Forge platform with the real SDKs', () => {
  let sandbox: ReturnType<typeof createConformancePlatform>;
  beforeEach(() => {
    sandbox = createConformancePlatform();
  });
  afterEach(() => sandbox.close());

  describe('resolvers (@forge/resolver)', () => {
    test('a resolver gets the invoking account, the extension context and the app version', async () => {
      const result = await sandbox.resolve('whoami', {}, 'user-42');
      expect(result).toEqual({ accountId: 'user-42', extension: { type: 'jira:issuePanel', issue: { key: 'ITS-1' } }, appVersion: '3.1.4' });
    });

    test('an unknown resolver key fails the invocation', async () => {
      await expect(sandbox.resolve('no-such-key')).rejects.toThrow("Resolver has no definition for 'no-such-key'");
      expect(sandbox.platform.log.list({ functionKey: 'on-resolve' }).at(-1)?.outcome).toBe('error');
    });

    test('resolvers are cut off at 25 s (scaled down here) and recorded as timed out', async () => {
      sandbox.platform.runner.timeLimitScale = 0.01; // 250 ms
      await expect(sandbox.resolve('slow', { ms: 2000 })).rejects.toThrow('timed out');
      const record = sandbox.platform.log.list({ functionKey: 'on-resolve' }).at(-1);
      expect(record?.outcome).toBe('timeout');
      expect(record?.durationMs).toBeGreaterThanOrEqual(240);
      expect(record?.durationMs).toBeLessThan(2000);
    });
  });

  describe('product requests (@forge/api requestJira)', () => {
    test('asUser() acts as the invoking user and asApp() as the app user', async () => {
      const asUser = (await sandbox.resolve('jira-as-user', {}, 'user-7')) as { body: { accountId: string; url: string } };
      expect(asUser.body.accountId).toBe('user-7');
      expect(asUser.body.url).toBe('http://127.0.0.1:9/rest/api/3/myself');
      const asApp = (await sandbox.resolve('jira-as-app', {}, 'user-7')) as { body: { accountId: string } };
      expect(asApp.body.accountId).toBe(sandbox.platform.installation.appAccountId);
    });

    test('asUser() without an invoking user raises NeedsAuthenticationError', async () => {
      await expect(sandbox.resolve('jira-as-user', {}, null)).rejects.toThrow(/authentication/i);
    });

    test('calls are counted on the invocation record', async () => {
      await sandbox.resolve('jira-as-app');
      expect(sandbox.platform.log.list({ functionKey: 'on-resolve' }).at(-1)?.calls).toEqual({ jira: 1 });
    });
  });

  describe('egress (global fetch inside invocations)', () => {
    test('an undeclared host gets a 403 Response, as on Forge', async () => {
      const result = (await sandbox.resolve('fetch', { url: 'https://evil.example/steal' })) as { status: number; text: string };
      expect(result.status).toBe(403);
      expect(result.text).toContain('not declared');
    });

    test('plain HTTP is refused even for a declared host', async () => {
      const result = (await sandbox.resolve('fetch', { url: 'http://api.allowed.example/x' })) as { status: number };
      expect(result.status).toBe(403);
    });

    test('a declared host is routed to its stand-in with the original URL', async () => {
      const seen: string[] = [];
      sandbox.platform.registerStandIn({
        name: 'okta',
        hosts: ['*.okta.com'],
        handle: async (request) => {
          seen.push(request.url);
          return new Response('hello from okta', { status: 200 });
        },
      });
      const result = (await sandbox.resolve('fetch', { url: 'https://acme.okta.com/api/v1/users?q=a' })) as { status: number; text: string };
      expect(result).toEqual({ status: 200, text: 'hello from okta' });
      expect(seen).toEqual(['https://acme.okta.com/api/v1/users?q=a']);
    });

    test('a declared host without a stand-in fails instead of reaching the network', async () => {
      const result = (await sandbox.resolve('fetch', { url: 'https://api.allowed.example/x' })) as { status: number; text: string };
      expect(result.status).toBe(502);
    });

    test('a crashAfter fault lets the call reach the stand-in, then kills the invocation', async () => {
      const seen: string[] = [];
      sandbox.platform.registerStandIn({ name: 'okta', hosts: ['*.okta.com'], handle: async (r) => (seen.push(r.url), new Response('created')) });
      sandbox.platform.faults.add({ standIns: [{ target: 'okta', count: 1, crashAfter: true }] });
      await expect(sandbox.resolve('fetch', { url: 'https://a.okta.com/api/v1/users' })).rejects.toThrow(/crashed/);
      expect(seen).toEqual(['https://a.okta.com/api/v1/users']);
      expect(sandbox.platform.log.list({ functionKey: 'on-resolve' }).at(-1)?.outcome).toBe('error');
      expect(await sandbox.resolve('fetch', { url: 'https://a.okta.com/again' })).toMatchObject({ status: 200 });
    });

    test('stand-in faults inject statuses for the next N calls only', async () => {
      sandbox.platform.registerStandIn({ name: 'okta', hosts: ['*.okta.com'], handle: async () => new Response('ok') });
      sandbox.platform.faults.add({ standIns: [{ target: 'okta', count: 1, status: 429, headers: { 'retry-after': '3' } }] });
      expect(await sandbox.resolve('fetch', { url: 'https://a.okta.com/x' })).toMatchObject({ status: 429 });
      expect(await sandbox.resolve('fetch', { url: 'https://a.okta.com/x' })).toMatchObject({ status: 200 });
    });
  });

  describe('async events (@forge/events)', () => {
    const push = (events: unknown[]) => sandbox.resolve('push', { events }) as Promise<{ jobId: string }>;
    const workBodies = () => sandbox.seen('onWork').map((o) => (o.payload as { body: { id: string } }).body.id);

    test('an event is delivered to the consumer with the AsyncEvent shape', async () => {
      const { jobId } = await push([{ body: { id: 'e1' } }]);
      await sandbox.platform.settle();
      const [delivered] = sandbox.seen('onWork');
      expect(delivered?.payload).toMatchObject({ body: { id: 'e1' }, queueName: 'work', jobId });
      expect(typeof (delivered?.payload as { eventId: string }).eventId).toBe('string');
      expect(await sandbox.resolve('stats', { jobId })).toEqual({ success: 1, inProgress: 0, failed: 0 });
    });

    test('delayInSeconds holds delivery until virtual time reaches it', async () => {
      await push([{ body: { id: 'late' }, delayInSeconds: 600 }]);
      await sandbox.platform.advance(598);
      expect(workBodies()).toEqual([]);
      await sandbox.platform.advance(3);
      expect(workBodies()).toEqual(['late']);
      // Virtual time also flows at real speed, so allow the milliseconds the test itself took.
      expect(sandbox.seen('onWork')[0]!.at - START).toBeGreaterThanOrEqual(600_000);
      expect(sandbox.seen('onWork')[0]!.at - START).toBeLessThan(601_000);
    });

    test('the SDK refuses delays over 900 s and more than 50 events before any request', async () => {
      await expect(push([{ body: { id: 'x' }, delayInSeconds: 901 }])).rejects.toThrow();
      await expect(push(Array.from({ length: 51 }, (_, i) => ({ body: { id: String(i) } })))).rejects.toThrow();
      expect(sandbox.platform.log.list({ functionKey: 'on-resolve' }).every((r) => !r.calls.queue)).toBe(true);
    });

    test('a thrown consumer is retried with backoff and retryContext until it succeeds', async () => {
      const { jobId } = await push([{ body: { id: 'flaky', mode: 'throw', failTimes: 2 } }]);
      await sandbox.platform.advance(3600);
      const attempts = sandbox.seen('onWork');
      expect(attempts).toHaveLength(3);
      expect(attempts.map((a) => (a.payload as { retryContext?: { retryCount: number } }).retryContext?.retryCount)).toEqual([undefined, 1, 2]);
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(10_000);
      expect(await sandbox.resolve('stats', { jobId })).toEqual({ success: 1, inProgress: 0, failed: 0 });
    });

    test('an InvocationError is redelivered after its retryAfter with retryData', async () => {
      await push([{ body: { id: 'rl', mode: 'retry', failTimes: 1 } }]);
      await sandbox.platform.advance(58);
      expect(sandbox.seen('onWork')).toHaveLength(1);
      await sandbox.platform.advance(3);
      const second = sandbox.seen('onWork')[1]?.payload as { retryContext: { retryCount: number; retryReason: string; retryData: unknown } };
      expect(second.retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { id: 'rl' } });
    });

    test('a concurrency key limits how many deliveries run at once', async () => {
      const events = Array.from({ length: 6 }, (_, i) => ({ body: { id: `c${i}`, sleepMs: 40 }, concurrency: { key: 'org-1', limit: 1 } }));
      await push(events);
      await sandbox.platform.settle();
      const runs = sandbox.platform.log.list({ functionKey: 'on-work' }).map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end ?? '') }));
      expect(runs).toHaveLength(6);
      const sorted = [...runs].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
    });

    test('cancel stops pending deliveries of a job', async () => {
      const { jobId } = await push([{ body: { id: 'never' }, delayInSeconds: 300 }]);
      expect(await sandbox.resolve('cancel', { jobId })).toBe('cancelled');
      await sandbox.platform.advance(600);
      expect(workBodies()).toEqual([]);
    });

    test('faults drop, duplicate and delay deliveries', async () => {
      sandbox.platform.faults.add({ queueDeliveries: [{ kind: 'drop', count: 1 }, { kind: 'duplicate', count: 1 }] });
      await push([{ body: { id: 'dropped' } }]);
      await sandbox.platform.settle();
      await push([{ body: { id: 'twice' } }]);
      await sandbox.platform.settle();
      expect(workBodies()).toEqual(['twice', 'twice']);
      sandbox.platform.faults.add({ queueDeliveries: [{ kind: 'delay', count: 1, delaySeconds: 120 }] });
      await push([{ body: { id: 'delayed' } }]);
      await sandbox.platform.advance(118);
      expect(workBodies()).not.toContain('delayed');
      await sandbox.platform.advance(3);
      expect(workBodies()).toContain('delayed');
    });

    test('pending deliveries survive a snapshot and restore (at least once across restarts)', async () => {
      await push([{ body: { id: 'persisted' }, delayInSeconds: 60 }]);
      const snapshot = JSON.parse(JSON.stringify(sandbox.platform.snapshot()));
      sandbox.close();
      sandbox = createConformancePlatform();
      sandbox.platform.restore(snapshot);
      await sandbox.platform.advance(58);
      expect(workBodies()).toEqual([]);
      await sandbox.platform.advance(3);
      expect(workBodies()).toEqual(['persisted']);
    });
  });

  describe('product event triggers', () => {
    const event = (key: string, actor: string) => ({
      eventType: 'avi:jira:updated:issue',
      payload: { issue: { id: '10001', key }, atlassianId: actor, changelog: { items: [] } },
      actorAccountId: actor,
    });

    test('events reach subscribed triggers after the change, with the Forge payload', async () => {
      sandbox.platform.emitProductEvent(event('ITS-1', 'user-1'));
      expect(sandbox.seen('onIssue')).toHaveLength(0);
      await sandbox.platform.settle();
      expect(sandbox.seen('onIssue')[0]?.payload).toMatchObject({ eventType: 'avi:jira:updated:issue', issue: { key: 'ITS-1' }, atlassianId: 'user-1' });
      expect(sandbox.seen('onIssue')[0]?.context).toMatchObject({ installContext: sandbox.platform.installation.contextAri });
    });

    test('ignoreSelf drops the app’s own changes; other triggers see them marked selfGenerated', async () => {
      sandbox.platform.emitProductEvent(event('ITS-2', sandbox.platform.installation.appAccountId));
      await sandbox.platform.settle();
      expect(sandbox.seen('onIssue')).toHaveLength(0);
      expect(sandbox.seen('onIssueAll')[0]?.payload).toMatchObject({ selfGenerated: true });
    });

    test('an InvocationError from a trigger is retried at most four times', async () => {
      sandbox.platform.emitProductEvent(event('RETRY-1', 'user-1'));
      await sandbox.platform.advance(3600);
      expect(sandbox.seen('onIssueAll')).toHaveLength(5);
    });

    test('faults drop and duplicate product events', async () => {
      sandbox.platform.faults.add({ productEvents: [{ kind: 'drop', count: 2 }] });
      sandbox.platform.emitProductEvent(event('ITS-3', 'user-1'));
      await sandbox.platform.settle();
      expect(sandbox.seen('onIssue')).toHaveLength(0);
      sandbox.platform.faults.add({ productEvents: [{ kind: 'duplicate', count: 1, match: 'avi:jira:updated:issue' }] });
      sandbox.platform.emitProductEvent(event('ITS-4', 'user-1'));
      await sandbox.platform.settle();
      expect(sandbox.seen('onIssue').length + sandbox.seen('onIssueAll').length).toBe(3);
    });
  });

  describe('scheduled triggers', () => {
    test('a fiveMinute trigger fires every five virtual minutes with the Forge payload', async () => {
      sandbox.platform.start();
      await sandbox.platform.advance(16 * 60);
      const runs = sandbox.seen('onSchedule');
      expect(runs).toHaveLength(3);
      runs.forEach((run, i) => {
        expect(run.at - START).toBeGreaterThanOrEqual((i + 1) * 300_000);
        expect(run.at - START).toBeLessThan((i + 1) * 300_000 + 1000);
      });
      expect(runs[0]?.payload).toMatchObject({ context: { cloudId: sandbox.platform.installation.cloudId, moduleKey: 'sweep' } });
      expect(runs[0]?.context).not.toHaveProperty('principal');
    });
  });

  describe('web triggers', () => {
    test('webTrigger.getUrl gives a stable /x1/ URL that invokes the function with Forge’s request shape', async () => {
      const url = (await sandbox.resolve('web-url')) as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9\/x1\/[0-9a-f]{32}$/);
      const id = url.split('/x1/')[1] as string;
      const response = await sandbox.platform.handleWebTrigger(
        id,
        '/extra',
        new Request(`${url}/extra?a=1&a=2`, { method: 'POST', body: 'raw body', headers: { 'x-amz-sns-message-type': 'Notification' } }),
      );
      expect(response.status).toBe(202);
      expect(response.headers.get('x-echo')).toBe('a, b');
      expect(await response.json()).toEqual({ received: 'raw body' });
      const request = sandbox.seen('onWeb')[0]?.payload as Record<string, unknown>;
      expect(request).toMatchObject({ method: 'POST', body: 'raw body', userPath: '/extra', queryParameters: { a: ['1', '2'] } });
      expect((request.headers as Record<string, string[]>)['x-amz-sns-message-type']).toEqual(['Notification']);
    });

    test('an invalid web trigger result becomes a 500; an unknown id a 404', async () => {
      const url = (await sandbox.resolve('web-url')) as string;
      const id = url.split('/x1/')[1] as string;
      expect((await sandbox.platform.handleWebTrigger(id, '', new Request(url, { method: 'POST', body: 'invalid' }))).status).toBe(500);
      expect((await sandbox.platform.handleWebTrigger('0'.repeat(32), '', new Request(url))).status).toBe(404);
    });
  });

  describe('invocation log and logs', () => {
    test('each invocation is recorded with module, times, outcome, and what it logged', async () => {
      await sandbox.resolve('push', { events: [{ body: { id: 'hunter2', mode: 'log-secret' } }] });
      await sandbox.platform.settle();
      const record = sandbox.platform.log.list({ functionKey: 'on-work' })[0];
      expect(record).toMatchObject({ moduleKey: 'work-consumer', moduleType: 'consumer', outcome: 'success' });
      expect(record?.logs).toEqual([{ level: 'log', message: 'token is hunter2' }]);
      expect(Date.parse(record?.end ?? '')).toBeGreaterThanOrEqual(Date.parse(record?.start ?? ''));
    });
  });
});
