import { JitDriver } from '../helpers/jit-driver';
import { SandboxClient } from '../helpers/sandbox-client';

const MINUTE = 60;

/**
 * Just-in-time access end to end in the sandbox: requests raised and approved in JSM, the
 * membership read from the target stand-ins, the virtual clock moved past expiries, and the
 * evidence read back from the ticket's comments.
 */
describe('just-in-time access', () => {
  let client: SandboxClient;
  let jit: JitDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    jit = new JitDriver(client);
  });
  afterAll(() => client.close());
  afterEach(async () => {
    await client.control('DELETE', '/__sandbox/faults');
    // Leave no grant behind: every test starts from the permanent members only.
    await client.advance(9 * 60 * MINUTE);
  });

  test('request → approve → member → past expiry → not a member, with the evidence on the ticket', async () => {
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 60 });
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    const granted = await jit.grantView(request);
    expect(granted).toMatchObject({ status: 'active', approvedBy: { displayName: 'Ann Approver' }, requestedMinutes: 60 });
    expect(Date.parse(granted.expiresAt) - Date.parse(granted.grantedAt as string)).toBeLessThanOrEqual(60 * 60_000);
    const afterGrant = (await jit.comments(request.issueKey)).join('\n');
    expect(afterGrant).toContain('Provisio granted temporary access');
    expect(afterGrant).toContain('Read back: rita@provisio-demo.example is a member');
    expect(afterGrant).toContain('Approved by Ann Approver');

    await client.advance(59 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    await client.advance(2 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    const ended = await jit.grantView(request);
    expect(ended).toMatchObject({ status: 'expired', endReason: 'expired' });
    // Revoked on time: a chained wake-up, not the sweep.
    expect(Date.parse(ended.endedAt as string) - Date.parse(ended.expiresAt)).toBeLessThan(5_000);
    const afterEnd = (await jit.comments(request.issueKey)).join('\n');
    expect(afterEnd).toContain('Provisio ended the temporary access');
    expect(afterEnd).toContain('Read back: rita@provisio-demo.example is not a member');
    expect(afterEnd).toContain('Okta sessions');
    expect(client.sandbox.okta.store.sessionsOf(jit.oktaUserId('ritaRequester'))).toHaveLength(0);
    // The permanent member was never touched.
    expect(client.sandbox.okta.store.isMember(jit.seed.okta.groupId, client.sandbox.okta.store.findUserByLogin(jit.seed.okta.permanentLogin)!.id)).toBe(true);
  });

  test('moving the ticket to Done before expiry revokes at once', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 120 });
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    await client.advance(10 * MINUTE);
    await jit.moveTo(request.issueKey, 'Done');
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    const ended = await jit.grantView(request);
    expect(ended).toMatchObject({ status: 'revoked', endReason: 'done', endedBy: { displayName: 'Alan Agent' } });
    expect(Date.parse(ended.endedAt as string)).toBeLessThan(Date.parse(ended.expiresAt));
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('Alan Agent moved the ticket to done');
  });

  test('an extension approved by the first approver is refused with a clear comment; another approver extends it in place', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 30 }, 'annApprover');
    const asked = await jit.panel(request, 'panel/jit-request-extension', 'ritaRequester', { minutes: 45, reason: 'Migration overran' });
    expect(asked.ok).toBe(true);
    const sameApprover = await jit.panel(request, 'panel/jit-approve-extension', 'annApprover');
    expect(sameApprover).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('approved the original grant') } });
    expect((await jit.comments(request.issueKey)).join('\n')).toContain("Provisio refused Ann Approver's approval of the 45-minute extension: Ann Approver approved the original grant; an extension needs a different approver.");
    // The requester can never approve their own extension either.
    expect(await jit.panel(request, 'panel/jit-approve-extension', 'ritaRequester')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const before = await jit.grantView(request);

    const byBob = await jit.panel(request, 'panel/jit-approve-extension', 'bobApprover');
    expect(byBob.ok).toBe(true);
    const extended = await jit.grantView(request);
    expect(extended.status).toBe('extended');
    expect(Date.parse(extended.expiresAt) - Date.parse(before.expiresAt)).toBe(45 * 60_000);
    expect(extended.grantedAt).toBe(before.grantedAt); // extended in place, never revoked and granted again
    expect(extended.extensions).toEqual([expect.objectContaining({ minutes: 45, status: 'approved', decidedBy: expect.objectContaining({ displayName: 'Bob Approver' }) })]);

    await client.advance(31 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    const removals = () => client.sandbox.okta.requestLog().filter((r) => r.method === 'DELETE' && r.path.includes('/users/') && r.path.startsWith('/api/v1/groups/')).length;
    const removalsBefore = removals();
    await client.advance(45 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    expect(removals()).toBe(removalsBefore + 1);
    expect(await jit.grantView(request)).toMatchObject({ status: 'expired' });
    // Beyond the policy's total (480 minutes for this target) an extension is refused outright.
    const tooLong = await jit.grant({ target: 'Okta IT-Admins', minutes: 240 });
    expect(await jit.panel(tooLong, 'panel/jit-request-extension', 'ritaRequester', { minutes: 241 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('at most 240 more') } });
  });

  test('a scheduled start grants at the named time, not on approval', async () => {
    const now = client.sandbox.platform.clock.now();
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 30, startAt: now + 2 * 60 * 60_000 });
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    expect(await jit.grantView(request)).toMatchObject({ status: 'scheduled', principal: { label: 'rita@provisio-demo.example' } });
    expect((await jit.comments(request.issueKey)).join('\n')).toContain('Provisio scheduled temporary access');
    await client.advance(119 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    await client.advance(2 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    const active = await jit.grantView(request);
    expect(Date.parse(active.grantedAt as string) - (now + 2 * 60 * 60_000)).toBeLessThan(5_000);
    await client.advance(30 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
  });

  test('when the timer events are lost, the five-minute sweep revokes within its interval', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 20 });
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    await jit.dropTimerEvents();
    await client.advance(20 * MINUTE + 1);
    const due = Date.parse((await jit.grantView(request)).expiresAt);
    await client.advance(5 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    const ended = await jit.grantView(request);
    expect(ended.status).toBe('expired');
    const lateness = Date.parse(ended.endedAt as string) - due;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(5 * 60_000);
    const sweeps = client.sandbox.platform.log.list({ functionKey: 'jit-sweep' });
    expect(sweeps.length).toBeGreaterThan(0);
  });

  test('two overlapping grants of the same target never cut each other short', async () => {
    const first = await jit.grant({ target: 'Okta IT-Admins', minutes: 30 });
    await client.advance(10 * MINUTE);
    const second = await jit.grant({ target: 'Okta IT-Admins', minutes: 60 }, 'bobApprover');
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    expect((await jit.comments(second.issueKey)).join('\n')).toContain('was already a member');

    await client.advance(21 * MINUTE); // the first one expires
    expect(await jit.grantView(first)).toMatchObject({ status: 'expired' });
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);
    expect((await jit.comments(first.issueKey)).join('\n')).toContain(`${second.issueKey} (until`);

    await client.advance(40 * MINUTE); // the second one expires
    expect(await jit.grantView(second)).toMatchObject({ status: 'expired' });
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
  });
});
