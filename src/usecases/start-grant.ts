import { approvalProblem, parseGrantRequest } from '../domain/jit/grant-request';
import { iso, isFinal, newGrant, refusedGrant, withEndRequest, type Person } from '../domain/jit/grant';
import { JIT_INPUTS, type JitInput, type JitSettings } from '../domain/jit/jit-settings';
import { advanceGrant, update } from './advance-grant';
import type { GrantDeps } from './grant-ports';

export interface GrantStatusChange {
  issueId: string;
  issueKey: string;
  toStatus: string;
  /** Who moved the ticket (the event's actor), when known. */
  actorAccountId?: string;
}

export type GrantTriggerOutcome =
  | 'not-configured'
  | 'other-status'
  | 'other-request-type'
  | 'already-started'
  | 'refused'
  | 'scheduled'
  | 'ending'
  | 'no-grant'
  | 'already-ended';

/**
 * A ticket reached a new status. Reaching the provision status schedules the grant of an
 * approved "Temporary elevated access" request (checked against its target's policy, once
 * whatever the number of deliveries); reaching an end status (Done) ends it at once.
 */
export async function onGrantStatusChange(change: GrantStatusChange, deps: GrantDeps): Promise<GrantTriggerOutcome> {
  const settings = await deps.config.jit();
  if (!settings) return 'not-configured';
  if (change.toStatus === settings.provisionStatus) return startGrant(change, settings, deps);
  if (settings.endStatuses.includes(change.toStatus)) return endGrantForTicket(change, deps);
  return 'other-status';
}

async function startGrant(change: GrantStatusChange, settings: JitSettings, deps: GrantDeps): Promise<GrantTriggerOutcome> {
  const existing = await deps.grants.get(change.issueId);
  // A refused request may be fixed and approved again; anything else was already handled.
  if (existing && !(existing.grant.status === 'failed' && !existing.grant.grantedAt)) return 'already-started';
  const request = await deps.desk.customerRequest(change.issueId);
  if (request.requestTypeId !== settings.requestTypeId) return 'other-request-type';
  const now = deps.now();
  const requester = request.reporter ?? { accountId: 'unknown', displayName: 'the requester' };

  const refuse = async (reason: string, target?: { id: string; name: string }): Promise<GrantTriggerOutcome> => {
    const refused = refusedGrant({ issueId: request.issueId, issueKey: request.issueKey, ...(target ? { targetId: target.id, targetName: target.name } : {}), requester, reason, now });
    const saved = existing ? await deps.grants.replace(refused, existing.version) : await deps.grants.create(refused);
    if (!saved) return 'already-started';
    await deps.desk.commentOnce(request.issueKey, `jit:${request.issueId}:refused:${now}`, `Provisio did not grant this access.\n${reason}`);
    if (settings.failedStatus) await deps.desk.moveTo(request.issueKey, settings.failedStatus).catch(() => undefined);
    return 'refused';
  };

  if (!request.reporter) return refuse('The request has no requester to grant access to.');
  const parsed = parseGrantRequest(inputsFrom(request.fields, settings), settings, now);
  if (!parsed.ok) return refuse(['The request has invalid values:', ...parsed.problems.map((p) => `• ${p.label}: ${p.message}`)].join('\n'));
  const { target } = parsed.value;
  const approval = await deps.desk.approval(request.issueKey);
  const problem = approvalProblem(target, request.reporter.accountId, { decision: approval.decision, ...(approval.approvedBy ? { approver: approval.approvedBy } : {}) });
  if (problem) return refuse(problem, target);

  const grant = newGrant({
    issueId: request.issueId,
    issueKey: request.issueKey,
    targetId: target.id,
    targetName: target.name,
    requester: request.reporter,
    ...(target.policy.approvalRequired && approval.approvedBy ? { approvedBy: approval.approvedBy } : {}),
    ...(approval.completedAt ? { approvedAt: approval.completedAt } : {}),
    ...(parsed.value.justification ? { justification: parsed.value.justification } : {}),
    durationMinutes: parsed.value.durationMinutes,
    startAt: parsed.value.startAt ?? now,
    now,
  });
  const created = existing ? await deps.grants.replace(grant, existing.version) : await deps.grants.create(grant);
  if (!created) return 'already-started';
  if (Date.parse(grant.startAt) > now + 60_000) {
    await deps.desk.commentOnce(
      grant.issueKey,
      `jit:${grant.id}:scheduled`,
      `Provisio scheduled temporary access to ${target.name} for ${grant.requester.displayName}: from ${grant.startAt} until ${grant.expiresAt}.${grant.approvedBy ? ` Approved by ${grant.approvedBy.displayName}.` : ''}`,
    );
  }
  // Start now if due (or resolve the account and wait for the start time); a failure here is retried by the wake-up or the sweep.
  await advanceGrant(grant.id, deps);
  return 'scheduled';
}

async function endGrantForTicket(change: GrantStatusChange, deps: GrantDeps): Promise<GrantTriggerOutcome> {
  const stored = await deps.grants.get(change.issueId);
  if (!stored) return 'no-grant';
  if (isFinal(stored.grant.status)) return 'already-ended';
  const now = deps.now();
  const by: Person | undefined = change.actorAccountId ? { accountId: change.actorAccountId, displayName: await deps.desk.displayName(change.actorAccountId).catch(() => change.actorAccountId as string) } : undefined;
  await update(deps, change.issueId, (g) => {
    const next = withEndRequest(g, { reason: 'done', ...(by ? { by } : {}), at: iso(now) }, now);
    return next === g ? undefined : next;
  });
  await advanceGrant(change.issueId, deps);
  return 'ending';
}

function inputsFrom(fields: Record<string, unknown>, settings: JitSettings): Partial<Record<JitInput, unknown>> {
  const inputs: Partial<Record<JitInput, unknown>> = {};
  for (const input of JIT_INPUTS) {
    const fieldId = settings.fields[input];
    if (fieldId) inputs[input] = fields[fieldId];
  }
  return inputs;
}
