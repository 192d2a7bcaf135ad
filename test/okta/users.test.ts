import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, json, links, useWorld, type OktaWorld } from './client';

const recorder = new ExchangeRecorder();
const ALL = ['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read', 'okta.sessions.manage'];

type User = {
  id: string;
  status: string;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: Record<string, unknown>;
  credentials: Record<string, unknown>;
  _links: Record<string, { href: string }>;
};
type OktaError = { errorCode: string; errorSummary: string; errorLink: string; errorId: string; errorCauses: { errorSummary: string }[] };

const newProfile = (local: string) => ({
  firstName: 'Nina',
  lastName: 'New',
  email: `${local}@provisio-demo.example`,
  login: `${local}@provisio-demo.example`,
  department: 'Engineering',
  manager: 'ben.ortiz@provisio-demo.example',
  title: 'Engineer',
});

const world = useWorld(recorder);
let w: OktaWorld;
beforeEach(async () => {
  w = world();
  await w.client.authenticate(ALL);
});

const search = (expression: string) => `/api/v1/users?search=${encodeURIComponent(expression)}`;

describe('creating users', () => {
  test('activate=false creates a STAGED user in Okta\'s shape, with provider-only credentials', async () => {
    const response = await w.client.api('POST', '/api/v1/users?activate=false', { body: { profile: newProfile('nina.new') } });
    expect(response.status).toBe(200);
    const user = await json<User>(response);
    expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(user).toMatchObject({ status: 'STAGED', activated: null, statusChanged: null, passwordChanged: null, profile: newProfile('nina.new') });
    expect(user.created).toBe(new Date(Date.parse(user.created)).toISOString());
    expect(user.credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });
    expect(user._links.activate!.href).toBe(`https://provisio-demo.okta.com/api/v1/users/${user.id}/lifecycle/activate`);
    expect(user._links.self!.href).toBe(`https://provisio-demo.okta.com/api/v1/users/${user.id}`);
  });

  test('activate defaults to true: without a password the user is PROVISIONED (welcome flow pending)', async () => {
    const user = await json<User>(await w.client.api('POST', '/api/v1/users', { body: { profile: newProfile('nina.new') } }));
    expect(user.status).toBe('PROVISIONED');
    expect(w.okta.store.getUser(user.id)?.status).toBe('PROVISIONED');
    // Every user is in the built-in Everyone group.
    const groups = await json<{ profile: { name: string } }[]>(await w.client.api('GET', `/api/v1/users/${user.id}/groups`));
    expect(groups.map((g) => g.profile.name)).toEqual(['Everyone']);
  });

  test('groupIds on create adds memberships', async () => {
    const engineering = w.seed.groups.find((g) => g.name === 'Engineering')!;
    const user = await json<User>(await w.client.api('POST', '/api/v1/users', { body: { profile: newProfile('nina.new'), groupIds: [engineering.id] } }));
    expect(w.okta.store.isMember(engineering.id, user.id)).toBe(true);
  });

  test('nextLogin=changePassword needs a password and activate=true (E0000124, E0000125)', async () => {
    const noPassword = await w.client.api('POST', '/api/v1/users?activate=true&nextLogin=changePassword', { body: { profile: newProfile('nina.new') } });
    expect(noPassword.status).toBe(400);
    expect(await json<OktaError>(noPassword)).toMatchObject({ errorCode: 'E0000124' });

    const notActivated = await w.client.api('POST', '/api/v1/users?activate=false&nextLogin=changePassword', {
      body: { profile: newProfile('nina.new'), credentials: { password: { value: 'Tr0ub4dor&3x!' } } },
    });
    expect(notActivated.status).toBe(400);
    expect(await json<OktaError>(notActivated)).toMatchObject({ errorCode: 'E0000125' });

    const expired = await w.client.api('POST', '/api/v1/users?activate=true&nextLogin=changePassword', {
      body: { profile: newProfile('nina.new'), credentials: { password: { value: 'Tr0ub4dor&3x!' } } },
    });
    expect(expired.status).toBe(200);
    const user = await json<User>(expired);
    expect(user.status).toBe('PASSWORD_EXPIRED');
    // The password is acknowledged, never echoed.
    expect(user.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
  });

  test('a login already in use (any case) is 400 E0000001 with Okta\'s cause', async () => {
    const profile = { ...newProfile('x'), login: w.seed.takenLogin.toUpperCase(), email: w.seed.takenLogin };
    const response = await w.client.api('POST', '/api/v1/users', { body: { profile } });
    expect(response.status).toBe(400);
    const error = await json<OktaError>(response);
    expect(error).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: login',
      errorLink: 'E0000001',
      errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
    });
    expect(error.errorId).toMatch(/^oae[0-9A-Za-z]{22}$/);
  });

  test('profile validation: blank required fields, a non-email login, undefined attributes', async () => {
    const blank = await w.client.api('POST', '/api/v1/users', { body: { profile: { ...newProfile('nina.new'), firstName: '' } }, deliberatelyInvalid: true });
    expect(await json<OktaError>(blank)).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: firstName',
      errorCauses: [{ errorSummary: 'firstName: The field cannot be left blank' }],
    });
    const login = await w.client.api('POST', '/api/v1/users', { body: { profile: { ...newProfile('nina.new'), login: 'nina' } }, deliberatelyInvalid: true });
    expect((await json<OktaError>(login)).errorCauses).toEqual([{ errorSummary: 'login: Username must be in the form of an email address' }]);

    const custom = { ...newProfile('nina.new'), jiraAccountId: '5b10a2844c20165700ede21g' };
    const undefinedAttribute = await w.client.api('POST', '/api/v1/users', { body: { profile: custom } });
    expect(await json<OktaError>(undefinedAttribute)).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: "Property name 'jiraAccountId' is not defined in profile" }],
    });
    w.okta.store.extendUserSchema('jiraAccountId');
    expect((await w.client.api('POST', '/api/v1/users', { body: { profile: custom } })).status).toBe(200);
  });

  test('a body that is not JSON is 400 E0000003', async () => {
    const response = await w.client.api('POST', '/api/v1/users', { rawBody: '{"profile":' });
    expect(response.status).toBe(400);
    expect((await json<OktaError>(response)).errorCode).toBe('E0000003');
  });
});

