import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { OktaClient, rateLimitResetAt } from '../../src/adapters/okta/okta-client';
import { OktaApiError, OktaAuthError, OktaRateLimitedError } from '../../src/adapters/okta/okta-errors';
import type { CachedToken, TokenCache } from '../../src/adapters/okta/okta-token';
import { UpstreamError } from '../../src/domain/errors';
import { installVirtualDate, VirtualClock } from '../../sandbox/platform/clock';
import { createOktaStandIn, seedOktaDemo, type OktaDemoSeed, type OktaStandIn } from '../../sandbox/okta';

/**
 * Provisio's Okta client against the Okta stand-in, in process: private_key_jwt with DPoP, the
 * token cache, and how each kind of failure is handled. Time is the stand-in's virtual clock
 * (Date is patched to read it), and the client's waits move that clock instead of sleeping.
 */

const ORG_URL = 'https://provisio-demo.okta.com';
const START = Date.parse('2026-11-21T09:00:00.000Z');
const LOOKUP = `/api/v1/users?search=${encodeURIComponent('profile.login eq "ben.ortiz@provisio-demo.example"')}`;

interface Sent {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  status: number;
  responseHeaders: Headers;
}

/** A scripted answer instead of the stand-in's, for the next request that matches. */
type Script = { match: (r: Request) => boolean; respond: () => Response; times: number };

let clock: VirtualClock;
let okta: OktaStandIn;
let seed: OktaDemoSeed;
let restoreDate: () => void;
let seeded: unknown;

beforeAll(async () => {
  clock = new VirtualClock(START);
  restoreDate = installVirtualDate(clock);
  okta = createOktaStandIn({ clock, orgUrl: ORG_URL });
  seed = await seedOktaDemo(okta);
  seeded = okta.snapshot();
});
afterAll(() => restoreDate());

interface World {
  client: OktaClient;
  sent: Sent[];
  sleeps: number[];
  scripts: Script[];
  cache: { value: CachedToken | undefined; clears: number };
  tokenRequests(): Sent[];
  apiRequests(): Sent[];
}

function world(options: { maxRateLimitWaitMs?: number; scopes?: string[]; privateKeyPem?: string } = {}): World {
  const sent: Sent[] = [];
  const sleeps: number[] = [];
  const scripts: Script[] = [];
  const cache = { value: undefined as CachedToken | undefined, clears: 0 };
  const tokenCache: TokenCache = {
    get: async () => cache.value,
    set: async (token) => void (cache.value = token),
    clear: async () => {
      cache.clears += 1;
      cache.value = undefined;
    },
  };
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    const script = scripts.find((s) => s.times > 0 && s.match(request));
    let response: Response;
    if (script) {
      script.times -= 1;
      response = script.respond();
    } else {
      response = await okta.handle(request);
    }
    const url = new URL(request.url);
    sent.push({ method: request.method, path: url.pathname, headers: request.headers, body, status: response.status, responseHeaders: response.headers });
    return response;
  }) as typeof fetch;
  const client = new OktaClient({
    connection: { orgUrl: ORG_URL, clientId: seed.clientId, keyId: seed.keyId, scopes: options.scopes ?? ['okta.users.read', 'okta.groups.manage'], dpop: true },
    privateKeyPem: async () => options.privateKeyPem ?? seed.privateKeyPem,
    tokenCache,
    fetchFn,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    ...(options.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: options.maxRateLimitWaitMs } : {}),
  });
  return {
    client,
    sent,
    sleeps,
    scripts,
    cache,
    tokenRequests: () => sent.filter((s) => s.path === '/oauth2/v1/token'),
    apiRequests: () => sent.filter((s) => s.path.startsWith('/api/v1/')),
  };
}

const isApi = (r: Request) => new URL(r.url).pathname.startsWith('/api/v1/');
const oktaError = (status: number, errorCode: string, summary: string, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify({ errorCode, errorSummary: summary, errorLink: errorCode, errorId: 'oae-test', errorCauses: [] }), { status, headers: { 'content-type': 'application/json', ...headers } });
const lookup = (w: World) => w.client.request<{ id: string }[]>('GET', LOOKUP, 'look up Ben');

beforeEach(() => {
  okta.restore(seeded);
  okta.store.clearRequestLog();
});

