import { iso, LIVE_STATUSES, pairKeyOf, type Principal } from '../domain/jit/grant';
import { describeTarget, type JitTarget } from '../domain/jit/jit-settings';
import { planMembership } from '../domain/jit/membership';
import { advanceGrant } from './advance-grant';
import type { DriftFinding, DriftStore, GrantDeps, JitNotifier, Wakeup } from './grant-ports';

export interface SweepOptions {
  /** Stop starting new work after this long (a scheduled trigger has a time limit). */
  budgetMs: number;
  /** Grants due within this window get a wake-up aimed at their exact due time (the sweep's interval). */
  rearmWindowMs: number;
  /** Run the drift comparison now whatever its schedule (tests, the admin page). */
  forceDrift?: boolean;
}

export interface SweepReport {
  due: number;
  advanced: number;
  rearmed: number;
  driftChecked: string[];
  findings: DriftFinding[];
  stoppedEarly: boolean;
}

const PAGE = 100;

/**
 * The backstop that runs every five minutes. It reads only what is due, through the
 * (status, dueAt) index, so its cost follows the grants that need work, not the grants that
 * exist: every live grant past its due time is advanced here (a lost event costs at most one
 * interval); grants due before the next run get a wake-up aimed at their exact due time; and,
 * on its own slower schedule, each target's members are compared with the live grants.
 */
export async function sweepGrants(deps: GrantDeps & { drift: DriftStore; notifier: JitNotifier }, options: SweepOptions): Promise<SweepReport> {
  const started = deps.now();
  const report: SweepReport = { due: 0, advanced: 0, rearmed: 0, driftChecked: [], findings: [], stoppedEarly: false };
  const settings = await deps.config.jit();
  if (!settings) return report;
  const overBudget = () => deps.now() - started > options.budgetMs;

  const nowIso = iso(started);
  for (const status of LIVE_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await deps.grants.due(status, nowIso, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const grant of page.grants) {
        if (overBudget()) {
          report.stoppedEarly = true;
          break;
        }
        report.due += 1;
        try {
          await advanceGrant(grant.id, deps);
          report.advanced += 1;
        } catch (error) {
          console.error(`sweep could not advance grant ${grant.issueKey}: ${error instanceof Error ? error.message : typeof error}`);
        }
      }
      cursor = report.stoppedEarly ? undefined : page.cursor;
    } while (cursor);
  }

  // Re-arm: a wake-up aimed at each due time before the next sweep, so a lost hop costs nothing.
  const windowEnd = iso(started + options.rearmWindowMs);
  const wakeups: Wakeup[] = [];
  for (const status of ['scheduled', 'active'] as const) {
    let cursor: string | undefined;
    do {
      const page = await deps.grants.due(status, windowEnd, { afterIso: nowIso, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const grant of page.grants) wakeups.push({ grantId: grant.id, delaySeconds: Math.max(0, Math.ceil((Date.parse(grant.dueAt) - deps.now()) / 1000)), aim: grant.dueAt });
      cursor = page.cursor;
    } while (cursor && wakeups.length < 1000);
  }
  if (wakeups.length > 0) {
    await deps.wakeups.wakeMany(wakeups).then(
      () => (report.rearmed = wakeups.length),
      (error: unknown) => console.warn(`sweep could not re-arm ${wakeups.length} wake-ups: ${error instanceof Error ? error.message : typeof error}`),
    );
  }

  for (const target of settings.targets) {
    if (overBudget()) {
      report.stoppedEarly = true;
      break;
    }
    const state = await deps.drift.state(target.id);
    const dueAt = state.checkedAt ? Date.parse(state.checkedAt) + settings.driftCheckMinutes * 60_000 : 0;
    if (!options.forceDrift && deps.now() < dueAt) continue;
    try {
      const findings = await checkDrift(target, state.findings, deps);
      await deps.drift.save(target.id, { checkedAt: iso(deps.now()), findings });
      report.driftChecked.push(target.id);
      report.findings.push(...findings);
    } catch (error) {
      console.error(`drift check of ${target.id} failed: ${error instanceof Error ? error.message : typeof error}`);
    }
  }
  return report;
}

