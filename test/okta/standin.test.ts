import { Hono } from 'hono';
import { exportJWK, generateKeyPair } from 'jose';
import { VirtualClock } from '../../sandbox/platform/clock';
import { OKTA_ROUTES, createOktaStandIn, seedOktaDemo } from '../../sandbox/okta';
import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, ORG_URL, OktaTestClient, START, createWorld, json, links, useWorld } from './client';

const recorder = new ExchangeRecorder();

describe('mounting the stand-in under a prefix', () => {
  const LOCAL = 'http://127.0.0.1:8080/__standin/okta';

  const mounted = async (audience: 'org' | 'local') => {
    const clock = new VirtualClock(START);
    const okta = createOktaStandIn({ clock, orgUrl: ORG_URL });
    const seed = await seedOktaDemo(okta);
    const parent = new Hono();
    parent.get('/elsewhere', (c) => c.text('not okta'));
    parent.route('/__standin/okta', okta.app);
    const client = await new OktaTestClient(okta, clock, seed, recorder, (r) => Promise.resolve(parent.fetch(r)), LOCAL).init();
    if (audience === 'local') {
      const original = client.assertion.bind(client);
      client.assertion = (o = {}) => original({ ...o, claims: { aud: `${LOCAL}/oauth2/v1/token`, ...o.claims } });
    }
    return { okta, seed, parent, client };
  };

  test('the whole DPoP flow works through the mount; links point back at the mount', async () => {
    const { client, parent } = await mounted('local');
    const { tokenType } = await client.authenticate(['okta.users.read', 'okta.groups.read']);
    expect(tokenType).toBe('DPoP');
    const response = await client.api('GET', '/api/v1/groups?limit=2');
    expect(response.status).toBe(200);
    expect(links(response).next).toMatch(/^http:\/\/127\.0\.0\.1:8080\/__standin\/okta\/api\/v1\/groups\?after=00g[0-9A-Za-z]{17}&limit=2$/);
    const group = (await json<{ _links: { users: { href: string } } }[]>(response))[0]!;
    expect(group._links.users.href.startsWith(`${LOCAL}/api/v1/groups/`)).toBe(true);
    // The parent's own routes are untouched.
    expect(await (await parent.fetch(new Request('http://127.0.0.1:8080/elsewhere'))).text()).toBe('not okta');
  });

  test('an assertion addressed to the org URL is accepted through the mount too', async () => {
    const { client } = await mounted('org');
    expect((await client.authenticate(['okta.users.read'])).tokenType).toBe('DPoP');
  });

  test('unserved paths: 404 E0000008, a served path with the wrong method: 405 E0000022', async () => {
    const { client, okta } = await mounted('org');
    const unknown = await client.admin('GET', '/api/v1/apps');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).errorCode).toBe('E0000008');
    const wrongMethod = await client.admin('PATCH', '/api/v1/users');
    expect(wrongMethod.status).toBe(405);
    expect((await json(wrongMethod)).errorCode).toBe('E0000022');
    expect(okta.requestLog().map((e) => [e.path, e.status, e.bucket])).toEqual([
      ['/api/v1/apps', 404, 'other'],
      ['/api/v1/users', 405, 'other'],
    ]);
  });
});

describe('handle(): the egress entry with the original URL', () => {
  const world = useWorld(recorder);

  test('routes by path whatever the host, with links on the org URL', async () => {
    const w = world();
    const response = await w.okta.handle(new Request(`${ORG_URL}/api/v1/groups`, { headers: { authorization: `SSWS ${w.okta.adminApiToken}` } }));
    expect(response.status).toBe(200);
    const groups = await json<{ _links: { users: { href: string } } }[]>(response);
    expect(groups[0]!._links.users.href.startsWith(`${ORG_URL}/api/v1/groups/`)).toBe(true);
  });

  test('the admin token looks like an Okta API token', () => {
    expect(world().okta.adminApiToken).toMatch(/^00[0-9A-Za-z]{40}$/);
  });
});

