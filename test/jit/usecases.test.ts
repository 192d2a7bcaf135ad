import { iso, newGrant, withStatus } from '../../src/domain/jit/grant';
import { advanceGrant } from '../../src/usecases/advance-grant';
import { onGrantStatusChange } from '../../src/usecases/start-grant';
import { advance, extend, grantOf, markDone, newWorld, PEOPLE, raiseApproved, sweep } from './world';

const MIN = 60_000;

describe('advancing grants (use cases over in-memory ports)', () => {
  // Retries and queued comments are logged as warnings; they are expected here.
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  test('a Done whose product event was lost is caught by the next timer hop, which re-reads the ticket', async () => {
    const world = newWorld();
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 120, approver: 'ann' });
    await markDone(world, raised, false);
    expect(world.targets.get('sync-group')!.settled().has(PEOPLE.rita)).toBe(true);
    await advance(world, 16 * MIN, { sweeps: false });
    expect(grantOf(world, raised)).toMatchObject({ status: 'revoked', endReason: 'done' });
    expect(world.targets.get('sync-group')!.settled().has(PEOPLE.rita)).toBe(false);
  });

  test('a revocation that keeps failing is retried with backoff, never given up, and the ticket is told', async () => {
    const world = newWorld();
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 10, approver: 'ann' });
    world.targets.get('sync-group')!.failNext = 12;
    await advance(world, 6 * 60 * MIN);
    expect(grantOf(world, raised)?.status).toBe('expired');
    expect(world.desk.comments.map((c) => c.marker)).toContain(`jit:${raised.issueId}:revoke-struggling`);
  });

  test('a comment Jira refuses waits in the outbox and is posted once on a later wake-up', async () => {
    const world = newWorld();
    world.desk.failComments = 1;
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 20, approver: 'ann' });
    expect(grantOf(world, raised)?.status).toBe('active');
    expect(grantOf(world, raised)?.outbox).toHaveLength(1);
    await advance(world, 16 * MIN, { sweeps: false });
    expect(grantOf(world, raised)?.outbox ?? []).toHaveLength(0);
    expect(world.desk.comments.filter((c) => c.marker === `jit:${raised.issueId}:granted`)).toHaveLength(1);
  });

  test('a busy (target, person) pair is tried again a moment later', async () => {
    const world = newWorld();
    world.locks.busyNext = 1;
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 20, approver: 'ann' });
    expect(grantOf(world, raised)?.status).toBe('granting');
    await advance(world, 3000, { sweeps: false });
    expect(grantOf(world, raised)?.status).toBe('active');
  });

  test('an asynchronous target: the change is recorded on the pair and confirmed by a later poll', async () => {
    const world = newWorld();
    const raised = await raiseApproved(world, { person: 'carl', targetName: 'Async set', minutes: 20, approver: 'bob' });
    expect(grantOf(world, raised)?.status).toBe('granting');
    expect(world.locks.pairs.get(`async-set:${PEOPLE.carl}`)?.pending).toMatchObject({ kind: 'add', grantId: raised.issueId });
    await advance(world, 2500, { sweeps: false });
    expect(grantOf(world, raised)?.status).toBe('active');
    expect(grantOf(world, raised)?.evidence.at(-1)?.text).toContain('confirmed by');
  });

  test('a stale wake-up (aimed at an expiry an extension moved) ends its chain; the new chain revokes at the new expiry', async () => {
    const world = newWorld();
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 10, approver: 'ann' });
    await extend(world, raised, 20, 'bob');
    expect(grantOf(world, raised)?.expiresAt).toBe(iso(world.clock.now() + 30 * MIN));
    await advance(world, 11 * MIN, { sweeps: false });
    expect(grantOf(world, raised)?.status).toBe('active');
    expect(world.wakeups.queue.length).toBe(1);
    await advance(world, 20 * MIN, { sweeps: false });
    expect(grantOf(world, raised)?.status).toBe('expired');
  });

  test('a refused request can be fixed and approved again', async () => {
    const world = newWorld();
    const refused = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 999, approver: 'ann' });
    expect(grantOf(world, refused)?.status).toBe('failed');
    const request = world.desk.requests.get(refused.issueId)!;
    request.fields['customfield_10002'] = 30;
    expect(await onGrantStatusChange({ issueId: refused.issueId, issueKey: refused.issueKey, toStatus: 'In Progress' }, world.deps)).toBe('scheduled');
    expect(grantOf(world, refused)?.status).toBe('active');
  });

  test('duplicate deliveries of the approval change nothing', async () => {
    const world = newWorld();
    const raised = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 30, approver: 'ann' });
    expect(await onGrantStatusChange({ issueId: raised.issueId, issueKey: raised.issueKey, toStatus: 'In Progress' }, world.deps)).toBe('already-started');
    await advanceGrant(raised.issueId, world.deps);
    expect(world.desk.comments.filter((c) => c.marker.endsWith(':granted'))).toHaveLength(1);
  });
});

describe('the sweep', () => {
  test('reads only what is due: its store operations do not grow with grants that are not due', async () => {
    const costOf = async (grants: number) => {
      const world = newWorld();
      for (let i = 0; i < grants; i += 1) {
        const g = newGrant({ issueId: String(50_000 + i), issueKey: `ITS-${50_000 + i}`, targetId: 'sync-group', targetName: 'Sync group', requester: { accountId: 'rita', displayName: 'rita' }, durationMinutes: 600, startAt: world.clock.now(), now: world.clock.now() });
        await world.grants.create(withStatus(withStatus(g, 'granting', world.clock.now()), 'active', world.clock.now()));
      }
      world.grants.ops.get = 0;
      world.grants.ops.query = 0;
      world.grants.ops.write = 0;
      const report = await sweep(world, false);
      return { ops: world.grants.ops.get + world.grants.ops.query + world.grants.ops.write, report };
    };
    const small = await costOf(10);
    const large = await costOf(2000);
    expect(large.report.due).toBe(0);
    expect(large.ops).toBe(small.ops);
  });
});