describe('reading and searching users', () => {
  test('by id, by login (URL-encoded) and by login shortname; unknown is 404 E0000007', async () => {
    const taken = w.seed.users.find((u) => u.login === w.seed.takenLogin)!;
    for (const key of [taken.id, encodeURIComponent(taken.login), 'taken.user']) {
      const response = await w.client.api('GET', `/api/v1/users/${key}`);
      expect(response.status).toBe(200);
      expect((await json<User>(response)).id).toBe(taken.id);
    }
    const missing = await w.client.api('GET', `/api/v1/users/${encodeURIComponent('nobody@provisio-demo.example')}`);
    expect(missing.status).toBe(404);
    expect(await json<OktaError>(missing)).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody@provisio-demo.example (User)' });
  });

  test('search=profile.login eq "…" finds exactly that user, case-insensitively', async () => {
    const found = await json<User[]>(await w.client.api('GET', search(`profile.login eq "${w.seed.takenLogin.toUpperCase()}"`)));
    expect(found.map((u) => u.profile.login)).toEqual([w.seed.takenLogin]);
    expect(await json<User[]>(await w.client.api('GET', search('profile.login eq "nobody@provisio-demo.example"')))).toEqual([]);
  });

  test('search, filter and q each select as Okta does', async () => {
    const engineers = await json<User[]>(await w.client.api('GET', search('profile.department eq "Engineering" and status eq "ACTIVE"')));
    expect(engineers.map((u) => u.profile.login).sort()).toEqual(['ben.ortiz@provisio-demo.example', 'taken.user@provisio-demo.example']);
    const suspended = await json<User[]>(await w.client.api('GET', `/api/v1/users?filter=${encodeURIComponent('status eq "SUSPENDED"')}`));
    expect(suspended.map((u) => u.profile.login)).toEqual(['sam.contractor@provisio-demo.example']);
    const q = await json<User[]>(await w.client.api('GET', '/api/v1/users?q=car'));
    expect(q.map((u) => u.profile.login)).toEqual(['carla.nguyen@provisio-demo.example']);
    const startsWith = await json<User[]>(await w.client.api('GET', search('profile.login sw "d"')));
    expect(startsWith.map((u) => u.profile.login)).toEqual(['dan.ruiz@provisio-demo.example']);
  });

  test('plain lists leave DEPROVISIONED users out; search includes them', async () => {
    const all = await json<User[]>(await w.client.api('GET', '/api/v1/users'));
    expect(all.some((u) => u.status === 'DEPROVISIONED')).toBe(false);
    const deprovisioned = await json<User[]>(await w.client.api('GET', search('status eq "DEPROVISIONED"')));
    expect(deprovisioned.map((u) => u.profile.login)).toEqual(['erin.former@provisio-demo.example']);
  });

  test('a bad search or an unsupported filter is 400 E0000031', async () => {
    for (const path of [search('profile.login eq'), search('profile.login eq unquoted'), `/api/v1/users?filter=${encodeURIComponent('profile.department eq "IT"')}`]) {
      const response = await w.client.api('GET', path);
      expect(response.status).toBe(400);
      expect((await json<OktaError>(response)).errorCode).toBe('E0000031');
    }
  });

  test('the user list pages with limit and Link rel="next" cursors', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/api/v1/users?limit=2';
    let pages = 0;
    while (next) {
      const response = await w.client.api('GET', next);
      const page = await json<User[]>(response);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((u) => u.id));
      const link = links(response);
      expect(link.self).toBeDefined();
      next = link.next?.replace('https://provisio-demo.okta.com', '');
      pages += 1;
    }
    const active = w.okta.store.listUsers().filter((u) => u.status !== 'DEPROVISIONED');
    expect(seen).toEqual(active.map((u) => u.id));
    expect(pages).toBe(Math.ceil(active.length / 2));
  });
});

