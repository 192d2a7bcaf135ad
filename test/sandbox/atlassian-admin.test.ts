import { createAtlassianAdminStandIn } from '../../sandbox/atlassian-admin';
import { VirtualClock } from '../../sandbox/platform/clock';
import { AtlassianGroupDirectory } from '../../src/adapters/atlassian-admin/atlassian-group-directory';

/** The Atlassian organization admin API stand-in (api.atlassian.com), and Provisio's client against it. */
describe('Atlassian organization admin API stand-in', () => {
  const setup = () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21));
    const org = createAtlassianAdminStandIn({ clock, orgId: 'org-1' });
    const key = org.createApiKey();
    org.addUser({ accountId: 'acc-ada', name: 'Ada', email: 'ada@example.com' });
    org.addUser({ accountId: 'acc-rita', name: 'Rita', email: 'rita@example.com' });
    const admins = org.createGroup({ name: 'site-admins' });
    org.setMember(admins.id, 'acc-ada', true);
    const synced = org.createGroup({ name: 'idp-synced', managedExternally: true });
    const url = (group: string, account?: string) => `https://api.atlassian.com/admin/v1/orgs/org-1/directory/groups/${group}/memberships${account ? `/${account}` : ''}`;
    const call = (method: string, u: string, auth: string | undefined = `Bearer ${key}`, body?: unknown) =>
      org.handle(new Request(u, { method, headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
    return { org, key, admins, synced, url, call };
  };

  test('add, list and remove members with the org API key as a Bearer token', async () => {
    const { org, key, admins, url, call } = setup();
    expect((await call('POST', url(admins.id), '', { account_id: 'acc-rita' })).status).toBe(401);
    expect((await call('POST', url(admins.id), 'Basic dXNlcjp0b2tlbg==', { account_id: 'acc-rita' })).status).toBe(401);
    expect((await call('POST', url(admins.id), 'Bearer not-a-key', { account_id: 'acc-rita' })).status).toBe(401);
    expect((await call('POST', url(admins.id), `Bearer ${key}`, { account_id: 'acc-rita' })).status).toBe(204);
    const listed = (await (await call('GET', url(admins.id), `Bearer ${key}`)).json()) as { data: { account_id: string; email: string }[] };
    expect(listed.data.map((m) => m.account_id).sort()).toEqual(['acc-ada', 'acc-rita']);
    expect((await call('DELETE', url(admins.id, 'acc-rita'), `Bearer ${key}`)).status).toBe(204);
    expect((await call('DELETE', url(admins.id, 'acc-rita'), `Bearer ${key}`)).status).toBe(404);
    expect(org.members(admins.id)).toEqual(['acc-ada']);
    expect(org.changes().map((c) => c.kind)).toEqual(['added', 'added', 'removed']);
  });

  test('refuses what the real API refuses: users outside the directory, IdP-synced groups, org-admins, other orgs', async () => {
    const { org, key, admins, synced, url, call } = setup();
    const orgAdmins = org.createGroup({ name: 'org-admins' });
    expect((await call('POST', url(admins.id), `Bearer ${key}`, { account_id: 'acc-stranger' })).status).toBe(404);
    expect((await call('POST', url(synced.id), `Bearer ${key}`, { account_id: 'acc-rita' })).status).toBe(403);
    expect((await call('POST', url(orgAdmins.id), `Bearer ${key}`, { account_id: 'acc-rita' })).status).toBe(400);
    expect((await call('GET', url(admins.id).replace('org-1', 'org-2'), `Bearer ${key}`)).status).toBe(403);
  });

  test('Provisio’s directory adds, reads back and removes through it', async () => {
    const { org, key, admins } = setup();
    const directory = new AtlassianGroupDirectory(async () => key, { kind: 'atlassian-group', orgId: 'org-1', groupId: admins.id, groupName: 'site-admins' }, ['acc-ada'], (input, init) => org.handle(new Request(input as string, init)));
    const rita = await directory.principalFor({ accountId: 'acc-rita', displayName: 'Rita', email: 'rita@example.com' });
    expect(rita).toEqual({ id: 'acc-rita', label: 'rita@example.com' });
    await directory.add(rita!);
    expect(await directory.isMember('acc-rita')).toBe(true);
    expect(await directory.isPermanent({ id: 'acc-ada', label: 'ada@example.com' })).toBe(true);
    await directory.remove(rita!);
    await directory.remove(rita!); // already gone is fine
    expect(await directory.isMember('acc-rita')).toBe(false);
    const wrongKey = new AtlassianGroupDirectory(async () => 'nope-nope-nope-nope', { kind: 'atlassian-group', orgId: 'org-1', groupId: admins.id, groupName: 'site-admins' }, [], (input, init) => org.handle(new Request(input as string, init)));
    await expect(wrongKey.members()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
