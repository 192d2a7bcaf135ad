import { JitDriver } from '../helpers/jit-driver';
import { SandboxClient } from '../helpers/sandbox-client';

const MINUTE = 60;

/**
 * The three kinds of target end to end (Okta group, IAM Identity Center permission set,
 * Atlassian organization group), the refusals, the panel's Revoke, the protected members
 * and drift.
 */
describe('just-in-time access targets and guards', () => {
  let client: SandboxClient;
  let jit: JitDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    jit = new JitDriver(client);
  });
  afterAll(() => client.close());
  afterEach(async () => {
    await client.control('DELETE', '/__sandbox/faults');
    await client.advance(9 * 60 * MINUTE);
  });

  test('AWS: the permission set is assigned asynchronously, read back, and the assignment deleted at expiry', async () => {
    const request = await jit.grant({ target: 'AWS Payments Prod admin', minutes: 30 });
    // CreateAccountAssignment answers IN_PROGRESS; the grant polls the creation status on a later wake-up.
    expect(await jit.grantView(request)).toMatchObject({ status: 'scheduled', phase: 'granting' });
    await client.advance(5);
    expect(jit.inAwsPermissionSet('ritaRequester')).toBe(true);
    const active = await jit.grantView(request);
    expect(active.status).toBe('active');
    const comments = (await jit.comments(request.issueKey)).join('\n');
    expect(comments).toContain('AWS permission set AdministratorAccess on account 333333333333');
    expect(comments).toContain('confirmed by AWS permission set AdministratorAccess');
    const ops = client.sandbox.aws.requestLog().map((e) => e.action);
    expect(ops).toEqual(expect.arrayContaining(['GetUserId', 'CreateAccountAssignment', 'DescribeAccountAssignmentCreationStatus', 'ListAccountAssignments']));

    await client.advance(30 * MINUTE + 10);
    expect(jit.inAwsPermissionSet('ritaRequester')).toBe(false);
    const ended = await jit.grantView(request);
    expect(ended.status).toBe('expired');
    expect(Date.parse(ended.endedAt as string) - Date.parse(ended.expiresAt)).toBeLessThan(5_000);
    expect(client.sandbox.aws.requestLog().map((e) => e.action)).toEqual(expect.arrayContaining(['DeleteAccountAssignment', 'DescribeAccountAssignmentDeletionStatus']));
    expect(jit.inAwsPermissionSet('breakglass' as never)).toBe(true);
  });

  test('AWS: two grants approved at once on one permission set meet a ConflictException and both still succeed', async () => {
    const rita = await jit.raise({ target: 'AWS Payments Prod admin', minutes: 20 });
    const carl = await jit.raise({ target: 'AWS Payments Prod admin', minutes: 20, requester: 'carlCustomer' });
    await client.settle();
    await Promise.all([jit.approve(rita.issueKey), jit.approve(carl.issueKey)]);
    await client.advance(30);
    expect(client.sandbox.aws.requestLog().some((e) => e.action === 'CreateAccountAssignment' && e.errorCode === 'ConflictException')).toBe(true);
    expect(jit.inAwsPermissionSet('ritaRequester')).toBe(true);
    expect(jit.inAwsPermissionSet('carlCustomer')).toBe(true);
    await client.advance(21 * MINUTE);
    expect(jit.inAwsPermissionSet('ritaRequester')).toBe(false);
    expect(jit.inAwsPermissionSet('carlCustomer')).toBe(false);
  });

  test('Atlassian: the org group membership goes through the org API with the org API key, and is removed at expiry', async () => {
    const request = await jit.grant({ target: 'Atlassian site-admins', minutes: 15 });
    expect(jit.inAtlassianGroup('ritaRequester')).toBe(true);
    const calls = client.sandbox.atlassianAdmin.requestLog();
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(expect.arrayContaining(['POST 204', 'GET 200']));
    await client.advance(16 * MINUTE);
    expect(jit.inAtlassianGroup('ritaRequester')).toBe(false);
    expect(jit.inAtlassianGroup('adaAdmin')).toBe(true);
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('Atlassian group site-admins');
  });

  test('a permanent member granted access again is never removed when that grant ends', async () => {
    const request = await jit.grant({ target: 'Atlassian site-admins', minutes: 15, requester: 'adaAdmin' }, 'bobApprover');
    expect(await jit.grantView(request)).toMatchObject({ status: 'active' });
    await client.advance(16 * MINUTE);
    expect(jit.inAtlassianGroup('adaAdmin')).toBe(true);
    expect(await jit.grantView(request)).toMatchObject({ status: 'expired' });
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('a permanent member is never removed');
  });

  test('an admin group is never left empty: the last member is kept and the grant says why', async () => {
    const org = client.sandbox.atlassianAdmin;
    const ada = client.user('adaAdmin').accountId;
    const request = await jit.grant({ target: 'Atlassian site-admins', minutes: 15 });
    org.setMember(jit.seed.atlassian.groupId, ada, false); // someone removed the permanent admin by hand
    await client.advance(16 * MINUTE);
    expect(jit.inAtlassianGroup('ritaRequester')).toBe(true);
    const failed = await jit.grantView(request);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toContain('never left empty');
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('is the last member');
    // Put things back: the permanent admin returns, and the next drift check may act on the leftover.
    org.setMember(jit.seed.atlassian.groupId, ada, true);
    org.setMember(jit.seed.atlassian.groupId, client.user('ritaRequester').accountId, false);
  });

  test('refusals: self-approval, a duration over the maximum, an unknown target, each said on the ticket', async () => {
    const own = await jit.raise({ target: 'Okta IT-Admins', minutes: 30, requester: 'annApprover' });
    await client.settle();
    await jit.approve(own.issueKey, 'annApprover');
    await client.settle();
    expect(jit.inOktaGroup('annApprover')).toBe(false);
    expect(await jit.grantView(own)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('approved their own request') });
    expect((await jit.comments(own.issueKey)).join('\n')).toContain('Provisio did not grant this access.');

    const tooLong = await jit.grant({ target: 'Atlassian site-admins', minutes: 61 });
    expect(await jit.grantView(tooLong)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('at most 60 minutes') });
    const unknown = await jit.grant({ target: 'Root of all AWS', minutes: 10 });
    expect((await jit.comments(unknown.issueKey)).join('\n')).toContain('is not a target Provisio manages');
    expect(jit.inAtlassianGroup('ritaRequester')).toBe(false);
  });

  test('Revoke in the panel: approvers and admins may, other agents may not; it ends the access at once', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 60 });
    const viewAsAgent = await jit.view(request, 'graceAgent');
    expect(viewAsAgent.can.revoke).toBe(false);
    expect(await jit.panel(request, 'panel/jit-revoke', 'graceAgent')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    const viewAsApprover = await jit.view(request, 'bobApprover');
    expect(viewAsApprover.can).toMatchObject({ revoke: true, approveExtension: false });
    const revoked = await jit.panel(request, 'panel/jit-revoke', 'bobApprover');
    expect(revoked).toMatchObject({ ok: true, data: { grant: { status: 'revoked', endReason: 'revoked', endedBy: { displayName: 'Bob Approver' } } } });
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('revoked by Bob Approver');
  });

  test('drift: a member added by hand with no grant is found by the sweep and removed where the policy says so, reported elsewhere', async () => {
    const okta = client.sandbox.okta.store;
    okta.addMember(jit.seed.okta.groupId, jit.oktaUserId('carlCustomer'));
    const aws = jit.seed.aws;
    client.sandbox.aws.identityCenter.assignNow({ instanceArn: aws.instanceArn, accountId: aws.accountId, permissionSetArn: aws.permissionSetArn, principalType: 'USER', principalId: aws.userIds.carlCustomer as string });
    await client.advance(61 * MINUTE); // drift is checked hourly
    expect(jit.inOktaGroup('carlCustomer')).toBe(false);
    expect(jit.inAwsPermissionSet('carlCustomer')).toBe(true);
    const drift = await client.adminData<{ targets: { targetId: string; findings: { label: string; action: string }[] }[] }>('admin/jit-drift');
    const byTarget = Object.fromEntries(drift.targets.map((t) => [t.targetId, t.findings]));
    expect(byTarget[jit.seed.targets.aws]).toEqual([expect.objectContaining({ label: 'carl', action: 'reported' })]);
    expect(client.sandbox.slack.messages().map((m) => JSON.stringify(m)).join('\n')).toContain('no live grant');
    client.sandbox.aws.identityCenter.unassignNow({ instanceArn: aws.instanceArn, accountId: aws.accountId, permissionSetArn: aws.permissionSetArn, principalType: 'USER', principalId: aws.userIds.carlCustomer as string });
  });

  test('the panel tells a request waiting for approval from a request of another kind', async () => {
    const waiting = await jit.raise({ target: 'Okta IT-Admins', minutes: 30 });
    await client.settle();
    expect(await jit.view(waiting)).toMatchObject({ isJitRequest: true, can: { revoke: false, requestExtension: false } });
    expect((await jit.view(waiting)).grant).toBeUndefined();
    const seed = client.sandbox.seed;
    const other = await client.as(client.user('ritaRequester')).post<{ issueId: string; issueKey: string }>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Get IT help'],
      requestFieldValues: { summary: 'My laptop is slow' },
    });
    await client.settle();
    expect(await jit.view(other.body)).toMatchObject({ isJitRequest: false });
    expect(await jit.panel(other.body, 'panel/jit-revoke', 'adaAdmin')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('admin: only Jira administrators read and save the settings; a save is validated field by field; the org API key is write-only', async () => {
    type Answer = { ok: boolean; data?: { settings?: { targets: unknown[] }; atlassianApiKeySaved?: boolean; saved?: boolean; fieldErrors?: Record<string, string> }; error?: { code: string } };
    const admin = async (functionKey: string, as: 'adaAdmin' | 'alanAgent', payload: unknown = {}) => (await client.admin(functionKey, payload, client.user(as))) as Answer;
    expect(await admin('admin/jit-get', 'alanAgent')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const config = await admin('admin/jit-get', 'adaAdmin');
    expect(config.ok).toBe(true);
    expect(config.data?.settings?.targets).toHaveLength(3);
    expect(config.data?.atlassianApiKeySaved).toBe(true);
    expect(JSON.stringify(config.data)).not.toContain(jit.seed.atlassian.apiKey);
    const settings = structuredClone(config.data?.settings) as { targets: { policy: { permanentMembers: string[]; maxDurationMinutes: number } }[] };
    settings.targets[0]!.policy.permanentMembers = [];
    settings.targets[1]!.policy.maxDurationMinutes = 0;
    const refused = await admin('admin/jit-save', 'adaAdmin', { settings });
    expect(refused.data).toMatchObject({ saved: false, fieldErrors: { 'targets.0.policy.permanentMembers': expect.any(String), 'targets.1.policy.maxDurationMinutes': expect.any(String) } });
  });

  test('admin: approvers are named, found by name, and must be Jira people who can still sign in', async () => {
    type PeopleAnswer = { ok: boolean; data?: { people: { accountId: string; displayName: string }[] }; error?: { code: string; message: string } };
    type ConfigAnswer = { ok: boolean; data: { settings: { targets: { policy: { approvers: string[] } }[] }; people: { accountId: string; displayName: string }[] } };
    type SaveAnswer = { ok: boolean; data?: { saved: boolean; fieldErrors?: Record<string, string> } };
    const admin = async <T>(functionKey: string, as: 'adaAdmin' | 'alanAgent', payload: unknown = {}) => (await client.admin(functionKey, payload, client.user(as))) as T;
    const users = client.sandbox.seed.users;

    const config = await admin<ConfigAnswer>('admin/jit-get', 'adaAdmin');
    const saved = config.data.settings.targets[0]!.policy.approvers;
    expect(saved).toEqual([users.annApprover.accountId, users.bobApprover.accountId, users.adaAdmin.accountId]);
    expect(config.data.people).toEqual(
      expect.arrayContaining([
        { accountId: users.annApprover.accountId, displayName: 'Ann Approver' },
        { accountId: users.bobApprover.accountId, displayName: 'Bob Approver' },
        { accountId: users.adaAdmin.accountId, displayName: 'Ada Admin' },
      ]),
    );

    // Found by name: Jira people only (customers cannot approve), never for a non-admin, never for one letter.
    expect(await admin<PeopleAnswer>('admin/jit-find-people', 'adaAdmin', { query: 'Approver' })).toEqual({
      ok: true,
      data: { people: expect.arrayContaining([{ accountId: users.annApprover.accountId, displayName: 'Ann Approver' }, { accountId: users.bobApprover.accountId, displayName: 'Bob Approver' }]) },
    });
    expect((await admin<PeopleAnswer>('admin/jit-find-people', 'adaAdmin', { query: 'Rita' })).data?.people).toEqual([]);
    expect(await admin<PeopleAnswer>('admin/jit-find-people', 'adaAdmin', { query: 'A' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('2 to 100') } });
    expect(await admin<PeopleAnswer>('admin/jit-find-people', 'alanAgent', { query: 'Approver' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // An id Jira does not know, and a deactivated person, are refused by name; nothing is saved.
    const gone = client.sandbox.jira.store.createUser({ displayName: 'Gina Gone', emailAddress: 'gina.gone@provisio-demo.example' });
    gone.active = false;
    const settings = structuredClone(config.data.settings);
    settings.targets[0]!.policy.approvers = [users.annApprover.accountId, '712020:00000000-0000-0000-0000-00000000dead'];
    settings.targets[1]!.policy.approvers = [users.bobApprover.accountId, gone.accountId];
    const refused = await admin<SaveAnswer>('admin/jit-save', 'adaAdmin', { settings });
    expect(refused.data).toEqual({
      saved: false,
      fieldErrors: {
        'targets.0.policy.approvers': 'No Jira user has the account id 712020:00000000-0000-0000-0000-00000000dead.',
        'targets.1.policy.approvers': `Gina Gone (${gone.accountId}) is deactivated.`,
      },
    });
    expect((await admin<ConfigAnswer>('admin/jit-get', 'adaAdmin')).data.settings.targets[0]!.policy.approvers).toEqual(saved);
  });
});