describe('snapshot and restore', () => {
  test('restore brings back users, groups, memberships, sessions, apps and issued tokens', async () => {
    const w = await createWorld(recorder);
    await w.client.authenticate(['okta.users.manage', 'okta.groups.manage']);
    const created = await json<{ id: string }>(
      await w.client.api('POST', '/api/v1/users', { body: { profile: { firstName: 'Snap', lastName: 'Shot', email: 'snap@provisio-demo.example', login: 'snap@provisio-demo.example' } } }),
    );
    const sales = w.seed.groups.find((g) => g.name === 'Sales')!.id;
    await w.client.api('PUT', `/api/v1/groups/${sales}/users/${created.id}`);
    const snapshot = JSON.parse(JSON.stringify(w.okta.snapshot())) as unknown;

    await w.client.api('DELETE', `/api/v1/users/${created.id}`);
    await w.client.api('DELETE', `/api/v1/users/${created.id}`);
    expect(w.okta.store.getUser(created.id)).toBeUndefined();

    // A fresh stand-in restored from the JSON snapshot is the same org; the access token still works.
    const clock = new VirtualClock(w.clock.now());
    const restored = createOktaStandIn({ clock, orgUrl: ORG_URL });
    restored.restore(snapshot);
    expect(restored.store.getUser(created.id)?.status).toBe('PROVISIONED');
    expect(restored.store.isMember(sales, created.id)).toBe(true);
    expect(restored.store.findUserByLogin('SNAP@provisio-demo.example')?.id).toBe(created.id);
    expect(restored.store.serviceApp(w.seed.clientId)?.requireDpop).toBe(true);
    const client = new OktaTestClient(restored, clock, w.seed, recorder);
    await client.init();
    client.dpopKey = w.client.dpopKey;
    client.accessToken = w.client.accessToken;
    client.tokenType = w.client.tokenType;
    expect((await client.api('GET', `/api/v1/users/${created.id}`)).status).toBe(200);
    // New ids never collide with restored ones.
    const next = restored.store.insertUser({ profile: { login: 'after@provisio-demo.example' } });
    expect(next.id > created.id).toBe(true);
  });

  test('restore refuses something that is not a snapshot', () => {
    const okta = createOktaStandIn({ clock: new VirtualClock(START), orgUrl: ORG_URL });
    expect(() => okta.restore({ version: 99 })).toThrow(/snapshot/);
  });
});

describe('seedOktaDemo and registerServiceApp', () => {
  const world = useWorld(recorder);

  test('the seed describes the org and one DPoP service app for Provisio', () => {
    const { seed } = world();
    expect(seed.clientId).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(seed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(seed.publicJwk).toMatchObject({ kty: 'RSA', kid: seed.keyId, alg: 'RS256' });
    expect(seed.publicJwk).not.toHaveProperty('d');
    expect(seed.requireDpop).toBe(true);
    expect(seed.scopes).toEqual(['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read', 'okta.sessions.manage']);
    expect(seed.groups.find((g) => g.name === 'Okta-Super-Admins')).toMatchObject({ protected: true, type: 'OKTA_GROUP' });
    expect(seed.groups.find((g) => g.name === 'Everyone')).toMatchObject({ type: 'BUILT_IN' });
    expect(seed.takenLogin).toBe('taken.user@provisio-demo.example');
    expect(Object.fromEntries(seed.users.map((u) => [u.login.split('@')[0], u.status]))).toEqual({
      'alice.admin': 'ACTIVE',
      'ben.ortiz': 'ACTIVE',
      'carla.nguyen': 'ACTIVE',
      'dan.ruiz': 'ACTIVE',
      'taken.user': 'ACTIVE',
      'paula.pending': 'PROVISIONED',
      'sam.contractor': 'SUSPENDED',
      'erin.former': 'DEPROVISIONED',
    });
  });

  test('seeding twice keeps the org and adds a second app', async () => {
    const w = await createWorld(recorder);
    const again = await seedOktaDemo(w.okta);
    expect(again.clientId).not.toBe(w.seed.clientId);
    expect(w.okta.store.listGroups()).toHaveLength(8);
    expect(w.okta.store.listUsers()).toHaveLength(8);
  });

  test('registerServiceApp takes only a public key with a kid', async () => {
    const { okta } = world();
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    expect(() => okta.registerServiceApp({ clientId: '0oaPrivateKeyGiven01', publicJwk: jwk, scopes: [], requireDpop: false })).toThrow(/PUBLIC/);
  });

  test('every route in OKTA_ROUTES is served (the app refuses to start otherwise)', () => {
    expect(OKTA_ROUTES.length).toBeGreaterThan(10);
  });
});

specConformanceSuite(recorder);
