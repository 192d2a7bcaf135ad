import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, ORG_URL, TOKEN_URL, createWorld, json, newDpopKey, useWorld, type OktaWorld } from './client';

const recorder = new ExchangeRecorder();
const SCOPES = ['okta.users.read', 'okta.users.manage'];
const USERS_URL = `${ORG_URL}/api/v1/users`;

describe('Okta DPoP at the token endpoint (RFC 9449)', () => {
  const world = useWorld(recorder);
  let w: OktaWorld;
  beforeEach(() => {
    w = world();
  });

  const tokenAttempt = async (proof: string | undefined) =>
    w.client.tokenRequest(w.client.tokenForm(await w.client.assertion(), SCOPES.join(' ')), proof ? { DPoP: proof } : {});

  test('the nonce dance: use_dpop_nonce with a DPoP-Nonce header, then a DPoP token bound to the key', async () => {
    const first = await tokenAttempt(await w.client.proof({ method: 'POST', url: TOKEN_URL }));
    expect(first.status).toBe(400);
    expect(await json(first)).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toBeTruthy();

    const second = await tokenAttempt(await w.client.proof({ method: 'POST', url: TOKEN_URL, nonce: nonce! }));
    expect(second.status).toBe(200);
    const body = await json<{ token_type: string; access_token: string; expires_in: number }>(second);
    expect(body.token_type).toBe('DPoP');
    expect(body.expires_in).toBe(3600);
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: await calculateJwkThumbprint(w.client.dpopKey.publicJwk, 'sha256') });
  });

  test('the client helper does the dance and then calls the API with DPoP', async () => {
    const { responses, tokenType } = await w.client.authenticate(SCOPES);
    expect(responses.map((r) => r.status)).toEqual([400, 200]);
    expect(tokenType).toBe('DPoP');
    expect((await w.client.api('GET', '/api/v1/users?limit=1')).status).toBe(200);
  });

  test('retrying with the same assertion after use_dpop_nonce fails: the jti was spent', async () => {
    const assertion = await w.client.assertion();
    const form = w.client.tokenForm(assertion, SCOPES.join(' '));
    const first = await w.client.tokenRequest(form, { DPoP: await w.client.proof({ method: 'POST', url: TOKEN_URL }) });
    const nonce = first.headers.get('dpop-nonce')!;
    const retry = await w.client.tokenRequest(form, { DPoP: await w.client.proof({ method: 'POST', url: TOKEN_URL, nonce }) });
    expect(retry.status).toBe(401);
    expect(await json(retry)).toEqual({ error: 'invalid_client', error_description: 'The client_assertion token has already been used.' });
  });

  test.each([
    ['no DPoP header', async () => undefined, 'The DPoP proof JWT header is missing.'],
    ['a proof for another URL', async (x: OktaWorld) => x.client.proof({ method: 'POST', url: USERS_URL, nonce: x.client.nonce }), "'htu' claim in the DPoP proof JWT is invalid."],
    ['a proof for GET', async (x: OktaWorld) => x.client.proof({ method: 'GET', url: TOKEN_URL, nonce: x.client.nonce }), "'htm' claim in the DPoP proof JWT is invalid."],
    ['a proof with typ JWT', async (x: OktaWorld) => x.client.proof({ method: 'POST', url: TOKEN_URL, typ: 'JWT', nonce: x.client.nonce }), "The DPoP proof JWT 'typ' header must be 'dpop+jwt'."],
    [
      'a proof issued ten minutes ago',
      async (x: OktaWorld) => x.client.proof({ method: 'POST', url: TOKEN_URL, iat: Math.floor(x.clock.now() / 1000) - 600, nonce: x.client.nonce }),
      "'iat' claim in the DPoP proof JWT is invalid.",
    ],
  ])('%s → 400 invalid_dpop_proof', async (_name, makeProof, description) => {
    w.client.nonce = (await tokenAttempt(await w.client.proof({ method: 'POST', url: TOKEN_URL }))).headers.get('dpop-nonce')!;
    const response = await tokenAttempt(await makeProof(w));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'invalid_dpop_proof', error_description: description });
  });

  test('a nonce older than five virtual minutes is answered with a fresh one', async () => {
    await w.client.authenticate(SCOPES);
    const stale = w.client.nonce!;
    w.clock.advance(5 * 60_000 + 1);
    const response = await tokenAttempt(await w.client.proof({ method: 'POST', url: TOKEN_URL, nonce: stale }));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'use_dpop_nonce', error_description: 'The DPoP proof nonce is invalid or expired.' });
    expect(response.headers.get('dpop-nonce')).not.toBe(stale);
  });

  test('an app without DPoP gets Bearer tokens even if a proof is sent', async () => {
    const bearer = await createWorld(recorder, { requireDpop: false });
    const response = await bearer.client.tokenRequest(bearer.client.tokenForm(await bearer.client.assertion(), 'okta.users.read'), {
      DPoP: await bearer.client.proof({ method: 'POST', url: TOKEN_URL }),
    });
    expect(response.status).toBe(200);
    expect((await json(response)).token_type).toBe('Bearer');
  });
});

