import { InvalidInputError, UpstreamError } from '../domain/errors';
import {
  decide,
  finalStatusOf,
  iso,
  isFinal,
  MAX_ATTEMPTS,
  pairKeyOf,
  withEvidence,
  withOutbox,
  withStatus,
  type EndReason,
  type Grant,
  type OutboxComment,
  type Person,
  type Principal,
} from '../domain/jit/grant';
import { describeTarget, findTarget, type JitTarget } from '../domain/jit/jit-settings';
import { planMembership } from '../domain/jit/membership';
import { classifyFailure } from './failure-policy';
import type { GrantDeps, MembershipDirectory, PairLease, PendingOp } from './grant-ports';

export type AdvanceOutcome =
  | { kind: 'done'; status: Grant['status'] }
  | { kind: 'waiting'; until: number }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'busy' }
  | { kind: 'skipped'; why: string };

export interface AdvanceOptions {
  /** The due time the waking event was aimed at; a wake aimed at an older due time is stale and stops its chain. */
  aim?: string;
  /** Check the ticket's status on a timer hop (catches a lost "Done" event). */
  checkTicket?: boolean;
}

/** Seconds between checks of an asynchronous change (Identity Center assignments). */
export const POLL_SECONDS = 2;
/** How long a busy (target, person) pair is given before trying again. */
export const BUSY_RETRY_SECONDS = 2;
/** Forge delays events at most this long; longer waits are chained hops. */
export const MAX_HOP_SECONDS = 900;

/**
 * Wait, re-read, decide. Every wake-up of a grant (a timer hop, the sweep, the trigger, a panel
 * action) comes here: the grant is read afresh, its state decides the one next step, and a
 * wake-up is left for the next due time. Membership changes happen only inside the lease of
 * the (target, person) pair, after reading the target and every live grant of the pair, so two
 * overlapping grants never cut each other short and a permanent member is never removed.
 */
export async function advanceGrant(grantId: string, deps: GrantDeps, options: AdvanceOptions = {}): Promise<AdvanceOutcome> {
  let stored = await deps.grants.get(grantId);
  if (!stored) return { kind: 'skipped', why: 'no grant recorded' };
  if (stored.grant.outbox?.length) {
    await flushOutbox(stored.grant, deps);
    stored = await deps.grants.get(grantId);
    if (!stored) return { kind: 'skipped', why: 'no grant recorded' };
  }
  const { grant } = stored;
  const now = deps.now();
  const decision = decide(grant, now);

  try {
    if (decision.kind === 'none') return { kind: 'skipped', why: decision.why };
    if (decision.kind === 'wait') {
      // A wake aimed at an earlier milestone (one that passed, or an expiry an extension moved) ends its chain here.
      if (options.aim !== undefined && options.aim !== grant.dueAt) return { kind: 'skipped', why: 'a stale wake-up' };
      if (options.checkTicket && grant.status === 'active' && (await endIfTicketDone(grant, deps))) return advanceGrant(grantId, deps);
      if (grant.status === 'scheduled' && !grant.principal) {
        // Resolve the person now, so a missing account is reported at approval, not at the start time.
        const resolved = await resolvePrincipal(grant, deps);
        if (resolved.kind !== 'ok') return resolved.outcome;
      }
      await wakeAt(grantId, decision.until, deps);
      return { kind: 'waiting', until: decision.until };
    }
    if (decision.kind === 'cancel') {
      const how = endWords(decision.reason.reason, decision.reason.by);
      const marker = `jit:${grantId}:ended`;
      const text = `Provisio: the temporary access to ${grant.targetName} ended before it started (${how}). Nothing was granted.`;
      const unposted = await post(grant.issueKey, marker, text, deps);
      await update(deps, grantId, (g) =>
        g.status !== 'scheduled'
          ? undefined
          : withOutbox(
              withEvidence(
                withStatus(g, 'revoked', now, { endReason: decision.reason.reason, endedAt: iso(now), ...(decision.reason.by ? { endedBy: decision.reason.by } : {}) }),
                now,
                `Ended before it started (${how}); nothing was granted.`,
              ),
              unposted,
            ),
      );
      await flushLater(grantId, unposted, deps);
      return { kind: 'done', status: 'revoked' };
    }
    if (decision.kind === 'start') {
      if (!grant.principal) {
        const resolved = await resolvePrincipal(grant, deps);
        if (resolved.kind !== 'ok') return resolved.outcome;
      }
      await update(deps, grantId, (g) => (g.status === 'scheduled' && !g.endRequest ? withStatus(g, 'granting', now) : undefined));
      return await reconcile(grantId, deps);
    }
    if (decision.kind === 'end') {
      const reason: EndReason = decision.reason;
      await update(deps, grantId, (g) =>
        g.status === 'active' ? withStatus(g, 'ending', now, { endReason: g.endRequest?.reason ?? reason, ...(g.endRequest?.by ? { endedBy: g.endRequest.by } : {}) }) : undefined,
      );
      return await reconcile(grantId, deps);
    }
    return await reconcile(grantId, deps);
  } catch (error) {
    return failedAttempt(grantId, error, deps);
  }
}