/**
 * Members of a managed target with no live grant and no permanent place are drift: reported,
 * and removed where the policy says so, through the same rule as any revocation (never a
 * permanent member, never the last member, never one a live grant covers).
 */
async function checkDrift(target: JitTarget, previous: DriftFinding[], deps: GrantDeps & { notifier: JitNotifier }): Promise<DriftFinding[]> {
  const directory = deps.targets.for(target);
  const members = await directory.members();
  const findings: DriftFinding[] = [];
  const fresh: DriftFinding[] = [];
  for (const member of members) {
    if (await directory.isPermanent(member)) continue;
    const pairKey = pairKeyOf(target.id, member.id);
    if ((await deps.grants.covering(pairKey)).length > 0) continue;
    const now = iso(deps.now());
    const before = previous.find((f) => f.principalId === member.id);
    let finding: DriftFinding = { targetId: target.id, principalId: member.id, label: member.label, firstSeenAt: before?.firstSeenAt ?? now, lastSeenAt: now, action: 'reported' };
    if (target.policy.drift === 'remove') {
      const removed = await removeDrift(target, member, finding, deps);
      if (removed === 'skip') continue;
      finding = removed;
    }
    findings.push(finding);
    if (!before || before.action !== finding.action) fresh.push(finding);
  }
  if (fresh.length > 0) {
    const lines = fresh.map((f) => `• ${f.label} (${f.principalId}): ${f.action === 'removed' ? 'removed' : f.action === 'kept-last-member' ? 'kept, as the last member' : f.action === 'remove-failed' ? `could not be removed: ${f.detail ?? ''}` : 'reported'}`);
    await deps.notifier.drift([`Provisio found members of ${describeTarget(target)} with no live grant and no permanent place:`, ...lines].join('\n')).catch(() => undefined);
  }
  return findings;
}

async function removeDrift(
  target: JitTarget,
  member: Principal,
  finding: DriftFinding,
  deps: GrantDeps,
): Promise<DriftFinding | 'skip'> {
  const directory = deps.targets.for(target);
  const pairKey = pairKeyOf(target.id, member.id);
  const lease = await deps.pairs.acquire(pairKey, `drift:${deps.newId()}`);
  // Someone is acting on this pair right now: look again next time.
  if (!lease) return 'skip';
  let pending = lease.pending;
  try {
    if (pending) {
      const polled = await directory.poll(pending);
      if (polled.state === 'pending') return 'skip';
      pending = undefined;
    }
    // Decide again inside the lease: a grant may have started since the listing.
    const coveredBy = (await deps.grants.covering(pairKey)).map((g) => g.issueKey);
    const isMember = await directory.isMember(member.id);
    const memberCount = (await directory.members()).length;
    const plan = planMembership({ isMember, wanted: false, coveredBy, permanent: await directory.isPermanent(member), memberCount });
    if (plan.kind === 'keep' && plan.why === 'last-member') return { ...finding, action: 'kept-last-member' };
    if (plan.kind !== 'remove') return 'skip';
    const op = await directory.remove(member);
    if (op.state === 'pending') {
      pending = { kind: 'remove', ref: op.ref, since: iso(deps.now()) };
      return { ...finding, action: 'removed', detail: `removal requested (${op.ref})` };
    }
    const sessions = await directory.afterRemoval(member).catch(() => undefined);
    return { ...finding, action: 'removed', detail: `removed at ${iso(deps.now())}${sessions ? `; ${sessions}` : ''}` };
  } catch (error) {
    return { ...finding, action: 'remove-failed', detail: error instanceof Error ? error.message : 'unknown error' };
  } finally {
    await lease.release(pending);
  }
}