describe('DPoP-bound tokens on resource requests', () => {
  const world = useWorld(recorder);
  let w: OktaWorld;
  let token: string;
  beforeEach(async () => {
    w = world();
    token = (await w.client.authenticate(SCOPES)).accessToken;
  });

  const challenge = (response: Response): string => response.headers.get('www-authenticate') ?? '';

  test('a DPoP-bound token sent as Bearer without a proof: 400, no body, invalid_request challenge', async () => {
    const response = await w.client.api('GET', '/api/v1/users', { auth: `Bearer ${token}`, proof: null });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
    expect(challenge(response)).toMatch(/^Bearer authorization_uri="https:\/\/provisio-demo\.okta\.com\/oauth2\/v1\/authorize", realm=/);
    expect(challenge(response)).toContain('error="invalid_request", error_description="The resource request requires a DPoP proof.", resource="/api/v1/users"');
  });

  test.each([
    ['no proof', async () => null, 'The DPoP proof JWT header is missing.'],
    ['a proof for another URL', async (x: OktaWorld, t: string) => x.client.proof({ method: 'GET', url: `${ORG_URL}/api/v1/groups`, accessToken: t }), "'htu' claim in the DPoP proof JWT is invalid."],
    ['a proof for another method', async (x: OktaWorld, t: string) => x.client.proof({ method: 'POST', url: USERS_URL, accessToken: t }), "'htm' claim in the DPoP proof JWT is invalid."],
    ['a proof without ath', async (x: OktaWorld) => x.client.proof({ method: 'GET', url: USERS_URL }), "'ath' claim in the DPoP proof JWT is invalid."],
    ['a proof hashing another token', async (x: OktaWorld) => x.client.proof({ method: 'GET', url: USERS_URL, accessToken: 'another-token' }), "'ath' claim in the DPoP proof JWT is invalid."],
    [
      'a proof signed by another key',
      async (x: OktaWorld, t: string) => x.client.proof({ method: 'GET', url: USERS_URL, accessToken: t, key: await newDpopKey() }),
      'The DPoP proof JWT key does not match the key the access token is bound to.',
    ],
  ])('%s → 400 with an invalid_dpop_proof challenge', async (_name, makeProof, description) => {
    const response = await w.client.api('GET', '/api/v1/users', { auth: `DPoP ${token}`, proof: await makeProof(w, token) });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
    expect(challenge(response)).toMatch(/^DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri=/);
    expect(challenge(response)).toContain(`error="invalid_dpop_proof", error_description="${description.replace(/"/g, "'")}"`);
  });

  test('a proof is single-use', async () => {
    const proof = await w.client.proof({ method: 'GET', url: USERS_URL, accessToken: token });
    expect((await w.client.api('GET', '/api/v1/users', { auth: `DPoP ${token}`, proof })).status).toBe(200);
    const replay = await w.client.api('GET', '/api/v1/users', { auth: `DPoP ${token}`, proof });
    expect(replay.status).toBe(400);
    expect(challenge(replay)).toContain('The DPoP proof JWT has already been used.');
  });

  test('htu is compared with the percent-decoded path, as Okta does (a %40 in htu fails)', async () => {
    const login = 'taken.user@provisio-demo.example';
    const path = `/api/v1/users/${encodeURIComponent(login)}`;
    const decoded = await w.client.api('GET', path);
    expect(decoded.status).toBe(200);
    expect((await json(decoded)).id).toBeTruthy();
    const encoded = await w.client.api('GET', path, { htu: `${ORG_URL}${path}` });
    expect(encoded.status).toBe(400);
    expect(challenge(encoded)).toContain("'htu' claim in the DPoP proof JWT is invalid.");
  });

  test('query strings are not part of htu', async () => {
    const response = await w.client.api('GET', '/api/v1/users?limit=1&search=status%20eq%20%22ACTIVE%22');
    expect(response.status).toBe(200);
  });

  test('the DPoP token expires after 3600 s of virtual time', async () => {
    w.clock.advance(3600_000);
    const response = await w.client.api('GET', '/api/v1/users');
    expect(response.status).toBe(401);
    expect((await json(response)).errorCode).toBe('E0000011');
  });
});

specConformanceSuite(recorder);
