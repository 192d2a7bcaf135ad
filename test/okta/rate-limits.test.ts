import { DEFAULT_RATE_LIMITS, type OktaRateBucket } from '../../sandbox/okta';
import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, json, useWorld, type OktaWorld } from './client';

const recorder = new ExchangeRecorder();
const world = useWorld(recorder);

let w: OktaWorld;
beforeEach(async () => {
  w = world();
  await w.client.authenticate(['okta.users.manage', 'okta.groups.manage']);
});

const rate = (response: Response) => ({
  limit: Number(response.headers.get('x-rate-limit-limit')),
  remaining: Number(response.headers.get('x-rate-limit-remaining')),
  reset: Number(response.headers.get('x-rate-limit-reset')),
});

describe('Okta rate limits', () => {
  test('every response carries X-Rate-Limit-* headers: successes, errors, the token endpoint, unknown paths', async () => {
    const responses = [
      await w.client.api('GET', '/api/v1/groups'),
      await w.client.api('GET', '/api/v1/users/00uDoesNotExist00000'),
      await w.client.api('GET', '/api/v1/users', { auth: null, proof: null }),
      await w.client.tokenRequest({ grant_type: 'client_credentials', scope: 'okta.users.read' }),
      await w.client.api('GET', '/api/v1/apps'),
    ];
    for (const response of responses) {
      const r = rate(response);
      expect(r.limit).toBeGreaterThan(0);
      expect(r.remaining).toBeGreaterThanOrEqual(0);
      expect(r.reset).toBeGreaterThan(Math.floor(w.clock.now() / 1000));
    }
    expect(rate(responses[0]!).limit).toBe(DEFAULT_RATE_LIMITS.groups);
  });

  test('over the limit: 429 E0000047 until X-Rate-Limit-Reset on the virtual clock, then recovery', async () => {
    w.okta.store.setRateLimit('users-get', 3);
    const ben = w.seed.users.find((u) => u.login.startsWith('ben'))!;
    const get = () => w.client.api('GET', `/api/v1/users/${ben.id}`);
    const remaining: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await get();
      expect(response.status).toBe(200);
      remaining.push(rate(response).remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);

    const limited = await get();
    expect(limited.status).toBe(429);
    expect(await json(limited)).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorCauses: [],
    });
    const { limit, remaining: left, reset } = rate(limited);
    expect([limit, left]).toEqual([3, 0]);

    // Other buckets are unaffected.
    expect((await w.client.api('GET', '/api/v1/groups')).status).toBe(200);

    w.clock.advanceTo(reset * 1000 - 1_000);
    expect((await get()).status).toBe(429);
    w.clock.advanceTo(reset * 1000);
    const recovered = await get();
    expect(recovered.status).toBe(200);
    expect(rate(recovered).remaining).toBe(2);
    expect(rate(recovered).reset).toBeGreaterThanOrEqual(reset + 60);
  });

  test('refused requests do not use up quota, and the log shows the 429s', async () => {
    w.okta.store.setRateLimit('group-memberships', 1);
    const group = w.seed.groups.find((g) => g.name === 'Sales')!.id;
    const ben = w.seed.users.find((u) => u.login.startsWith('ben'))!.id;
    expect((await w.client.api('PUT', `/api/v1/groups/${group}/users/${ben}`)).status).toBe(204);
    for (let i = 0; i < 3; i += 1) expect((await w.client.api('DELETE', `/api/v1/groups/${group}/users/${ben}`)).status).toBe(429);
    w.clock.advance(60_000);
    expect((await w.client.api('DELETE', `/api/v1/groups/${group}/users/${ben}`)).status).toBe(204);
    const statuses = w.okta.requestLog().filter((e) => e.bucket === 'group-memberships').map((e) => e.status);
    expect(statuses).toEqual([204, 429, 429, 429, 204]);
  });

  test('the token endpoint has its own bucket and wording', async () => {
    w.okta.store.setRateLimit('token', 1);
    w.okta.store.rateLimiter.resetWindows();
    const form = w.client.tokenForm(await w.client.assertion(), 'okta.users.read');
    await w.client.tokenRequest(form);
    const limited = await w.client.tokenRequest(w.client.tokenForm(await w.client.assertion(), 'okta.users.read'));
    expect(limited.status).toBe(429);
    expect(await json(limited)).toMatchObject({ errorCode: 'E0000047', errorSummary: 'You exceeded the maximum number of requests. Try again in a while.' });
  });

  test('limits are validated', () => {
    expect(() => w.okta.store.setRateLimit('nope' as OktaRateBucket, 5)).toThrow(RangeError);
    expect(() => w.okta.store.setRateLimit('users-create', 0)).toThrow(RangeError);
    w.okta.store.setRateLimit('users-create', 5);
    expect(w.okta.store.rateLimit('users-create')).toBe(5);
  });

  test('snapshots keep configured limits', () => {
    w.okta.store.setRateLimit('users-list', 7);
    const snapshot = JSON.parse(JSON.stringify(w.okta.snapshot())) as unknown;
    w.okta.store.setRateLimit('users-list', 9);
    w.okta.restore(snapshot);
    expect(w.okta.store.rateLimit('users-list')).toBe(7);
  });
});

specConformanceSuite(recorder);
