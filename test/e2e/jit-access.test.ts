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
});
