/**
 * One grant of temporary access: an approved request for a person's membership of one target,
 * from a start to an expiry that extensions move in place. Statuses are a closed union and
 * every change goes through the transition table, so a late or duplicate event cannot revive
 * an ended grant or end one twice.
 *
 *   scheduled ──start──▶ granting ──confirmed──▶ active ──expiry / done / revoke──▶ ending ──▶ expired | revoked
 *        │                   │                                                        │
 *        └─ends before start─┴──────────────── revoked                               └──▶ failed (kept: last member)
 *   (any step may fail permanently: failed)
 */
export type GrantStatus = 'scheduled' | 'granting' | 'active' | 'ending' | 'revoked' | 'expired' | 'failed';

export const GRANT_STATUSES: readonly GrantStatus[] = ['scheduled', 'granting', 'active', 'ending', 'revoked', 'expired', 'failed'];
/** Statuses the sweep looks at; the others are final. */
export const LIVE_STATUSES: readonly GrantStatus[] = ['scheduled', 'granting', 'active', 'ending'];
/** A grant in these statuses needs its membership: nobody may remove it from under it. */
export const COVERING_STATUSES: readonly GrantStatus[] = ['granting', 'active'];

const TRANSITIONS: Record<GrantStatus, readonly GrantStatus[]> = {
  scheduled: ['granting', 'revoked', 'failed'],
  granting: ['active', 'ending', 'failed'],
  active: ['ending'],
  ending: ['expired', 'revoked', 'failed'],
  revoked: [],
  expired: [],
  failed: [],
};

export class IllegalGrantTransitionError extends Error {
  override readonly name = 'IllegalGrantTransitionError';
}

