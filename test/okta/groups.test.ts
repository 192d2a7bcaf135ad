import { specConformanceSuite } from './conformance';
import { ExchangeRecorder, json, links, useWorld, type OktaWorld } from './client';

const recorder = new ExchangeRecorder();
const world = useWorld(recorder);

type Group = { id: string; type: string; objectClass: string[]; profile: { name: string; description?: string }; lastMembershipUpdated: string; _links: Record<string, unknown> };
type User = { id: string; profile: { login: string } };
type OktaError = { errorCode: string; errorSummary: string };

let w: OktaWorld;
beforeEach(async () => {
  w = world();
  await w.client.authenticate(['okta.groups.manage', 'okta.groups.read', 'okta.users.read', 'okta.users.manage']);
});

const groupId = (name: string): string => w.seed.groups.find((g) => g.name === name)!.id;
const userId = (prefix: string): string => w.seed.users.find((u) => u.login.startsWith(prefix))!.id;

describe('listing and reading groups', () => {
  test('the org\'s groups in Okta\'s shape, Everyone being BUILT_IN', async () => {
    const groups = await json<Group[]>(await w.client.api('GET', '/api/v1/groups'));
    expect(groups.map((g) => g.profile.name)).toEqual([
      'Everyone',
      'Engineering',
      'Sales',
      'Finance',
      'IT-Admins',
      'Okta-Super-Admins',
      'AWS-Prod-Admins',
      'Contractors',
    ]);
    const everyone = groups[0]!;
    expect(everyone).toMatchObject({ type: 'BUILT_IN', objectClass: ['okta:user_group'], profile: { name: 'Everyone', description: 'All users in your organization' } });
    for (const g of groups) expect(g.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    expect(groups[1]!._links.users).toEqual({ href: `https://provisio-demo.okta.com/api/v1/groups/${groups[1]!.id}/users` });
  });

  test('q, search and filter', async () => {
    const names = async (query: string) => (await json<Group[]>(await w.client.api('GET', `/api/v1/groups?${query}`))).map((g) => g.profile.name);
    expect(await names('q=aws')).toEqual(['AWS-Prod-Admins']);
    expect(await names(`search=${encodeURIComponent('profile.name eq "sales"')}`)).toEqual(['Sales']);
    expect(await names(`search=${encodeURIComponent('type eq "OKTA_GROUP" and profile.name sw "Okta"')}`)).toEqual(['Okta-Super-Admins']);
    expect(await names(`filter=${encodeURIComponent('type eq "BUILT_IN"')}`)).toEqual(['Everyone']);
    const bad = await w.client.api('GET', `/api/v1/groups?filter=${encodeURIComponent('profile.name eq "Sales"')}`);
    expect(bad.status).toBe(400);
    expect((await json<OktaError>(bad)).errorCode).toBe('E0000031');
  });

  test('one group by id; an unknown id is 404 E0000007 (UserGroup)', async () => {
    const response = await w.client.api('GET', `/api/v1/groups/${groupId('Finance')}`);
    expect((await json<Group>(response)).profile).toEqual({ name: 'Finance', description: 'Finance and accounting' });
    const missing = await w.client.api('GET', '/api/v1/groups/00gDoesNotExist00000');
    expect(missing.status).toBe(404);
    expect(await json<OktaError>(missing)).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00gDoesNotExist00000 (UserGroup)' });
  });
});

describe('memberships', () => {
  test('PUT adds (204, idempotent), DELETE removes (204, idempotent)', async () => {
    const group = groupId('AWS-Prod-Admins');
    const dan = userId('dan');
    const before = w.okta.store.getGroup(group)!.lastMembershipUpdated;
    w.clock.advance(1_000);
    for (let i = 0; i < 2; i += 1) {
      const response = await w.client.api('PUT', `/api/v1/groups/${group}/users/${dan}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    }
    expect(w.okta.store.isMember(group, dan)).toBe(true);
    expect(w.okta.store.getGroup(group)!.lastMembershipUpdated).toBeGreaterThan(before);
    const members = await json<User[]>(await w.client.api('GET', `/api/v1/groups/${group}/users`));
    expect(members.map((u) => u.id)).toContain(dan);
    const danGroups = await json<Group[]>(await w.client.api('GET', `/api/v1/users/${dan}/groups`));
    expect(danGroups.map((g) => g.profile.name)).toEqual(['Everyone', 'Sales', 'AWS-Prod-Admins']);

    for (let i = 0; i < 2; i += 1) expect((await w.client.api('DELETE', `/api/v1/groups/${group}/users/${dan}`)).status).toBe(204);
    expect(w.okta.store.isMember(group, dan)).toBe(false);
  });

  test('unknown user or group is 404 E0000007', async () => {
    const user = await w.client.api('PUT', `/api/v1/groups/${groupId('Sales')}/users/00uDoesNotExist00000`);
    expect(user.status).toBe(404);
    expect((await json<OktaError>(user)).errorSummary).toBe('Not found: Resource not found: 00uDoesNotExist00000 (User)');
    const group = await w.client.api('DELETE', `/api/v1/groups/00gDoesNotExist00000/users/${userId('dan')}`);
    expect(group.status).toBe(404);
    expect((await json<OktaError>(group)).errorSummary).toBe('Not found: Resource not found: 00gDoesNotExist00000 (UserGroup)');
  });

  test('BUILT_IN groups cannot be changed; a group with an admin role needs a super admin', async () => {
    const dan = userId('dan');
    const everyone = await w.client.api('DELETE', `/api/v1/groups/${groupId('Everyone')}/users/${dan}`);
    expect(everyone.status).toBe(403);
    expect((await json<OktaError>(everyone)).errorCode).toBe('E0000006');

    const superAdmins = groupId('Okta-Super-Admins');
    const refused = await w.client.api('PUT', `/api/v1/groups/${superAdmins}/users/${dan}`);
    expect(refused.status).toBe(403);
    expect((await json<OktaError>(refused)).errorCode).toBe('E0000006');
    expect(w.okta.store.isMember(superAdmins, dan)).toBe(false);
    // The SSWS token stands for a super admin.
    expect((await w.client.admin('PUT', `/api/v1/groups/${superAdmins}/users/${dan}`)).status).toBe(204);
    expect(w.okta.store.isMember(superAdmins, dan)).toBe(true);
  });

  test('okta.groups.read cannot change memberships', async () => {
    await w.client.authenticate(['okta.groups.read']);
    const response = await w.client.api('PUT', `/api/v1/groups/${groupId('Sales')}/users/${userId('ben')}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('scope="okta.groups.manage", error="insufficient_scope"');
    expect((await w.client.api('GET', `/api/v1/groups/${groupId('Sales')}/users`)).status).toBe(200);
  });
});

describe('member paging', () => {
  test('limit and Link rel="next" cursors walk all members; the last page has no next', async () => {
    const group = groupId('Contractors');
    const added: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const user = w.okta.store.insertUser({ profile: { login: `temp${i}@provisio-demo.example`, email: `temp${i}@provisio-demo.example`, firstName: 'Temp', lastName: `No${i}` } });
      w.okta.store.addMember(group, user.id);
      added.push(user.id);
    }
    const expected = w.okta.store.memberIds(group);
    expect(expected).toHaveLength(7);

    const first = await w.client.api('GET', `/api/v1/groups/${group}/users?limit=3`);
    const firstLinks = links(first);
    expect(firstLinks.self).toBe(`https://provisio-demo.okta.com/api/v1/groups/${group}/users?limit=3`);
    const firstPage = await json<User[]>(first);
    expect(firstLinks.next).toBe(`https://provisio-demo.okta.com/api/v1/groups/${group}/users?after=${firstPage[2]!.id}&limit=3`);

    // A member removed between pages does not break the cursor.
    w.okta.store.removeMember(group, firstPage[2]!.id);
    const seen = firstPage.map((u) => u.id);
    let next: string | undefined = firstLinks.next;
    const sizes = [firstPage.length];
    while (next) {
      const response = await w.client.api('GET', next.replace('https://provisio-demo.okta.com', ''));
      const page = await json<User[]>(response);
      sizes.push(page.length);
      seen.push(...page.map((u) => u.id));
      next = links(response).next;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(expected);
  });

  test('without limit, all members come back with only a self link', async () => {
    const response = await w.client.api('GET', `/api/v1/groups/${groupId('Engineering')}/users`);
    expect(Object.keys(links(response))).toEqual(['self']);
    expect((await json<User[]>(response)).map((u) => u.profile.login).sort()).toEqual([
      'ben.ortiz@provisio-demo.example',
      'paula.pending@provisio-demo.example',
      'taken.user@provisio-demo.example',
    ]);
  });
});

specConformanceSuite(recorder);
