import { decodeJwt, generateKeyPair } from 'jose';
import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, ORG_URL, TOKEN_URL, json, useWorld, type OktaWorld } from './client';

const recorder = new ExchangeRecorder();
const READ = 'okta.users.read';

interface OAuthBody {
  error?: string;
  error_description?: string;
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
}

/** private_key_jwt against an app without DPoP, so each assertion problem is seen on its own. */
describe('Okta token endpoint: private_key_jwt client assertions', () => {
  const world = useWorld(recorder, { requireDpop: false });
  let w: OktaWorld;
  beforeEach(() => {
    w = world();
  });

  const request = async (assertion: string, scope = READ) => {
    const response = await w.client.tokenRequest(w.client.tokenForm(assertion, scope));
    return { response, body: await json<OAuthBody>(response) };
  };

  test('a valid assertion gets a Bearer token for the granted scopes', async () => {
    const { response, body } = await request(await w.client.assertion(), 'okta.users.read okta.groups.manage');
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.manage' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const claims = decodeJwt(body.access_token!);
    expect(claims).toMatchObject({ iss: ORG_URL, aud: ORG_URL, sub: w.seed.clientId, cid: w.seed.clientId, scp: ['okta.users.read', 'okta.groups.manage'] });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.cnf).toBeUndefined();
  });

  test('an assertion without kid is accepted (the app has one key)', async () => {
    expect((await request(await w.client.assertion({ kid: null }))).response.status).toBe(200);
  });

  test.each([
    ['signed with another key', async (x: OktaWorld) => x.client.assertion({ key: (await generateKeyPair('RS256')).privateKey }), 'The client_assertion signature is invalid.'],
    ['naming another kid', async (x: OktaWorld) => x.client.assertion({ kid: 'some-other-key' }), 'The client_assertion JWT kid is invalid.'],
    [
      'with the custom authorization server as aud',
      async (x: OktaWorld) => x.client.assertion({ claims: { aud: `${ORG_URL}/oauth2/default/v1/token` } }),
      'The audience claim for client_assertion must be the endpoint invoked for the request.',
    ],
    [
      'with another org as aud',
      async (x: OktaWorld) => x.client.assertion({ claims: { aud: 'https://other.okta.com/oauth2/v1/token' } }),
      'The audience claim for client_assertion must be the endpoint invoked for the request.',
    ],
    ['that expired', async (x: OktaWorld) => x.client.assertion({ claims: { exp: Math.floor(x.clock.now() / 1000) - 1 } }), 'The client_assertion token is expired.'],
    [
      'expiring more than an hour ahead',
      async (x: OktaWorld) => x.client.assertion({ claims: { exp: Math.floor(x.clock.now() / 1000) + 2 * 3600 } }),
      'The client_assertion token has an expiration too far into the future.',
    ],
    ['without exp', async (x: OktaWorld) => x.client.assertion({ omit: ['exp'] }), "The client_assertion token must contain an 'exp' claim."],
    ['whose iss is not the client', async (x: OktaWorld) => x.client.assertion({ claims: { iss: 'someone-else' } }), "The 'iss' and 'sub' claims of the client_assertion must both be the client_id."],
    ['of an unknown client', async (x: OktaWorld) => x.client.assertion({ claims: { iss: '0oaUnknown', sub: '0oaUnknown' } }), "Invalid value for 'client_id' parameter."],
  ])('an assertion %s is refused with 401 invalid_client', async (_name, make, description) => {
    const { response, body } = await request(await make(w));
    expect(response.status).toBe(401);
    expect(body).toEqual({ error: 'invalid_client', error_description: description });
  });

  test('a replayed jti is refused until the first assertion would have expired', async () => {
    const exp = Math.floor(w.clock.now() / 1000) + 120;
    const assertion = await w.client.assertion({ claims: { jti: 'once-only', exp } });
    expect((await request(assertion)).response.status).toBe(200);
    const replay = await request(assertion);
    expect(replay.response.status).toBe(401);
    expect(replay.body).toEqual({ error: 'invalid_client', error_description: 'The client_assertion token has already been used.' });
    w.clock.advance(121_000);
    const later = await w.client.assertion({ claims: { jti: 'once-only' } });
    expect((await request(later)).response.status).toBe(200);
  });

  test('the assertion aud may also name the URL actually called', async () => {
    expect((await request(await w.client.assertion({ claims: { aud: TOKEN_URL } }))).response.status).toBe(200);
  });

  test('no credentials, two kinds of credentials, and the wrong grant type', async () => {
    const none = await w.client.tokenRequest({ grant_type: 'client_credentials', scope: READ });
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({ error: 'invalid_client', error_description: 'No client credentials found' });

    const both = await w.client.tokenRequest({ ...w.client.tokenForm(await w.client.assertion(), READ), client_secret: 'shh' });
    expect(both.status).toBe(400);
    expect(await json(both)).toMatchObject({ error: 'invalid_request' });

    const password = await w.client.tokenRequest({ ...w.client.tokenForm(await w.client.assertion(), READ), grant_type: 'password' }, {}, { deliberatelyInvalid: true });
    expect(password.status).toBe(400);
    expect(await json(password)).toEqual({ error: 'unsupported_grant_type', error_description: "The grant type in the request isn't supported." });
  });

  test.each([
    ['no scope', '', 'invalid_scope', 'No scopes were requested.'],
    ['a scope the org does not know', 'okta.bogus.read', 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.'],
    ['a known scope the app was not granted', `${READ} okta.apps.manage`, 'invalid_scope', 'The following scopes are not allowed: okta.apps.manage'],
    ['only scopes the app was not granted', 'okta.apps.read okta.logs.read', 'consent_required', 'You are not allowed any of the requested scopes.'],
  ])('%s → 400 %s', async (_name, scope, error, description) => {
    const { response, body } = await request(await w.client.assertion(), scope);
    expect(response.status).toBe(400);
    expect(body).toEqual({ error, error_description: description });
  });
});

