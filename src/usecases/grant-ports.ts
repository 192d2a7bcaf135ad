import type { Grant, GrantStatus, Principal } from '../domain/jit/grant';
import type { JitSettings, JitTarget } from '../domain/jit/jit-settings';

/** The ports just-in-time access needs; adapters implement them and entry/jit-composition wires them. */

export interface GrantStore {
  get(id: string): Promise<{ grant: Grant; version: number } | undefined>;
  /** Creates the grant unless one exists for the request; false when another delivery got there first. */
  create(grant: Grant): Promise<boolean>;
  /** Replaces a grant (a refused one being retried); false when it changed since `expectedVersion`. */
  replace(grant: Grant, expectedVersion: number): Promise<boolean>;
  /** Saves if nobody saved since `expectedVersion`; returns the new version, or throws ConcurrentUpdateError. */
  save(grant: Grant, expectedVersion: number): Promise<number>;
  /** Live grants that hold the membership of one person on one target (granting or active). */
  covering(pairKey: string): Promise<Grant[]>;
  /** Grants in `status` whose dueAt is at or before `untilIso` (after `afterIso` when given), oldest due first. */
  due(status: GrantStatus, untilIso: string, options: { afterIso?: string; limit: number; cursor?: string }): Promise<{ grants: Grant[]; cursor?: string }>;
}

export interface PendingOp {
  kind: 'add' | 'remove';
  /** The target's request id to poll (Identity Center's assignment request). */
  ref: string;
  grantId?: string;
  since: string;
}

/**
 * Mutual exclusion per (target, person): whoever holds the lease reads, decides and acts alone.
 * An asynchronous change that is not confirmed yet is recorded on release; the next holder
 * checks it before deciding anything.
 */
export interface PairLease {
  /** An asynchronous change started earlier and not yet confirmed. */
  pending?: PendingOp;
  release(pending?: PendingOp): Promise<void>;
}

export interface PairLocks {
  /** The lease, or undefined when someone else holds it. */
  acquire(pairKey: string, holder: string): Promise<PairLease | undefined>;
}

export type OpState = { state: 'done' } | { state: 'pending'; ref: string };
export type PollState = { state: 'done' } | { state: 'pending' } | { state: 'failed'; reason: string };

/** One target's membership, in the target's own terms. Errors are UpstreamError (transient or not) or InvalidInputError. */
export interface MembershipDirectory {
  /** How comments name it: "Okta group IT-Admins (00g…)". */
  readonly description: string;
  /** The person's account in the target, or undefined when they have none. */
  principalFor(person: { accountId: string; displayName: string; email?: string }): Promise<Principal | undefined>;
  members(): Promise<Principal[]>;
  isMember(principalId: string): Promise<boolean>;
  isPermanent(principal: Principal): Promise<boolean>;
  add(principal: Principal): Promise<OpState>;
  remove(principal: Principal): Promise<OpState>;
  poll(op: PendingOp): Promise<PollState>;
  /** What happens after a removal (Okta: end the person's sessions); returns evidence, if any. */
  afterRemoval(principal: Principal): Promise<string | undefined>;
}

export interface TargetDirectories {
  for(target: JitTarget): MembershipDirectory;
}

export interface JitConfig {
  jit(): Promise<JitSettings | undefined>;
}

export interface GrantDesk {
  customerRequest(issueIdOrKey: string): Promise<{ issueId: string; issueKey: string; requestTypeId: string; status: string; reporter?: { accountId: string; displayName: string; email?: string }; fields: Record<string, unknown> }>;
  approval(issueKey: string): Promise<{ decision: 'pending' | 'approved' | 'declined'; approvedBy?: { accountId: string; displayName: string }; completedAt?: string }>;
  status(issueKey: string): Promise<string>;
  displayName(accountId: string): Promise<string>;
  /** Posts once per marker: a retried step does not post twice. */
  commentOnce(issueKey: string, marker: string, text: string): Promise<void>;
  moveTo(issueKey: string, statusName: string): Promise<unknown>;
}

export interface Wakeup {
  grantId: string;
  /** At most 900: longer waits are chained hops. */
  delaySeconds: number;
  /** The due time the chain is aimed at; a hop arriving after the grant's due time moved stops its chain. */
  aim?: string;
}

export interface GrantWakeups {
  wake(wakeup: Wakeup): Promise<void>;
  wakeMany(wakeups: Wakeup[]): Promise<void>;
}

/** Best effort: a notification failure never blocks a grant or a revocation. */
export interface JitNotifier {
  drift(text: string): Promise<void>;
}

export interface DriftFinding {
  targetId: string;
  principalId: string;
  label: string;
  firstSeenAt: string;
  lastSeenAt: string;
  action: 'reported' | 'removed' | 'kept-last-member' | 'remove-failed';
  detail?: string;
}

export interface DriftStore {
  /** When each target was last checked, and what was found. */
  state(targetId: string): Promise<{ checkedAt?: string; findings: DriftFinding[] }>;
  save(targetId: string, state: { checkedAt: string; findings: DriftFinding[] }): Promise<void>;
}

export interface GrantDeps {
  config: JitConfig;
  grants: GrantStore;
  pairs: PairLocks;
  targets: TargetDirectories;
  desk: GrantDesk;
  wakeups: GrantWakeups;
  /** Epoch ms; Date.now in production, the virtual clock in the sandbox. */
  now(): number;
  /** A unique id (extension ids, lease holders). */
  newId(): string;
}