describe('updating users', () => {
  test('POST /users/{id} is a partial update: given fields change, the rest stay', async () => {
    const ben = w.seed.users.find((u) => u.login.startsWith('ben.ortiz'))!;
    const before = w.okta.store.getUser(ben.id)!.lastUpdated;
    w.clock.advance(60_000);
    const response = await w.client.api('POST', `/api/v1/users/${ben.id}`, { body: { profile: { department: 'Platform', title: null } } });
    expect(response.status).toBe(200);
    const user = await json<User>(response);
    expect(user.profile).toMatchObject({ department: 'Platform', firstName: 'Ben', login: ben.login });
    expect(user.profile.title).toBeUndefined();
    expect(Date.parse(user.lastUpdated)).toBeGreaterThan(before);
  });

  test('changing the login to a taken one is E0000001; the old login stays resolvable', async () => {
    const ben = w.seed.users.find((u) => u.login.startsWith('ben.ortiz'))!;
    const response = await w.client.api('POST', `/api/v1/users/${ben.id}`, { body: { profile: { login: w.seed.takenLogin } } });
    expect(response.status).toBe(400);
    expect((await json<OktaError>(response)).errorCauses).toEqual([{ errorSummary: 'login: An object with this field already exists in the current organization' }]);
    expect(w.okta.store.findUserByLogin(ben.login)?.id).toBe(ben.id);
  });

  test('a renamed login frees the old one', async () => {
    const ben = w.seed.users.find((u) => u.login.startsWith('ben.ortiz'))!;
    await w.client.api('POST', `/api/v1/users/${ben.id}`, { body: { profile: { login: 'benjamin.ortiz@provisio-demo.example' } } });
    expect(w.okta.store.findUserByLogin(ben.login)).toBeUndefined();
    expect(w.okta.store.findUserByLogin('benjamin.ortiz@provisio-demo.example')?.id).toBe(ben.id);
  });
});

