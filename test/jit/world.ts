import { iso, type Grant } from '../../src/domain/jit/grant';
import { validateJitSettings, type JitSettings } from '../../src/domain/jit/jit-settings';
import { advanceGrant } from '../../src/usecases/advance-grant';
import { approveGrantExtension, requestGrantExtension, revokeGrant, type GrantActor } from '../../src/usecases/change-grant';
import { onGrantStatusChange } from '../../src/usecases/start-grant';
import { sweepGrants } from '../../src/usecases/sweep-grants';
import { makeWorld, type World } from './fakes';

export const FIELDS = { target: 'customfield_10001', duration: 'customfield_10002', startTime: 'customfield_10003', justification: 'customfield_10004' };
export const START = Date.UTC(2026, 10, 21, 9, 0, 0);
export const SWEEP_MS = 5 * 60_000;

/** Jira accounts, and each one's id in the targets (the same id in both, for simplicity). */
export const PEOPLE = { rita: 'u-rita', carl: 'u-carl', perm: 'u-perm', ann: 'u-ann', bob: 'u-bob' } as const;
export type PersonKey = keyof typeof PEOPLE;

export function testSettings(overrides: { syncDrift?: 'report' | 'remove'; asyncDrift?: 'report' | 'remove' } = {}): JitSettings {
  const parsed = validateJitSettings({
    requestTypeId: '7',
    fields: FIELDS,
    provisionStatus: 'In Progress',
    endStatuses: ['Done', 'Canceled'],
    driftCheckMinutes: 60,
    targets: [
      {
        id: 'sync-group',
        name: 'Sync group',
        ref: { kind: 'okta-group', groupId: '00g1234567890abc', groupName: 'Admins', clearSessions: true },
        policy: { maxDurationMinutes: 240, approvalRequired: true, approvers: ['ann', 'bob'], maxTotalMinutes: 480, permanentMembers: ['perm'], drift: overrides.syncDrift ?? 'remove' },
      },
      {
        id: 'async-set',
        name: 'Async set',
        ref: {
          kind: 'aws-permission-set',
          instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
          identityStoreId: 'd-1234567890',
          accountId: '333333333333',
          permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef',
          permissionSetName: 'Admin',
        },
        policy: { maxDurationMinutes: 240, approvalRequired: true, approvers: ['ann', 'bob'], maxTotalMinutes: 480, permanentMembers: ['perm'], drift: overrides.asyncDrift ?? 'remove' },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

export function newWorld(settings: JitSettings = testSettings()): World {
  // People are known to the targets by their Jira account id (the label) and target id.
  const people: Record<string, string> = Object.fromEntries(Object.entries(PEOPLE).map(([key, id]) => [key, id]));
  return makeWorld(settings, { start: START, people, asyncTargets: ['async-set'], initialMembers: { 'sync-group': [PEOPLE.perm], 'async-set': [PEOPLE.perm] } });
}

let issueCounter = 10_000;

export interface Raised {
  issueId: string;
  issueKey: string;
}

/** A requester raises a request and an approver approves it: the ticket reaches In Progress. */
export async function raiseApproved(world: World, input: { person: PersonKey; targetName: string; minutes: number; startInMs?: number; approver: PersonKey }): Promise<Raised> {
  issueCounter += 1;
  const issueId = String(issueCounter);
  const issueKey = `ITS-${issueCounter}`;
  world.desk.requests.set(issueId, {
    issueId,
    issueKey,
    requestTypeId: '7',
    status: 'In Progress',
    reporter: { accountId: input.person, displayName: input.person },
    fields: {
      [FIELDS.target]: input.targetName,
      [FIELDS.duration]: input.minutes,
      ...(input.startInMs ? { [FIELDS.startTime]: iso(world.clock.now() + input.startInMs) } : {}),
    },
  });
  world.desk.approvals.set(issueKey, { decision: 'approved', approvedBy: { accountId: input.approver, displayName: input.approver }, completedAt: iso(world.clock.now()) });
  world.desk.statuses.set(issueKey, 'In Progress');
  await onGrantStatusChange({ issueId, issueKey, toStatus: 'In Progress' }, world.deps);
  return { issueId, issueKey };
}

export async function markDone(world: World, raised: Raised, deliverEvent = true): Promise<void> {
  world.desk.statuses.set(raised.issueKey, 'Done');
  // A lost product event: the ticket is Done but the app was never told (a timer hop re-reads it).
  if (deliverEvent) await onGrantStatusChange({ issueId: raised.issueId, issueKey: raised.issueKey, toStatus: 'Done', actorAccountId: 'alan' }, world.deps);
}

export const actor = (key: string, extra: Partial<GrantActor> = {}): GrantActor => ({ accountId: key, displayName: key, isAdmin: false, isAgent: false, ...extra });

export async function revoke(world: World, raised: Raised, by: string): Promise<unknown> {
  return revokeGrant(raised.issueId, actor(by), world.deps).catch((error: unknown) => error);
}

export async function extend(world: World, raised: Raised, minutes: number, approver: string): Promise<unknown> {
  const grant = world.grants.items.get(raised.issueId)?.grant;
  if (!grant) return undefined;
  const asked = await requestGrantExtension(raised.issueId, { minutes }, actor(grant.requester.accountId), world.deps).catch((error: unknown) => error);
  if (asked instanceof Error) return asked;
  return approveGrantExtension(raised.issueId, actor(approver), world.deps).catch((error: unknown) => error);
}

/**
 * Moves the clock forward by `ms`, delivering every wake-up that falls due in time order, and
 * running the five-minute sweep on its schedule (as the platform does), unless `sweeps` is off.
 */
export async function advance(world: World, ms: number, options: { sweeps?: boolean; duplicate?: boolean } = {}): Promise<void> {
  const target = world.clock.now() + ms;
  for (;;) {
    const nextSweep = Math.ceil((world.clock.now() + 1 - START) / SWEEP_MS) * SWEEP_MS + START;
    const wake = world.wakeups.next(Math.min(target, options.sweeps === false ? target : nextSweep));
    if (wake) {
      world.clock.ms = Math.max(world.clock.ms, wake.at);
      await advanceGrant(wake.grantId, world.deps, { ...(wake.aim ? { aim: wake.aim } : {}), checkTicket: true });
      if (options.duplicate) await advanceGrant(wake.grantId, world.deps, { ...(wake.aim ? { aim: wake.aim } : {}), checkTicket: true });
      continue;
    }
    if (options.sweeps !== false && nextSweep <= target) {
      world.clock.ms = nextSweep;
      await sweep(world, false);
      continue;
    }
    break;
  }
  world.clock.ms = target;
}

export async function sweep(world: World, forceDrift: boolean) {
  return sweepGrants(world.deps, { budgetMs: 60_000, rearmWindowMs: SWEEP_MS, forceDrift });
}

export function grantOf(world: World, raised: Raised): Grant | undefined {
  return world.grants.items.get(raised.issueId)?.grant;
}
