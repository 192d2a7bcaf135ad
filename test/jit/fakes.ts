import { UpstreamError } from '../../src/domain/errors';
import { COVERING_STATUSES, type Grant, type GrantStatus, type Principal } from '../../src/domain/jit/grant';
import type { JitSettings, JitTarget } from '../../src/domain/jit/jit-settings';
import { isPermanentMember } from '../../src/domain/jit/membership';
import type {
  DriftFinding,
  DriftStore,
  GrantDeps,
  GrantDesk,
  GrantStore,
  GrantWakeups,
  JitNotifier,
  MembershipDirectory,
  OpState,
  PairLease,
  PairLocks,
  PendingOp,
  PollState,
  Wakeup,
} from '../../src/usecases/grant-ports';

/**
 * In-memory stand-ins for every port of just-in-time access, so the real use cases run fast
 * under a manual clock. The target fakes record every membership change together with what the
 * grant store said at that moment, so the invariants are checked against what really happened.
 */
export class ManualClock {
  constructor(public ms: number) {}
  now = (): number => this.ms;
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export class MemoryGrants implements GrantStore {
  readonly items = new Map<string, { grant: Grant; version: number }>();
  /** Counts of store operations, like the KVS stats the bench reads. */
  readonly ops = { get: 0, write: 0, query: 0 };

  async get(id: string) {
    this.ops.get += 1;
    const item = this.items.get(id);
    return item ? { grant: structuredClone(item.grant), version: item.version } : undefined;
  }

  async create(grant: Grant) {
    this.ops.write += 1;
    if (this.items.has(grant.id)) return false;
    this.items.set(grant.id, { grant: structuredClone(grant), version: 1 });
    return true;
  }

  async replace(grant: Grant, expectedVersion: number) {
    this.ops.write += 1;
    const item = this.items.get(grant.id);
    if (!item || item.version !== expectedVersion) return false;
    this.items.set(grant.id, { grant: structuredClone(grant), version: expectedVersion + 1 });
    return true;
  }

  async save(grant: Grant, expectedVersion: number) {
    this.ops.write += 1;
    const item = this.items.get(grant.id);
    if (!item || item.version !== expectedVersion) throw new ConcurrentUpdateError(`grant ${grant.id} changed`);
    this.items.set(grant.id, { grant: structuredClone(grant), version: expectedVersion + 1 });
    return expectedVersion + 1;
  }

  async covering(pairKey: string) {
    this.ops.query += 1;
    return [...this.items.values()].map((i) => i.grant).filter((g) => g.pairKey === pairKey && COVERING_STATUSES.includes(g.status)).map((g) => structuredClone(g));
  }

  async due(status: GrantStatus, untilIso: string, options: { afterIso?: string; limit: number; cursor?: string }) {
    this.ops.query += 1;
    const all = [...this.items.values()]
      .map((i) => i.grant)
      .filter((g) => g.status === status && g.dueAt <= untilIso && (options.afterIso === undefined || g.dueAt >= options.afterIso))
      .sort((a, b) => (a.dueAt === b.dueAt ? a.id.localeCompare(b.id) : a.dueAt < b.dueAt ? -1 : 1));
    const offset = options.cursor ? Number(options.cursor) : 0;
    const page = all.slice(offset, offset + options.limit);
    return { grants: page.map((g) => structuredClone(g)), ...(offset + options.limit < all.length ? { cursor: String(offset + options.limit) } : {}) };
  }

  all(): Grant[] {
    return [...this.items.values()].map((i) => i.grant);
  }
}

export class MemoryLocks implements PairLocks {
  readonly pairs = new Map<string, { holder?: string; until?: number; pending?: PendingOp }>();
  /** Set to make the next acquire find the pair busy (a concurrent holder). */
  busyNext = 0;

  constructor(private readonly clock: ManualClock) {}

  async acquire(key: string, holder: string): Promise<PairLease | undefined> {
    if (this.busyNext > 0) {
      this.busyNext -= 1;
      return undefined;
    }
    const current = this.pairs.get(key) ?? {};
    if (current.holder && (current.until ?? 0) > this.clock.now()) return undefined;
    this.pairs.set(key, { holder, until: this.clock.now() + 60_000, ...(current.pending ? { pending: current.pending } : {}) });
    return {
      ...(current.pending ? { pending: structuredClone(current.pending) } : {}),
      release: async (pending) => {
        const now = this.pairs.get(key);
        if (now?.holder !== holder) return;
        this.pairs.set(key, pending ? { pending } : {});
      },
    };
  }
}

export interface Violation {
  kind: 'removed-permanent' | 'removed-covered' | 'left-empty';
  detail: string;
}

/**
 * A target: a member set, its permanent members, and (when `async`) changes that settle after
 * `settleMs` with a ConflictException while one is in progress, like Identity Center.
 */
export class FakeTarget {
  readonly description: string;
  readonly memberSet = new Set<string>();
  readonly removals: { principalId: string; at: number }[] = [];
  private readonly ops: { ref: string; kind: 'add' | 'remove'; principalId: string; settlesAt: number; done: boolean }[] = [];
  private nextRef = 1;
  /** Transient failures to answer before succeeding. */
  failNext = 0;