async function endIfTicketDone(grant: Grant, deps: GrantDeps): Promise<boolean> {
  const settings = await deps.config.jit();
  if (!settings) return false;
  const status = await deps.desk.status(grant.issueKey).catch(() => undefined);
  if (status === undefined || !settings.endStatuses.includes(status)) return false;
  const now = deps.now();
  const updated = await update(deps, grant.id, (g) => (g.endRequest || g.status !== 'active' ? undefined : { ...g, endRequest: { reason: 'done', at: iso(now) }, dueAt: iso(now), updatedAt: iso(now) }));
  return updated !== undefined;
}

type Resolved = { kind: 'ok'; principal: Principal } | { kind: 'stop'; outcome: AdvanceOutcome };

async function resolvePrincipal(grant: Grant, deps: GrantDeps): Promise<Resolved> {
  const settings = await deps.config.jit();
  const target = settings ? findTarget(settings, grant.targetId) : undefined;
  if (!target) return { kind: 'stop', outcome: await fail(grant.id, deps, `${grant.targetName} is no longer a target Provisio manages.`) };
  const principal = await deps.targets.for(target).principalFor(grant.requester);
  if (!principal) {
    const who = grant.requester.email ? `${grant.requester.displayName} (${grant.requester.email})` : grant.requester.displayName;
    return { kind: 'stop', outcome: await fail(grant.id, deps, `${who} has no account in ${describeTarget(target)}.`) };
  }
  const now = deps.now();
  await update(deps, grant.id, (g) => (g.principal ? undefined : { ...g, principal, pairKey: pairKeyOf(target.id, principal.id), updatedAt: iso(now) }));
  return { kind: 'ok', principal };
}

/**
 * Brings the membership of the grant's (target, person) pair to what the live grants and the
 * policy say, under the pair's lease, and moves the grant on: granting → active, ending → expired
 * or revoked. An asynchronous change (Identity Center) is recorded on the pair until confirmed.
 */
async function reconcile(grantId: string, deps: GrantDeps): Promise<AdvanceOutcome> {
  const first = await deps.grants.get(grantId);
  if (!first) return { kind: 'skipped', why: 'no grant recorded' };
  const { pairKey, principal } = first.grant;
  if (!pairKey || !principal) return fail(grantId, deps, 'the grant has no resolved account to act on');
  const settings = await deps.config.jit();
  const target = settings ? findTarget(settings, first.grant.targetId) : undefined;
  if (!target) return fail(grantId, deps, `${first.grant.targetName} is no longer a target Provisio manages; check the membership by hand.`, { ending: first.grant.status === 'ending' });
  const lease = await deps.pairs.acquire(pairKey, `grant:${grantId}:${deps.newId()}`);
  if (!lease) {
    await wake(deps, { grantId, delaySeconds: BUSY_RETRY_SECONDS });
    return { kind: 'busy' };
  }
  let pending: PendingOp | undefined;
  try {
    const result = await reconcileLeased(grantId, deps, target, deps.targets.for(target), lease);
    pending = result.pending;
    return result.outcome;
  } catch (error) {
    // Whatever was started and not confirmed stays recorded for the next holder.
    pending = lease.pending;
    throw error;
  } finally {
    await lease.release(pending);
  }
}

interface Reconciled {
  outcome: AdvanceOutcome;
  /** An unconfirmed change to record on the pair when the lease is released. */
  pending?: PendingOp;
}