describe('Okta access tokens on resource requests', () => {
  const world = useWorld(recorder, { requireDpop: false });
  let w: OktaWorld;
  beforeEach(() => {
    w = world();
  });

  test('a Bearer token works until 3600 s of virtual time have passed, then 401 E0000011', async () => {
    await w.client.authenticate([READ], { dpop: false });
    w.clock.advance(3599_000);
    expect((await w.client.api('GET', '/api/v1/users?limit=1')).status).toBe(200);
    w.clock.advance(1_000);
    const expired = await w.client.api('GET', '/api/v1/users?limit=1');
    expect(expired.status).toBe(401);
    expect(await json(expired)).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [] });
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token", error_description="The token has expired."');
  });

  test('unknown tokens, a missing header and a wrong SSWS token are 401 E0000011', async () => {
    for (const auth of ['Bearer not-a-token', null, 'SSWS 00wrong', 'Basic abc']) {
      const response = await w.client.api('GET', '/api/v1/groups', { auth, proof: null });
      expect(response.status).toBe(401);
      expect((await json(response)).errorCode).toBe('E0000011');
    }
  });

  test('a Bearer token presented with the DPoP scheme is refused', async () => {
    const { accessToken } = await w.client.authenticate([READ], { dpop: false });
    const proof = await w.client.proof({ method: 'GET', url: `${ORG_URL}/api/v1/users`, accessToken });
    const response = await w.client.api('GET', '/api/v1/users', { auth: `DPoP ${accessToken}`, proof });
    expect(response.status).toBe(401);
  });

  test('the SSWS admin token reads everything', async () => {
    const response = await w.client.admin('GET', '/api/v1/users?limit=2');
    expect(response.status).toBe(200);
    expect(await json<unknown[]>(response)).toHaveLength(2);
  });

  test('the request log names the client, the auth kind and the status', async () => {
    await w.client.authenticate([READ], { dpop: false });
    await w.client.api('GET', '/api/v1/users?limit=1');
    await w.client.admin('GET', '/api/v1/groups');
    const log = w.okta.requestLog();
    expect(log.map(({ method, path, status, clientId, auth }) => ({ method, path, status, clientId, auth }))).toEqual([
      { method: 'POST', path: '/oauth2/v1/token', status: 200, clientId: w.seed.clientId, auth: 'client_assertion' },
      { method: 'GET', path: '/api/v1/users', status: 200, clientId: w.seed.clientId, auth: 'bearer' },
      { method: 'GET', path: '/api/v1/groups', status: 200, clientId: undefined, auth: 'ssws' },
    ]);
    expect(log[1]).toMatchObject({ query: 'limit=1', bucket: 'users-list' });
    expect(log[1]!.at).toBeLessThanOrEqual(w.clock.now());
  });
});

specConformanceSuite(recorder);