  constructor(
    readonly target: JitTarget,
    private readonly clock: ManualClock,
    private readonly grants: MemoryGrants,
    readonly violations: Violation[],
    readonly options: { async: boolean; settleMs: number; people: Record<string, string> },
  ) {
    this.description = `fake ${target.id}`;
  }

  private settle(): void {
    for (const op of this.ops) {
      if (op.done || op.settlesAt > this.clock.now()) continue;
      op.done = true;
      if (op.kind === 'add') this.memberSet.add(op.principalId);
      else this.removeNow(op.principalId);
    }
  }

  private maybeFail(): void {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new UpstreamError(`${this.description} answered 503`, 503);
    }
  }

  /** Checks a removal against the store as it is now: at the decision, no live grant may need it; when it lands, no active one. */
  private checkRemoval(principalId: string, statuses: readonly GrantStatus[]): void {
    const label = Object.entries(this.options.people).find(([, id]) => id === principalId)?.[0] ?? principalId;
    if (isPermanentMember({ id: principalId, label }, this.target.policy.permanentMembers)) this.violations.push({ kind: 'removed-permanent', detail: `${label} from ${this.target.id}` });
    const covering = this.grants.all().filter((g) => g.pairKey === `${this.target.id}:${principalId}` && statuses.includes(g.status));
    if (covering.length > 0) this.violations.push({ kind: 'removed-covered', detail: `${label} from ${this.target.id} while ${covering.map((g) => `${g.issueKey}(${g.status})`).join(', ')}` });
    if (this.memberSet.has(principalId) && this.memberSet.size <= 1) this.violations.push({ kind: 'left-empty', detail: this.target.id });
  }

  private removeNow(principalId: string): void {
    this.checkRemoval(principalId, ['active']);
    if (this.memberSet.delete(principalId)) this.removals.push({ principalId, at: this.clock.now() });
  }

  async principalFor(person: { accountId: string }): Promise<Principal | undefined> {
    this.maybeFail();
    const id = this.options.people[person.accountId];
    return id ? { id, label: person.accountId } : undefined;
  }

  async isMember(principalId: string): Promise<boolean> {
    this.maybeFail();
    this.settle();
    return this.memberSet.has(principalId);
  }

  async isPermanent(principal: Principal): Promise<boolean> {
    return isPermanentMember(principal, this.target.policy.permanentMembers);
  }

  async add(principal: Principal): Promise<OpState> {
    this.maybeFail();
    return this.change('add', principal.id);
  }

  async remove(principal: Principal): Promise<OpState> {
    this.maybeFail();
    return this.change('remove', principal.id);
  }

  private change(kind: 'add' | 'remove', principalId: string): OpState {
    this.settle();
    if (kind === 'remove') this.checkRemoval(principalId, COVERING_STATUSES);
    if (!this.options.async) {
      if (kind === 'add') this.memberSet.add(principalId);
      else this.removeNow(principalId);
      return { state: 'done' };
    }
    if (this.ops.some((op) => !op.done)) throw new UpstreamError(`${this.description}: ConflictException`, undefined);
    const ref = `op-${this.nextRef++}`;
    this.ops.push({ ref, kind, principalId, settlesAt: this.clock.now() + this.options.settleMs, done: false });
    return { state: 'pending', ref };
  }

  async poll(op: PendingOp): Promise<PollState> {
    this.settle();
    const found = this.ops.find((o) => o.ref === op.ref);
    if (!found) return { state: 'failed', reason: 'unknown request' };
    return found.done ? { state: 'done' } : { state: 'pending' };
  }

  async afterRemoval(): Promise<string | undefined> {
    return undefined;
  }

  /** Someone adds or removes a member by hand, outside Provisio. */
  externally(kind: 'add' | 'remove', principalId: string): void {
    this.settle();
    if (kind === 'add') this.memberSet.add(principalId);
    else this.memberSet.delete(principalId);
  }

  settled(): Set<string> {
    this.settle();
    return new Set(this.memberSet);
  }
}

export class MemoryDesk implements GrantDesk {
  readonly comments: { issueKey: string; marker: string; text: string }[] = [];
  readonly statuses = new Map<string, string>();
  readonly requests = new Map<string, Awaited<ReturnType<GrantDesk['customerRequest']>>>();
  readonly approvals = new Map<string, Awaited<ReturnType<GrantDesk['approval']>>>();
  failComments = 0;