describe('lifecycle', () => {
  const lifecycle = (id: string, action: string, query = '') => w.client.api('POST', `/api/v1/users/${id}/lifecycle/${action}${query}`);

  test('STAGED → activate (token when sendEmail=false) → PROVISIONED → welcome flow → ACTIVE', async () => {
    const user = await json<User>(await w.client.api('POST', '/api/v1/users?activate=false', { body: { profile: newProfile('nina.new') } }));
    const activated = await lifecycle(user.id, 'activate', '?sendEmail=false');
    expect(activated.status).toBe(200);
    const token = await json<{ activationToken: string; activationUrl: string }>(activated);
    expect(token.activationUrl).toBe(`https://provisio-demo.okta.com/tokens/${token.activationToken}/verify`);
    expect(w.okta.store.getUser(user.id)?.status).toBe('PROVISIONED');

    const again = await lifecycle(user.id, 'activate');
    expect(again.status).toBe(403);
    expect((await json<OktaError>(again)).errorCode).toBe('E0000038');

    w.okta.store.completeActivation(user.id);
    const active = await json<User>(await w.client.api('GET', `/api/v1/users/${user.id}`));
    expect(active.status).toBe('ACTIVE');
    expect(active.activated).not.toBeNull();
    const already = await lifecycle(user.id, 'activate');
    expect(already.status).toBe(403);
    expect(await json<OktaError>(already)).toMatchObject({ errorCode: 'E0000016', errorSummary: 'Activation failed because the user is already active' });
  });

  test('activate with sendEmail (the default) answers an empty object', async () => {
    const user = await json<User>(await w.client.api('POST', '/api/v1/users?activate=false', { body: { profile: newProfile('nina.new') } }));
    const response = await lifecycle(user.id, 'activate');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({});
  });

  test('suspend / unsuspend follow Okta\'s status rules and answer 200 with no body', async () => {
    const carla = w.seed.users.find((u) => u.login.startsWith('carla'))!;
    const suspended = await lifecycle(carla.id, 'suspend');
    expect(suspended.status).toBe(200);
    expect(await suspended.text()).toBe('');
    expect(w.okta.store.getUser(carla.id)?.status).toBe('SUSPENDED');
    expect(w.okta.store.sessionsOf(carla.id)).toEqual([]);

    const twice = await lifecycle(carla.id, 'suspend');
    expect(twice.status).toBe(400);
    expect(await json<OktaError>(twice)).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: suspendUser',
      errorCauses: [{ errorSummary: 'Cannot suspend a user that is not active' }],
    });

    expect((await lifecycle(carla.id, 'unsuspend')).status).toBe(200);
    expect(w.okta.store.getUser(carla.id)?.status).toBe('ACTIVE');
    const unsuspendActive = await lifecycle(carla.id, 'unsuspend');
    expect(unsuspendActive.status).toBe(400);
    expect((await json<OktaError>(unsuspendActive)).errorCauses).toEqual([{ errorSummary: 'Cannot unsuspend a user that is not suspended' }]);
  });

  test('deactivate → DEPROVISIONED (sessions end); again → 404; activate brings it back to PROVISIONED', async () => {
    const dan = w.seed.users.find((u) => u.login.startsWith('dan'))!;
    w.okta.store.addSession(dan.id);
    const response = await lifecycle(dan.id, 'deactivate');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(w.okta.store.getUser(dan.id)?.status).toBe('DEPROVISIONED');
    expect(w.okta.store.sessionsOf(dan.id)).toEqual([]);
    expect((await lifecycle(dan.id, 'deactivate')).status).toBe(404);
    expect((await lifecycle(dan.id, 'activate')).status).toBe(200);
    expect(w.okta.store.getUser(dan.id)?.status).toBe('PROVISIONED');
  });

  test('reactivate only from PROVISIONED (token back by default), else 403 E0000038', async () => {
    const paula = w.seed.users.find((u) => u.login.startsWith('paula'))!;
    const response = await lifecycle(paula.id, 'reactivate');
    expect(response.status).toBe(200);
    expect((await json<{ activationToken?: string }>(response)).activationToken).toBeTruthy();
    const ben = w.seed.users.find((u) => u.login.startsWith('ben'))!;
    const refused = await lifecycle(ben.id, 'reactivate');
    expect(refused.status).toBe(403);
    expect((await json<OktaError>(refused)).errorCode).toBe('E0000038');
  });

  test('lifecycle on an unknown user is 404 E0000007', async () => {
    const response = await lifecycle('00uDoesNotExist00000', 'suspend');
    expect(response.status).toBe(404);
    expect((await json<OktaError>(response)).errorCode).toBe('E0000007');
  });

  test('DELETE deactivates first, then deletes', async () => {
    const dan = w.seed.users.find((u) => u.login.startsWith('dan'))!;
    expect((await w.client.api('DELETE', `/api/v1/users/${dan.id}`)).status).toBe(204);
    expect(w.okta.store.getUser(dan.id)?.status).toBe('DEPROVISIONED');
    expect((await w.client.api('DELETE', `/api/v1/users/${dan.id}`)).status).toBe(204);
    expect(w.okta.store.getUser(dan.id)).toBeUndefined();
    expect((await w.client.api('GET', `/api/v1/users/${dan.id}`)).status).toBe(404);
  });

  test('updating a DEPROVISIONED user is 403 E0000038', async () => {
    const erin = w.seed.users.find((u) => u.login.startsWith('erin'))!;
    const response = await w.client.api('POST', `/api/v1/users/${erin.id}`, { body: { profile: { title: 'Back' } } });
    expect(response.status).toBe(403);
    expect((await json<OktaError>(response)).errorCode).toBe('E0000038');
  });
});

