import fc from 'fast-check';
import type { DemoUserKey } from '../../sandbox/jira';
import { JitDriver, type CreatedRequest } from '../helpers/jit-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * The invariants of just-in-time access, end to end in the sandbox (few runs: every step is real
 * JSM calls, product events, consumers and the Okta stand-in): random requests, approvals (some
 * by the requester), extensions, Done transitions, revokes, lost timer events, members added by
 * hand and clock jumps. After every step: the permanent member is still there, the group is not
 * empty, and every person whose grant is active is a member. At the end, after the sweep (drift
 * included): nobody but the permanent member is left.
 */
type Command =
  | { kind: 'raise'; person: 'ritaRequester' | 'carlCustomer'; minutes: number; approver: 'annApprover' | 'bobApprover' | 'self' }
  | { kind: 'done'; pick: number }
  | { kind: 'revoke'; pick: number }
  | { kind: 'extend'; pick: number; minutes: number; approver: 'annApprover' | 'bobApprover' }
  | { kind: 'advance'; seconds: number }
  | { kind: 'lose'; on: boolean }
  | { kind: 'byHand'; person: 'ritaRequester' | 'carlCustomer' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('raise' as const), person: fc.constantFrom('ritaRequester' as const, 'carlCustomer' as const), minutes: fc.integer({ min: 5, max: 90 }), approver: fc.constantFrom('annApprover' as const, 'bobApprover' as const, 'self' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('done' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), pick: fc.nat(), minutes: fc.integer({ min: 5, max: 60 }), approver: fc.constantFrom('annApprover' as const, 'bobApprover' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 600, max: 2 * 3600 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lose' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('byHand' as const), person: fc.constantFrom('ritaRequester' as const, 'carlCustomer' as const) }) },
);

describe('just-in-time access invariants (sandbox end to end, property-based)', () => {
  let client: SandboxClient;
  let jit: JitDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    jit = new JitDriver(client);
  });
  afterAll(() => client.close());

  const storedGrants = () =>
    client.sandbox.platform.kvs
      .inspect()
      .values.filter((v) => v.entityName === 'jit-grant')
      .map((v) => (v.value as { grant: { issueKey: string; status: string; requester: { accountId: string }; targetId: string } }).grant);

  const check = (step: string) => {
    const okta = client.sandbox.okta.store;
    const permanent = okta.findUserByLogin(jit.seed.okta.permanentLogin)!.id;
    const members = new Set(jit.oktaGroupMembers());
    if (!members.has(permanent)) throw new Error(`${step}: the permanent member was removed`);
    if (members.size === 0) throw new Error(`${step}: the group was left empty`);
    const people = Object.entries(client.sandbox.seed.users) as [DemoUserKey, { accountId: string }][];
    for (const grant of storedGrants().filter((g) => g.status === 'active' && g.targetId === jit.seed.targets.okta)) {
      const key = people.find(([, u]) => u.accountId === grant.requester.accountId)?.[0] as DemoUserKey;
      if (!jit.inOktaGroup(key)) throw new Error(`${step}: ${key} is not a member while ${grant.issueKey} is active`);
    }
  };

  test('hold over random sequences (few runs: each one is a real sandbox session)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 10 }), async (commands) => {
        await client.control('DELETE', '/__sandbox/faults');
        const raised: CreatedRequest[] = [];
        const pick = (n: number) => raised[n % Math.max(1, raised.length)];
        for (const [i, cmd] of commands.entries()) {
          if (cmd.kind === 'raise') {
            const approver = cmd.approver === 'self' ? undefined : cmd.approver;
            const request = await jit.raise({ target: 'Okta IT-Admins', minutes: cmd.minutes, requester: cmd.person });
            await client.settle();
            // JSM lets only its named approvers decide; "self" stands for a request nobody approves (it stays waiting).
            if (approver) await jit.approve(request.issueKey, approver);
            await client.settle();
            raised.push(request);
          } else if (cmd.kind === 'done' && pick(cmd.pick)) {
            const r = pick(cmd.pick) as CreatedRequest;
            if ((await jit.status(r.issueKey)) === 'In Progress') await jit.moveTo(r.issueKey, 'Done');
          } else if (cmd.kind === 'revoke' && pick(cmd.pick)) {
            await jit.panel(pick(cmd.pick) as CreatedRequest, 'panel/jit-revoke', 'bobApprover');
          } else if (cmd.kind === 'extend' && pick(cmd.pick)) {
            const r = pick(cmd.pick) as CreatedRequest;
            const view = await jit.view(r);
            const requester = view.grant?.requester.accountId === client.user('carlCustomer').accountId ? 'carlCustomer' : 'ritaRequester';
            await jit.panel(r, 'panel/jit-request-extension', requester, { minutes: cmd.minutes });
            await jit.panel(r, 'panel/jit-approve-extension', cmd.approver);
          } else if (cmd.kind === 'advance') {
            await client.advance(cmd.seconds);
          } else if (cmd.kind === 'lose') {
            if (cmd.on) await jit.dropTimerEvents();
            else await client.control('DELETE', '/__sandbox/faults');
          } else if (cmd.kind === 'byHand') {
            client.sandbox.okta.store.addMember(jit.seed.okta.groupId, jit.oktaUserId(cmd.person));
          }
          await client.settle();
          check(`step ${i} (${cmd.kind})`);
        }
        // Quiet down: events flow again, and time passes beyond every expiry and the hourly drift check.
        await client.control('DELETE', '/__sandbox/faults');
        await client.advance(8 * 3600);
        await client.advance(61 * 60);
        check('after the final sweep');
        const left = jit.oktaGroupMembers().filter((id) => id !== client.sandbox.okta.store.findUserByLogin(jit.seed.okta.permanentLogin)!.id);
        if (left.length > 0) throw new Error(`members with no live grant after the sweep: ${left.join(', ')}`);
        if (storedGrants().some((g) => g.status === 'active' || g.status === 'granting' || g.status === 'ending')) throw new Error('a grant outlived every expiry');
      }),
      { numRuns: 6 },
    );
  });
});