  async customerRequest(id: string) {
    const request = this.requests.get(id) ?? [...this.requests.values()].find((r) => r.issueKey === id);
    if (!request) throw new Error(`no request ${id}`);
    return structuredClone(request);
  }

  async approval(issueKey: string) {
    return this.approvals.get(issueKey) ?? { decision: 'pending' as const };
  }

  async status(issueKey: string) {
    return this.statuses.get(issueKey) ?? 'In Progress';
  }

  async displayName(accountId: string) {
    return accountId;
  }

  async commentOnce(issueKey: string, marker: string, text: string) {
    if (this.comments.some((c) => c.marker === marker)) return;
    if (this.failComments > 0) {
      this.failComments -= 1;
      throw new UpstreamError('Jira answered 503', 503);
    }
    this.comments.push({ issueKey, marker, text });
  }

  async moveTo(issueKey: string, status: string) {
    this.statuses.set(issueKey, status);
  }
}

export class MemoryWakeups implements GrantWakeups {
  readonly queue: { grantId: string; at: number; aim?: string }[] = [];
  /** While true, every wake-up pushed is lost (a dropped delivery). */
  lose = false;
  lost = 0;

  constructor(private readonly clock: ManualClock) {}

  async wake(wakeup: Wakeup) {
    if (this.lose) {
      this.lost += 1;
      return;
    }
    this.queue.push({ grantId: wakeup.grantId, at: this.clock.now() + wakeup.delaySeconds * 1000, ...(wakeup.aim ? { aim: wakeup.aim } : {}) });
  }

  async wakeMany(wakeups: Wakeup[]) {
    for (const w of wakeups) await this.wake(w);
  }

  /** The next wake-up due at or before `until`, removed from the queue. */
  next(until: number): { grantId: string; at: number; aim?: string } | undefined {
    let best = -1;
    for (let i = 0; i < this.queue.length; i += 1) {
      const item = this.queue[i] as { at: number };
      if (item.at <= until && (best === -1 || item.at < (this.queue[best] as { at: number }).at)) best = i;
    }
    return best === -1 ? undefined : this.queue.splice(best, 1)[0];
  }
}

export class MemoryDrift implements DriftStore {
  readonly states = new Map<string, { checkedAt?: string; findings: DriftFinding[] }>();
  async state(targetId: string) {
    return this.states.get(targetId) ?? { findings: [] };
  }
  async save(targetId: string, state: { checkedAt: string; findings: DriftFinding[] }) {
    this.states.set(targetId, state);
  }
}

export interface World {
  clock: ManualClock;
  grants: MemoryGrants;
  locks: MemoryLocks;
  desk: MemoryDesk;
  wakeups: MemoryWakeups;
  drift: MemoryDrift;
  targets: Map<string, FakeTarget>;
  violations: Violation[];
  deps: GrantDeps & { drift: DriftStore; notifier: JitNotifier };
  settings: JitSettings;
  notes: string[];
}

export function makeWorld(settings: JitSettings, options: { start: number; people: Record<string, string>; asyncTargets: string[]; initialMembers: Record<string, string[]> }): World {
  const clock = new ManualClock(options.start);
  const grants = new MemoryGrants();
  const locks = new MemoryLocks(clock);
  const desk = new MemoryDesk();
  const wakeups = new MemoryWakeups(clock);
  const drift = new MemoryDrift();
  const violations: Violation[] = [];
  const notes: string[] = [];
  const targets = new Map<string, FakeTarget>();
  for (const target of settings.targets) {
    const fake = new FakeTarget(target, clock, grants, violations, { async: options.asyncTargets.includes(target.id), settleMs: 2000, people: options.people });
    for (const member of options.initialMembers[target.id] ?? []) fake.externally('add', member);
    targets.set(target.id, fake);
  }
  let id = 0;
  const deps: World['deps'] = {
    config: { jit: async () => settings },
    grants,
    pairs: locks,
    targets: { for: (target) => asDirectory(targets.get(target.id) as FakeTarget) },
    desk,
    wakeups,
    drift,
    notifier: { drift: async (text) => void notes.push(text) },
    now: clock.now,
    newId: () => `id-${(id += 1)}`,
  };
  return { clock, grants, locks, desk, wakeups, drift, targets, violations, deps, settings, notes };
}

/** The port, over the fake. */
function asDirectory(fake: FakeTarget): MembershipDirectory {
  return {
    description: fake.description,
    principalFor: (p) => fake.principalFor(p),
    members: async () => [...fake.settled()].map((id) => ({ id, label: Object.entries(fake.options.people).find(([, pid]) => pid === id)?.[0] ?? id })),
    isMember: (id) => fake.isMember(id),
    isPermanent: (p) => fake.isPermanent(p),
    add: (p) => fake.add(p),
    remove: (p) => fake.remove(p),
    poll: (op) => fake.poll(op),
    afterRemoval: () => fake.afterRemoval(),
  };
}