describe('sessions', () => {
  test('DELETE /users/{id}/sessions clears them (204) and is recorded', async () => {
    const alice = w.seed.users.find((u) => u.login.startsWith('alice'))!;
    expect(w.okta.store.sessionsOf(alice.id)).toHaveLength(1);
    const response = await w.client.api('DELETE', `/api/v1/users/${alice.id}/sessions?oauthTokens=true`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(w.okta.store.sessionsOf(alice.id)).toEqual([]);
    expect(w.okta.store.sessionRevocations()).toEqual([{ userId: alice.id, at: expect.any(Number), cleared: 1, oauthTokens: true }]);
    expect((await w.client.api('DELETE', '/api/v1/users/00uDoesNotExist00000/sessions')).status).toBe(404);
  });
});

describe('scope enforcement', () => {
  test('okta.users.read can read but not create: 403 E0000006 with an insufficient_scope challenge', async () => {
    await w.client.authenticate(['okta.users.read']);
    expect((await w.client.api('GET', '/api/v1/users?limit=1')).status).toBe(200);
    const response = await w.client.api('POST', '/api/v1/users', { body: { profile: newProfile('nina.new') } });
    expect(response.status).toBe(403);
    expect(await json<OktaError>(response)).toMatchObject({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' });
    expect(response.headers.get('www-authenticate')).toContain(
      'scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"',
    );
  });

  test('a manage scope includes the matching read', async () => {
    await w.client.authenticate(['okta.users.manage']);
    expect((await w.client.api('GET', '/api/v1/users?limit=1')).status).toBe(200);
    expect((await w.client.api('GET', '/api/v1/groups')).status).toBe(403);
  });

  test('sessions revocation needs okta.users.manage, as the spec says (okta.sessions.manage is not enough)', async () => {
    await w.client.authenticate(['okta.sessions.manage', 'okta.users.read']);
    const alice = w.seed.users.find((u) => u.login.startsWith('alice'))!;
    expect((await w.client.api('DELETE', `/api/v1/users/${alice.id}/sessions`)).status).toBe(403);
  });
});

specConformanceSuite(recorder);