export function isFinal(status: GrantStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export interface Person {
  accountId: string;
  displayName: string;
}

export type EndReason = 'expired' | 'done' | 'revoked';

export interface EndRequest {
  reason: Exclude<EndReason, 'expired'>;
  by?: Person;
  at: string;
}

export type ExtensionStatus = 'pending' | 'approved' | 'declined';

export interface Extension {
  id: string;
  minutes: number;
  reason?: string;
  requestedBy: Person;
  requestedAt: string;
  status: ExtensionStatus;
  decidedBy?: Person;
  decidedAt?: string;
}

/** Where the membership lives: the person as the target knows them. */
export interface Principal {
  id: string;
  /** Login, user name or email: what a person reads. */
  label: string;
}

export interface EvidenceEntry {
  at: string;
  text: string;
}

export interface OutboxComment {
  marker: string;
  text: string;
}

export interface Grant {
  /** The Jira issue id: one grant per request. */
  id: string;
  issueKey: string;
  targetId: string;
  targetName: string;
  status: GrantStatus;
  requester: Person & { email?: string };
  approvedBy?: Person;
  approvedAt?: string;
  justification?: string;
  /** What was asked for, in minutes. */
  durationMinutes: number;
  /** When access starts (ISO); on approval unless the request named a later time. */
  startAt: string;
  /** When access ends unless it ends sooner; extensions move it later. */
  expiresAt: string;
  /** Set once the membership was read back. */
  grantedAt?: string;
  principal?: Principal;
  /** `<targetId>:<principal id>`: every grant of one person on one target shares it. */
  pairKey?: string;
  endRequest?: EndRequest;
  endReason?: EndReason;
  endedBy?: Person;
  endedAt?: string;
  extensions: Extension[];
  failureReason?: string;
  /** What Provisio did and saw, newest last (also posted on the ticket). */
  evidence: EvidenceEntry[];
  /** Ticket comments Jira did not take yet; posted (once, by marker) on the next wake-up. */
  outbox?: OutboxComment[];
  /** When the app must next act on this grant: the index the sweep reads. */
  dueAt: string;
  /** Transient failures in a row; a grant gives up after MAX_ATTEMPTS. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export const MAX_ATTEMPTS = 12;
const MAX_EVIDENCE = 40;

export function newGrant(input: {
  issueId: string;
  issueKey: string;
  targetId: string;
  targetName: string;
  requester: Grant['requester'];
  approvedBy?: Person;
  approvedAt?: string;
  justification?: string;
  durationMinutes: number;
  startAt: number;
  now: number;
}): Grant {
  const now = iso(input.now);
  const startAt = iso(Math.max(input.startAt, input.now));
  const grant: Grant = {
    id: input.issueId,
    issueKey: input.issueKey,
    targetId: input.targetId,
    targetName: input.targetName,
    status: 'scheduled',
    requester: input.requester,
    ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    ...(input.approvedAt ? { approvedAt: input.approvedAt } : {}),
    ...(input.justification ? { justification: input.justification } : {}),
    durationMinutes: input.durationMinutes,
    startAt,
    expiresAt: iso(Date.parse(startAt) + input.durationMinutes * 60_000),
    extensions: [],
    evidence: [],
    dueAt: startAt,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  return grant;
}

/** A grant refused before it was ever scheduled, kept so the panel and duplicates see why. */
export function refusedGrant(input: { issueId: string; issueKey: string; targetId?: string; targetName?: string; requester: Grant['requester']; reason: string; now: number }): Grant {
  const now = iso(input.now);
  return {
    id: input.issueId,
    issueKey: input.issueKey,
    targetId: input.targetId ?? '',
    targetName: input.targetName ?? '',
    status: 'failed',
    requester: input.requester,
    durationMinutes: 0,
    startAt: now,
    expiresAt: now,
    extensions: [],
    failureReason: input.reason,
    evidence: [{ at: now, text: `Refused: ${input.reason}` }],
    dueAt: now,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function withStatus(grant: Grant, status: GrantStatus, now: number, changes: Partial<Grant> = {}): Grant {
  if (grant.status !== status && !TRANSITIONS[grant.status].includes(status)) {
    throw new IllegalGrantTransitionError(`a ${grant.status} grant cannot become ${status}`);
  }
  const next: Grant = { ...grant, ...changes, status, updatedAt: iso(now), attempts: grant.status === status ? grant.attempts : 0 };
  next.dueAt = dueAtOf(next, now);
  return next;
}

export function withOutbox(grant: Grant, unposted: readonly OutboxComment[]): Grant {
  if (unposted.length === 0) return grant;
  const known = new Set((grant.outbox ?? []).map((c) => c.marker));
  return { ...grant, outbox: [...(grant.outbox ?? []), ...unposted.filter((c) => !known.has(c.marker))] };
}

export function withEvidence(grant: Grant, now: number, text: string): Grant {
  const evidence = [...grant.evidence, { at: iso(now), text }];
  return { ...grant, evidence: evidence.slice(-MAX_EVIDENCE), updatedAt: iso(now) };
}

/**
 * When the app must next look at a grant. Live grants always have one, so a lost event is
 * found by the sweep's (status, dueAt) query; an active grant's is its expiry, or now when an
 * early end was asked for.
 */
export function dueAtOf(grant: Grant, now: number, retryAt?: number): string {
  switch (grant.status) {
    case 'scheduled':
      return grant.endRequest ? iso(now) : grant.startAt;
    case 'active':
      return grant.endRequest ? iso(now) : grant.expiresAt;
    case 'granting':
    case 'ending':
      return iso(retryAt ?? now);
    default:
      return grant.endedAt ?? grant.updatedAt;
  }
}

export type Decision =
  | { kind: 'none'; why: string }
  | { kind: 'wait'; until: number }
  | { kind: 'cancel'; reason: EndRequest }
  | { kind: 'start' }
  | { kind: 'end'; reason: EndReason; by?: Person }
  | { kind: 'reconcile'; notBefore: number };

/** Wait, re-read, decide: what a wake-up should do with the grant as stored now. */
export function decide(grant: Grant, now: number): Decision {
  switch (grant.status) {
    case 'scheduled':
      if (grant.endRequest) return { kind: 'cancel', reason: grant.endRequest };
      return now >= Date.parse(grant.startAt) ? { kind: 'start' } : { kind: 'wait', until: Date.parse(grant.startAt) };
    case 'active':
      if (grant.endRequest) return { kind: 'end', reason: grant.endRequest.reason, ...(grant.endRequest.by ? { by: grant.endRequest.by } : {}) };
      return now >= Date.parse(grant.expiresAt) ? { kind: 'end', reason: 'expired' } : { kind: 'wait', until: Date.parse(grant.expiresAt) };
    case 'granting':
    case 'ending':
      return { kind: 'reconcile', notBefore: Date.parse(grant.dueAt) };
    default:
      return { kind: 'none', why: `the grant is already ${grant.status}` };
  }
}

/** The status a grant ends in once its membership is gone (or kept for another reason). */
export function finalStatusOf(reason: EndReason | undefined): 'expired' | 'revoked' {
  return reason === 'expired' ? 'expired' : 'revoked';
}

// ---- extensions ----

export class ExtensionRefusedError extends Error {
  override readonly name = 'ExtensionRefusedError';
}

/** Minutes of access approved so far: the original duration plus approved extensions. */
export function approvedMinutes(grant: Grant): number {
  return grant.durationMinutes + grant.extensions.filter((e) => e.status === 'approved').reduce((sum, e) => sum + e.minutes, 0);
}

export function pendingExtension(grant: Grant): Extension | undefined {
  return grant.extensions.find((e) => e.status === 'pending');
}

/** Asks for more time; refused (with the reason) when the grant is not live or the policy's total would be passed. */
export function requestExtension(grant: Grant, input: { id: string; minutes: number; reason?: string; by: Person; now: number; maxTotalMinutes: number }): Grant {
  if (grant.status !== 'active' && grant.status !== 'scheduled' && grant.status !== 'granting') {
    throw new ExtensionRefusedError(`Only a live grant can be extended; this one is ${grant.status}.`);
  }
  if (grant.endRequest) throw new ExtensionRefusedError('This grant is already ending.');
  if (!Number.isInteger(input.minutes) || input.minutes < 1) throw new ExtensionRefusedError('An extension is a whole number of minutes, at least 1.');
  if (pendingExtension(grant)) throw new ExtensionRefusedError('An extension is already waiting for approval.');
  const total = approvedMinutes(grant) + input.minutes;
  if (total > input.maxTotalMinutes) {
    const left = Math.max(0, input.maxTotalMinutes - approvedMinutes(grant));
    throw new ExtensionRefusedError(`That would make ${total} minutes in all; ${grant.targetName} allows ${input.maxTotalMinutes}, so at most ${left} more.`);
  }
  const extension: Extension = {
    id: input.id,
    minutes: input.minutes,
    ...(input.reason ? { reason: input.reason } : {}),
    requestedBy: input.by,
    requestedAt: iso(input.now),
    status: 'pending',
  };
  return { ...grant, extensions: [...grant.extensions, extension], updatedAt: iso(input.now) };
}

/**
 * Why `approver` may not approve the pending extension, or undefined: they must be a policy
 * approver and neither the requester, the approver of the grant, nor who asked for the extension.
 */
export function extensionApprovalProblem(grant: Grant, approver: Person, approvers: readonly string[]): string | undefined {
  const extension = pendingExtension(grant);
  if (!extension) return 'There is no extension waiting for approval.';
  if (approver.accountId === grant.requester.accountId) return `${approver.displayName} asked for this access and cannot approve its extension.`;
  if (grant.approvedBy && approver.accountId === grant.approvedBy.accountId) {
    return `${approver.displayName} approved the original grant; an extension needs a different approver.`;
  }
  if (approver.accountId === extension.requestedBy.accountId) return `${approver.displayName} asked for this extension and cannot approve it.`;
  if (!approvers.includes(approver.accountId)) return `${approver.displayName} is not an approver for ${grant.targetName}.`;
  return undefined;
}

/** Approves the pending extension: the expiry moves later in place; nothing is revoked or granted again. */
export function approveExtension(grant: Grant, approver: Person, now: number, maxTotalMinutes: number): Grant {
  const extension = pendingExtension(grant);
  if (!extension) throw new ExtensionRefusedError('There is no extension waiting for approval.');
  if (grant.status !== 'active' && grant.status !== 'scheduled' && grant.status !== 'granting') {
    throw new ExtensionRefusedError(`The grant is already ${grant.status}; it can no longer be extended.`);
  }
  if (grant.endRequest) throw new ExtensionRefusedError('This grant is already ending.');
  if (approvedMinutes(grant) + extension.minutes > maxTotalMinutes) throw new ExtensionRefusedError(`The policy now allows at most ${maxTotalMinutes} minutes in all.`);
  const extensions = grant.extensions.map((e) => (e.id === extension.id ? { ...e, status: 'approved' as const, decidedBy: approver, decidedAt: iso(now) } : e));
  const next: Grant = { ...grant, extensions, expiresAt: iso(Date.parse(grant.expiresAt) + extension.minutes * 60_000), updatedAt: iso(now) };
  return { ...next, dueAt: dueAtOf(next, now) };
}

export function declineExtension(grant: Grant, by: Person, now: number): Grant {
  const extension = pendingExtension(grant);
  if (!extension) throw new ExtensionRefusedError('There is no extension waiting for approval.');
  const extensions = grant.extensions.map((e) => (e.id === extension.id ? { ...e, status: 'declined' as const, decidedBy: by, decidedAt: iso(now) } : e));
  return { ...grant, extensions, updatedAt: iso(now) };
}

/** Asks for the grant to end now (the ticket is done, or someone revoked it). */
export function withEndRequest(grant: Grant, request: EndRequest, now: number): Grant {
  if (isFinal(grant.status) || grant.status === 'ending' || grant.endRequest) return grant;
  const next: Grant = { ...grant, endRequest: request, updatedAt: iso(now) };
  return { ...next, dueAt: dueAtOf(next, now) };
}

export function pairKeyOf(targetId: string, principalId: string): string {
  return `${targetId}:${principalId}`;
}