describe('tokens', () => {
  test('one token (after the DPoP nonce round trip) serves every request until shortly before it expires, then a new one is fetched', async () => {
    const w = world();
    for (let i = 0; i < 3; i += 1) expect((await lookup(w)).body.map((u) => u.id)).toHaveLength(1);
    expect(w.tokenRequests().map((t) => t.status)).toEqual([400, 200]);
    const first = w.cache.value?.accessToken;
    expect(first).toBeDefined();

    // Okta tokens last an hour; Provisio renews five minutes early.
    clock.advance((3600 - 5 * 60 - 10) * 1000);
    await lookup(w);
    expect(w.tokenRequests()).toHaveLength(2);
    clock.advance(20 * 1000);
    await lookup(w);
    expect(w.tokenRequests().map((t) => t.status)).toEqual([400, 200, 400, 200]);
    expect(w.cache.value?.accessToken).not.toBe(first);
    expect(w.apiRequests().every((r) => r.status === 200)).toBe(true);
  });

  test('a cached token without every configured scope is not used', async () => {
    const narrow = world({ scopes: ['okta.users.read'] });
    await lookup(narrow);
    const wide = world({ scopes: ['okta.users.read', 'okta.groups.manage'] });
    wide.cache.value = narrow.cache.value;
    await lookup(wide);
    expect(wide.tokenRequests().map((t) => t.status)).toEqual([400, 200]);
    expect(wide.cache.value?.scopes).toEqual(['okta.users.read', 'okta.groups.manage']);
  });

  test('the DPoP nonce round trip: the nonce Okta hands out is in the second proof, with a fresh assertion', async () => {
    const w = world();
    await lookup(w);
    const [challenge, granted] = w.tokenRequests();
    const nonce = challenge!.responseHeaders.get('dpop-nonce');
    expect(nonce).toBeTruthy();
    const firstProof = decodeJwt(challenge!.headers.get('dpop')!);
    const secondProof = decodeJwt(granted!.headers.get('dpop')!);
    expect(firstProof.nonce).toBeUndefined();
    expect(secondProof).toMatchObject({ nonce, htm: 'POST', htu: `${ORG_URL}/oauth2/v1/token` });
    expect(decodeProtectedHeader(granted!.headers.get('dpop')!)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    const assertions = [challenge!, granted!].map((t) => decodeJwt(new URLSearchParams(t.body).get('client_assertion')!));
    expect(assertions[0]!.jti).not.toBe(assertions[1]!.jti);
    expect(assertions[1]).toMatchObject({ iss: seed.clientId, sub: seed.clientId, aud: `${ORG_URL}/oauth2/v1/token` });
    expect(w.cache.value?.tokenType).toBe('DPoP');
  });

  test('resource calls carry the DPoP-bound token and a proof for exactly that request', async () => {
    const w = world();
    await lookup(w);
    const call = w.apiRequests()[0]!;
    const token = w.cache.value!.accessToken;
    expect(call.headers.get('authorization')).toBe(`DPoP ${token}`);
    const proof = decodeJwt(call.headers.get('dpop')!);
    expect(proof).toMatchObject({ htm: 'GET', htu: `${ORG_URL}/api/v1/users`, ath: createHash('sha256').update(token).digest('base64url') });
  });

  test('a resource server nonce challenge is answered with a proof carrying it, without a new token', async () => {
    const w = world();
    await lookup(w);
    w.scripts.push({ match: isApi, times: 1, respond: () => new Response(null, { status: 401, headers: { 'DPoP-Nonce': 'server-nonce-1', 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"' } }) });
    await lookup(w);
    const [refused, retried] = w.apiRequests().slice(1);
    expect(refused!.status).toBe(401);
    expect(decodeJwt(retried!.headers.get('dpop')!).nonce).toBe('server-nonce-1');
    expect(retried!.status).toBe(200);
    expect(w.tokenRequests()).toHaveLength(2);
  });

  test('401 from a revoked token: the cache is cleared and one new token is fetched', async () => {
    const w = world();
    await lookup(w);
    okta.store.tokens.clear(); // Okta forgot the token (revoked, rotated keys…)
    expect((await lookup(w)).status).toBe(200);
    expect(w.apiRequests().map((r) => r.status)).toEqual([200, 401, 200]);
    expect(w.tokenRequests()).toHaveLength(4);
    expect(w.cache.clears).toBe(1);
  });

  test('401 that persists after the refresh is an error with Okta’s errorCode, after exactly one refresh', async () => {
    const w = world();
    w.scripts.push({ match: isApi, times: 10, respond: oktaError(401, 'E0000011', 'Invalid token provided') });
    const error = await lookup(w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({ status: 401, errorCode: 'E0000011', message: 'Okta could not look up Ben: Invalid token provided' });
    expect(w.apiRequests()).toHaveLength(2);
    expect(w.tokenRequests()).toHaveLength(4);
  });

  test('the token endpoint refusing the app is an OktaAuthError with Okta’s error code', async () => {
    const other = await seedOktaDemo(createOktaStandIn({ clock, orgUrl: ORG_URL }));
    const w = world({ privateKeyPem: other.privateKeyPem });
    const error = await lookup(w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaAuthError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client' });
    expect((error as Error).message).toMatch(/^Okta could not issue an access token: /);
    expect(w.apiRequests()).toEqual([]);
  });

  test('testConnection always fetches a fresh token', async () => {
    const w = world();
    await lookup(w);
    const before = Date.now();
    const result = await w.client.testConnection();
    expect(result).toMatchObject({ tokenType: 'DPoP', scopes: ['okta.users.read', 'okta.groups.manage'] });
    expect(result.expiresAt).toBeGreaterThanOrEqual(before + 3600 * 1000);
    expect(result.expiresAt).toBeLessThanOrEqual(Date.now() + 3600 * 1000);
    expect(w.tokenRequests()).toHaveLength(4);
  });
});

/**
 * The client waits for what is left of a Retry-After, measured from when it read the header, so
 * the milliseconds that pass on a busy machine between reading and sleeping come off the wait.
 */
function expectWaits(sleeps: number[], retryAfterMs: number[]): void {
  expect(sleeps).toHaveLength(retryAfterMs.length);
  sleeps.forEach((slept, i) => {
    expect(slept).toBeLessThanOrEqual(retryAfterMs[i]!);
    expect(slept).toBeGreaterThan(retryAfterMs[i]! - 250);
  });
}

describe('rate limits', () => {
  test('a 429 with a short Retry-After is waited for, then the call is made again', async () => {
    const w = world();
    w.scripts.push({ match: isApi, times: 1, respond: oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', { 'Retry-After': '3' }) });
    expect((await lookup(w)).status).toBe(200);
    expectWaits(w.sleeps, [3000]);
    expect(w.apiRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  test('a 429 whose X-Rate-Limit-Reset is far away throws OktaRateLimitedError with the reset time, without waiting', async () => {
    const w = world();
    const reset = Math.ceil(Date.now() / 1000) + 45;
    w.scripts.push({ match: isApi, times: 1, respond: oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', { 'X-Rate-Limit-Reset': String(reset) }) });
    const error = await lookup(w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaRateLimitedError);
    expect(error).toMatchObject({ status: 429, errorCode: 'E0000047', retryAt: reset * 1000 });
    expect(error).toBeInstanceOf(UpstreamError);
    expect(w.sleeps).toEqual([]);
    expect(w.apiRequests()).toHaveLength(1);
  });

  test('short waits are bounded: after two waits the third 429 throws', async () => {
    const w = world();
    w.scripts.push({ match: isApi, times: 3, respond: oktaError(429, 'E0000047', 'slow down', { 'Retry-After': '1' }) });
    await expect(lookup(w)).rejects.toBeInstanceOf(OktaRateLimitedError);
    expectWaits(w.sleeps, [1000, 1000]);
    expect(w.apiRequests()).toHaveLength(3);
  });

  test('the org’s own per-minute limit: refused with the window’s reset, and fine once the window has passed', async () => {
    okta.store.setRateLimit('users-list', 1);
    const w = world({ maxRateLimitWaitMs: 1000 });
    await lookup(w);
    const error = (await lookup(w).catch((e: unknown) => e)) as OktaRateLimitedError;
    expect(error).toBeInstanceOf(OktaRateLimitedError);
    const refused = w.apiRequests()[1]!;
    expect(refused.status).toBe(429);
    expect(error.retryAt).toBe(Number(refused.responseHeaders.get('x-rate-limit-reset')) * 1000);
    expect(error.retryAt).toBeGreaterThan(Date.now());
    clock.advance(error.retryAt - Date.now());
    expect((await lookup(w)).status).toBe(200);
  });

  test('the token endpoint’s 429 is a rate limit too: a short one is waited for, a long one throws with its reset', async () => {
    const isToken = (r: Request) => new URL(r.url).pathname === '/oauth2/v1/token';
    const w = world();
    w.scripts.push({ match: isToken, times: 1, respond: oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', { 'Retry-After': '2' }) });
    expect((await lookup(w)).status).toBe(200);
    expectWaits(w.sleeps, [2000]);
    expect(w.tokenRequests().map((t) => t.status)).toEqual([429, 400, 200]);

    const later = world();
    const reset = Math.ceil(Date.now() / 1000) + 50;
    later.scripts.push({ match: isToken, times: 1, respond: oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', { 'X-Rate-Limit-Reset': String(reset) }) });
    const error = await lookup(later).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaRateLimitedError);
    expect(error).toMatchObject({ status: 429, errorCode: 'E0000047', retryAt: reset * 1000 });
    expect(later.apiRequests()).toEqual([]);
  });

  test('rateLimitResetAt: Retry-After wins, then X-Rate-Limit-Reset, else a minute', () => {
    // Virtual time runs on between two readings, so "now" is a range.
    const near = (headers: Record<string, string>, offsetMs: number) => {
      const before = Date.now();
      const at = rateLimitResetAt(new Headers(headers));
      return at >= before + offsetMs && at <= Date.now() + offsetMs;
    };
    expect(near({ 'retry-after': '5', 'x-rate-limit-reset': '1' }, 5000)).toBe(true);
    expect(rateLimitResetAt(new Headers({ 'x-rate-limit-reset': '2000000000' }))).toBe(2_000_000_000_000);
    expect(near({ 'retry-after': 'soon' }, 60_000)).toBe(true);
    expect(near({}, 60_000)).toBe(true);
  });
});

describe('which failures are retried', () => {
  test.each([500, 502, 503, 504])('%i is retried twice with backoff, then thrown with its status', async (status) => {
    const w = world();
    await lookup(w);
    w.scripts.push({ match: isApi, times: 3, respond: oktaError(status, 'E0000009', 'Internal Server Error') });
    const error = await lookup(w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({ status, errorCode: 'E0000009', message: 'Okta could not look up Ben: Internal Server Error' });
    expect(w.apiRequests()).toHaveLength(4);
    expect(w.sleeps).toHaveLength(2);
    expect(w.sleeps[1]!).toBeGreaterThan(w.sleeps[0]! - 400);
  });

  test('the token endpoint’s 503 is retried like any 5xx, and is not mistaken for a refused app', async () => {
    const isToken = (r: Request) => new URL(r.url).pathname === '/oauth2/v1/token';
    const once = world();
    once.scripts.push({ match: isToken, times: 1, respond: oktaError(503, 'E0000009', 'Service Unavailable') });
    expect((await lookup(once)).status).toBe(200);
    expect(once.tokenRequests().map((t) => t.status)).toEqual([503, 400, 200]);

    const always = world();
    always.scripts.push({ match: isToken, times: 10, respond: oktaError(503, 'E0000009', 'Service Unavailable') });
    const error = await lookup(always).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).not.toBeInstanceOf(OktaAuthError);
    expect(error).toMatchObject({ status: 503, errorCode: 'E0000009', message: 'Okta could not issue an access token: Service Unavailable' });
    expect(always.tokenRequests()).toHaveLength(3);
  });

  test('503 once: the retry succeeds', async () => {
    const w = world();
    w.scripts.push({ match: isApi, times: 1, respond: oktaError(503, 'E0000009', 'Service Unavailable') });
    expect((await lookup(w)).status).toBe(200);
    expect(w.apiRequests().map((r) => r.status)).toEqual([503, 200]);
  });

  test.each([
    [400, 'E0000001', 'Api validation failed: login'],
    [403, 'E0000006', 'You do not have permission to perform the requested action'],
    [404, 'E0000007', 'Not found: Resource not found: x (User)'],
    [409, 'E0000001', 'Conflict'],
    [501, 'E0000060', 'Unsupported operation.'],
  ])('%i is an answer: not retried, errorCode %s kept', async (status, errorCode, summary) => {
    const w = world();
    w.scripts.push({ match: isApi, times: 5, respond: oktaError(status, errorCode, summary) });
    const error = await lookup(w).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OktaApiError', status, errorCode, message: `Okta could not look up Ben: ${summary}` });
    expect(w.apiRequests()).toHaveLength(1);
    expect(w.sleeps).toEqual([]);
  });

  test('a network failure is retried, then reported as Okta unreachable with the cause kept', async () => {
    const w = world();
    await lookup(w);
    const cause = new TypeError('fetch failed');
    w.scripts.push({
      match: isApi,
      times: 3,
      respond: () => {
        throw cause;
      },
    });
    const error = (await lookup(w).catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('Okta could not be reached to look up Ben');
    expect(error.cause).toBe(cause);
    expect(w.sleeps).toHaveLength(2);
  });

  test('real Okta answers keep their errorCode and causes: a missing user, a protected group', async () => {
    const w = world();
    const missing = await w.client.request('GET', '/api/v1/users/00unotthere', 'read the user').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, errorCode: 'E0000007' });
    const protectedGroup = seed.groups.find((g) => g.protected)!;
    const ben = seed.users.find((u) => u.login.startsWith('ben.'))!;
    const refused = await w.client.request('PUT', `/api/v1/groups/${protectedGroup.id}/users/${ben.id}`, 'add Ben to the admins').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OktaApiError);
    expect(refused).toMatchObject({ status: 403, errorCode: 'E0000006' });
    expect((refused as Error).message).toMatch(/^Okta could not add Ben to the admins: /);
  });
});