async function reconcileLeased(grantId: string, deps: GrantDeps, target: JitTarget, directory: MembershipDirectory, lease: PairLease): Promise<Reconciled> {
  let confirmedOp: { kind: PendingOp['kind']; text: string } | undefined;
  if (lease.pending) {
    const polled = await directory.poll(lease.pending);
    if (polled.state === 'pending') return { outcome: await waitForPending(grantId, deps), pending: lease.pending };
    const { kind, grantId: owner } = lease.pending;
    lease.pending = undefined;
    if (polled.state === 'failed' && owner === grantId) throw new InvalidInputError(`${directory.description} reported the change failed: ${polled.reason}`);
    if (polled.state === 'done' && owner === grantId) confirmedOp = { kind, text: `confirmed by ${directory.description} at ${iso(deps.now())}` };
  }

  // Read again inside the lease: what others did before we got it counts.
  let stored = await deps.grants.get(grantId);
  if (stored?.grant.status === 'granting' && stored.grant.endRequest) {
    const now = deps.now();
    await update(deps, grantId, (g) => (g.status === 'granting' ? withStatus(g, 'ending', now, { endReason: g.endRequest?.reason ?? 'revoked', ...(g.endRequest?.by ? { endedBy: g.endRequest.by } : {}) }) : undefined));
    stored = await deps.grants.get(grantId);
  }
  if (!stored || (stored.grant.status !== 'granting' && stored.grant.status !== 'ending')) return { outcome: { kind: 'skipped', why: 'the grant moved on meanwhile' } };
  const grant = stored.grant;
  const principal = grant.principal as Principal;
  const isMember = await directory.isMember(principal.id);
  const others = (await deps.grants.covering(grant.pairKey as string)).filter((g) => g.id !== grantId);
  const coveredBy = others.map((g) => g.issueKey);
  const permanent = await directory.isPermanent(principal);
  const who = `${principal.label} (${principal.id})`;
  const confirmed = confirmedOp?.kind === (grant.status === 'granting' ? 'add' : 'remove') ? confirmedOp.text : undefined;

  if (grant.status === 'granting') {
    const plan = planMembership({ isMember, wanted: true, coveredBy, permanent, memberCount: 0 });
    let how: string;
    if (plan.kind === 'add') {
      const op = await directory.add(principal);
      if (op.state === 'pending') return { outcome: await waitForPending(grantId, deps), pending: { kind: 'add', ref: op.ref, grantId, since: iso(deps.now()) } };
      how = `Added ${who} to ${directory.description}`;
    } else if (confirmed) {
      how = `Added ${who} to ${directory.description} (${confirmed})`;
    } else {
      how = `${who} was already a member of ${directory.description}${permanent ? ' (a permanent member)' : coveredBy.length ? ` (also granted by ${coveredBy.join(', ')})` : ''}`;
    }
    if (!(await directory.isMember(principal.id))) throw new UpstreamError(`${directory.description} does not show ${who} as a member yet`, 503);
    const now = deps.now();
    const text = `${how} at ${iso(now)}. Read back: ${principal.label} is a member of ${directory.description}.`;
    const comment = [
      `Provisio granted temporary access: ${grant.requester.displayName} → ${describeTarget(target)}.`,
      `${text} Access ends at ${grant.expiresAt}, or sooner when the ticket is done.`,
      grant.approvedBy ? `Approved by ${grant.approvedBy.displayName}${grant.approvedAt ? ` at ${grant.approvedAt}` : ''}.` : 'No approval was required by policy.',
    ].join('\n');
    const unposted = await post(grant.issueKey, `jit:${grantId}:granted`, comment, deps);
    const active = await update(deps, grantId, (g) => (g.status === 'granting' ? withOutbox(withEvidence(withStatus(g, 'active', now, { grantedAt: iso(now) }), now, text), unposted) : undefined));
    if (active?.endRequest) return { outcome: await advanceAfterRelease(grantId, deps) };
    if (active) await wakeAt(grantId, Date.parse(active.dueAt), deps);
    return { outcome: { kind: 'done', status: 'active' } };
  }

  // Ending: the membership goes unless something else still needs it.
  const memberCount = isMember && !permanent && coveredBy.length === 0 ? (await directory.members()).length : 0;
  const plan = planMembership({ isMember, wanted: false, coveredBy, permanent, memberCount });
  if (plan.kind === 'keep' && plan.why === 'last-member') {
    const why = `${principal.label} is the last member of ${directory.description}, and an admin group is never left empty, so Provisio did not remove them. Add a permanent member, then remove ${principal.label} by hand.`;
    return { outcome: await fail(grantId, deps, why, { ending: true }) };
  }
  let text: string;
  if (plan.kind === 'add') {
    // Another live grant needs the membership and someone took it away: put it back for them.
    const op = await directory.add(principal);
    if (op.state === 'pending') return { outcome: await waitForPending(grantId, deps), pending: { kind: 'add', ref: op.ref, grantId, since: iso(deps.now()) } };
    text = `${principal.label} was missing from ${directory.description} while ${coveredBy.join(', ')} still grants it; Provisio added them back at ${iso(deps.now())}.`;
  } else if (plan.kind === 'remove' || (confirmed && plan.kind === 'nothing')) {
    if (plan.kind === 'remove') {
      const op = await directory.remove(principal);
      if (op.state === 'pending') return { outcome: await waitForPending(grantId, deps), pending: { kind: 'remove', ref: op.ref, grantId, since: iso(deps.now()) } };
    }
    if (await directory.isMember(principal.id)) throw new UpstreamError(`${directory.description} still shows ${who} as a member`, 503);
    const sessions = await directory.afterRemoval(principal).catch((error: unknown) => `Clearing sessions failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    text = `Removed ${who} from ${directory.description}${confirmed ? ` (${confirmed})` : ''} at ${iso(deps.now())}. Read back: ${principal.label} is not a member.${sessions ? ` ${sessions}.` : ''}`;
  } else if (plan.kind === 'keep' && plan.why === 'covered') {
    text = `Kept ${who} in ${directory.description}: ${others.map((g) => `${g.issueKey} (until ${g.expiresAt})`).join(', ')} still grants it. Read at ${iso(deps.now())}.`;
  } else if (plan.kind === 'keep' && plan.why === 'permanent') {
    text = `Kept ${who} in ${directory.description}: a permanent member is never removed. Read at ${iso(deps.now())}.`;
  } else {
    text = `${principal.label} was no longer a member of ${directory.description} (read at ${iso(deps.now())}).`;
  }
  const reason = grant.endReason ?? 'expired';
  const finalStatus = finalStatusOf(reason);
  const now = deps.now();
  const comment = [`Provisio ended the temporary access of ${grant.requester.displayName} to ${describeTarget(target)} (${endWords(reason, grant.endedBy)}).`, text].join('\n');
  const unposted = await post(grant.issueKey, `jit:${grantId}:ended`, comment, deps);
  await update(deps, grantId, (g) => (g.status === 'ending' ? withOutbox(withEvidence(withStatus(g, finalStatus, now, { endedAt: iso(now) }), now, text), unposted) : undefined));
  await flushLater(grantId, unposted, deps);
  return { outcome: { kind: 'done', status: finalStatus } };
}

/** An end asked for while the grant was being given: handled once the lease is free again. */
async function advanceAfterRelease(grantId: string, deps: GrantDeps): Promise<AdvanceOutcome> {
  await wake(deps, { grantId, delaySeconds: 0 });
  return { kind: 'done', status: 'active' };
}

async function waitForPending(grantId: string, deps: GrantDeps): Promise<AdvanceOutcome> {
  const now = deps.now();
  await update(deps, grantId, (g) => (isTransitional(g) ? { ...g, dueAt: iso(now + POLL_SECONDS * 1000), updatedAt: iso(now) } : undefined));
  await wake(deps, { grantId, delaySeconds: POLL_SECONDS });
  return { kind: 'retry', afterSeconds: POLL_SECONDS, reason: 'waiting for the target to confirm the change' };
}

/** A failure worth another try (a 5xx, a throttle, a lost race) is retried with backoff; an answer a person must act on fails the grant. */
async function failedAttempt(grantId: string, error: unknown, deps: GrantDeps): Promise<AdvanceOutcome> {
  const failure = classifyFailure(error);
  const stored = await deps.grants.get(grantId);
  if (!stored) throw error;
  const { grant } = stored;
  // Ending never gives up on its own: access must go. A person is told when it struggles.
  const ending = grant.status === 'ending' || grant.status === 'active';
  if (failure.kind === 'transient' && (ending || grant.attempts < MAX_ATTEMPTS)) {
    const now = deps.now();
    const backoff = failure.retryAt ? Math.max(1, Math.ceil((failure.retryAt - now) / 1000)) : Math.min(MAX_HOP_SECONDS, 5 * 2 ** Math.min(grant.attempts, 8));
    await update(deps, grantId, (g) =>
      isFinal(g.status) ? undefined : { ...withEvidence(g, now, `Will retry in ${backoff}s: ${failure.reason}`), attempts: g.attempts + 1, dueAt: isTransitional(g) ? iso(now + backoff * 1000) : g.dueAt },
    ).catch(() => undefined);
    if (grant.status === 'ending' && grant.attempts + 1 === MAX_ATTEMPTS) {
      await deps.desk.commentOnce(grant.issueKey, `jit:${grantId}:revoke-struggling`, `Provisio has not been able to remove this access yet and keeps trying: ${failure.reason}`).catch(() => undefined);
    }
    await wake(deps, { grantId, delaySeconds: Math.min(MAX_HOP_SECONDS, backoff) });
    return { kind: 'retry', afterSeconds: backoff, reason: failure.reason };
  }
  return fail(grantId, deps, failure.kind === 'transient' ? `Gave up after ${grant.attempts} attempts: ${failure.reason}` : failure.reason, { ending: grant.status === 'ending' });
}

const isTransitional = (g: Grant) => g.status === 'granting' || g.status === 'ending';

async function fail(grantId: string, deps: GrantDeps, reason: string, options: { ending?: boolean } = {}): Promise<AdvanceOutcome> {
  const now = deps.now();
  const current = await deps.grants.get(grantId);
  if (!current || isFinal(current.grant.status)) return { kind: 'done', status: current?.grant.status ?? 'failed' };
  const text = options.ending
    ? `Provisio could not end the temporary access of ${current.grant.requester.displayName} to ${current.grant.targetName}: ${reason}`
    : `Provisio could not grant the temporary access to ${current.grant.targetName}: ${reason}`;
  const unposted = await post(current.grant.issueKey, `jit:${grantId}:failed`, text, deps);
  await update(deps, grantId, (g) => (isFinal(g.status) ? undefined : withOutbox(withEvidence(withStatus(g, 'failed', now, { failureReason: reason, endedAt: iso(now) }), now, `Failed: ${reason}`), unposted)));
  await flushLater(grantId, unposted, deps);
  return { kind: 'done', status: 'failed' };
}

export function endWords(reason: EndReason, by: Person | undefined): string {
  if (reason === 'expired') return 'its time ran out';
  if (reason === 'done') return by ? `${by.displayName} moved the ticket to done` : 'the ticket reached done';
  return by ? `revoked by ${by.displayName}` : 'revoked';
}

/** Posts a comment once; if Jira does not take it now, it is returned for the grant's outbox. */
async function post(issueKey: string, marker: string, text: string, deps: GrantDeps): Promise<OutboxComment[]> {
  try {
    await deps.desk.commentOnce(issueKey, marker, text);
    return [];
  } catch (error) {
    console.warn(`comment ${marker} on ${issueKey} is queued: ${error instanceof Error ? error.message : 'unknown error'}`);
    return [{ marker, text }];
  }
}

/** An ended grant is not woken by its timers any more: a comment Jira refused gets one wake-up of its own to try again. */
async function flushLater(grantId: string, unposted: readonly OutboxComment[], deps: GrantDeps): Promise<void> {
  if (unposted.length > 0) await wake(deps, { grantId, delaySeconds: 60 });
}

async function flushOutbox(grant: Grant, deps: GrantDeps): Promise<void> {
  const left: OutboxComment[] = [];
  for (const comment of grant.outbox ?? []) left.push(...(await post(grant.issueKey, comment.marker, comment.text, deps)));
  const now = deps.now();
  const posted = new Set((grant.outbox ?? []).filter((c) => !left.some((l) => l.marker === c.marker)).map((c) => c.marker));
  await update(deps, grant.id, (g) => ({ ...g, outbox: (g.outbox ?? []).filter((c) => !posted.has(c.marker)), updatedAt: iso(now) }));
}

/** Re-reads and applies `change` until it saves (or `change` says there is nothing to do). */
export async function update(deps: Pick<GrantDeps, 'grants'>, grantId: string, change: (grant: Grant) => Grant | undefined): Promise<Grant | undefined> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const stored = await deps.grants.get(grantId);
    if (!stored) return undefined;
    const next = change(stored.grant);
    if (!next) return undefined;
    try {
      await deps.grants.save(next, stored.version);
      return next;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConcurrentUpdateError') throw error;
    }
  }
  const error = new Error(`grant ${grantId} kept changing while it was being updated`);
  error.name = 'ConcurrentUpdateError';
  throw error;
}

/** Leaves a wake-up aimed at `dueAt` (a hop of at most 15 minutes when it is further away). */
export async function wakeAt(grantId: string, dueAt: number, deps: GrantDeps): Promise<void> {
  const delaySeconds = Math.min(MAX_HOP_SECONDS, Math.max(0, Math.ceil((dueAt - deps.now()) / 1000)));
  await wake(deps, { grantId, delaySeconds, aim: iso(dueAt) });
}

async function wake(deps: GrantDeps, wakeup: { grantId: string; delaySeconds: number; aim?: string }): Promise<void> {
  try {
    await deps.wakeups.wake(wakeup);
  } catch (error) {
    // The grant's dueAt is stored: the sweep finds it even when no wake-up could be queued.
    console.warn(`could not queue a wake-up for grant ${wakeup.grantId}; the sweep will catch it: ${error instanceof Error ? error.message : typeof error}`);
  }
}
