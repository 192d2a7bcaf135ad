import { ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors';
import {
  approveExtension,
  declineExtension,
  extensionApprovalProblem,
  ExtensionRefusedError,
  iso,
  isFinal,
  pendingExtension,
  requestExtension,
  withEndRequest,
  type Grant,
  type Person,
} from '../domain/jit/grant';
import { findTarget, type JitTarget } from '../domain/jit/jit-settings';
import { advanceGrant, update, wakeAt } from './advance-grant';
import type { GrantDeps } from './grant-ports';

/** What the caller may do on a grant; the panel resolvers compute it from Jira and the policy. */
export interface GrantActor extends Person {
  /** A Jira administrator. */
  isAdmin: boolean;
  /** Can work on the ticket (an agent of its project). */
  isAgent: boolean;
}

export interface GrantPermissions {
  revoke: boolean;
  requestExtension: boolean;
  approveExtension: boolean;
  declineExtension: boolean;
}

async function load(grantId: string, deps: GrantDeps): Promise<{ grant: Grant; target: JitTarget | undefined }> {
  const stored = await deps.grants.get(grantId);
  if (!stored) throw new NotFoundError('Provisio has no temporary access on this request.');
  const settings = await deps.config.jit();
  return { grant: stored.grant, target: settings ? findTarget(settings, stored.grant.targetId) : undefined };
}

const isApprover = (target: JitTarget | undefined, actor: Person) => target?.policy.approvers.includes(actor.accountId) ?? false;

/** Who may use which action: the resolvers check again with this when an action is used. */
export function permissionsOf(grant: Grant, target: JitTarget | undefined, actor: GrantActor): GrantPermissions {
  const live = !isFinal(grant.status) && grant.status !== 'ending' && !grant.endRequest;
  const extendable = live && grant.status !== 'failed';
  const pending = pendingExtension(grant);
  return {
    revoke: live && (actor.isAdmin || isApprover(target, actor) || actor.accountId === grant.requester.accountId),
    requestExtension: extendable && !pending && (actor.accountId === grant.requester.accountId || actor.isAgent),
    approveExtension: extendable && pending !== undefined && target !== undefined && extensionApprovalProblem(grant, actor, target.policy.approvers) === undefined,
    declineExtension: extendable && pending !== undefined && (isApprover(target, actor) || actor.isAdmin) && actor.accountId !== grant.requester.accountId,
  };
}

/**
 * Revoke from the panel: an approver of the target, a Jira admin, or the requester themselves
 * ("I'm done"). The grant ends at once, through the same overlap-aware path as an expiry.
 */
export async function revokeGrant(grantId: string, actor: GrantActor, deps: GrantDeps): Promise<Grant> {
  const { grant, target } = await load(grantId, deps);
  if (!permissionsOf(grant, target, actor).revoke) {
    if (isFinal(grant.status) || grant.status === 'ending' || grant.endRequest) throw new InvalidInputError(`This access is already ${grant.endRequest ? 'ending' : grant.status}.`);
    throw new ForbiddenError('Only an approver of this target, a Jira administrator or the requester may revoke this access.');
  }
  const now = deps.now();
  await update(deps, grantId, (g) => {
    const next = withEndRequest(g, { reason: 'revoked', by: { accountId: actor.accountId, displayName: actor.displayName }, at: iso(now) }, now);
    return next === g ? undefined : next;
  });
  await advanceGrant(grantId, deps);
  return (await deps.grants.get(grantId))?.grant ?? grant;
}

export async function requestGrantExtension(grantId: string, input: { minutes: unknown; reason?: unknown }, actor: GrantActor, deps: GrantDeps): Promise<Grant> {
  const { grant, target } = await load(grantId, deps);
  if (!target) throw new InvalidInputError(`${grant.targetName} is no longer a target Provisio manages.`);
  if (actor.accountId !== grant.requester.accountId && !actor.isAgent) throw new ForbiddenError('Only the requester or an agent of this project may ask for more time.');
  const minutes = typeof input.minutes === 'number' ? input.minutes : Number(input.minutes);
  const reason = typeof input.reason === 'string' && input.reason.trim() ? input.reason.trim().slice(0, 500) : undefined;
  const now = deps.now();
  const id = deps.newId();
  let requested: Grant | undefined;
  try {
    requested = await update(deps, grantId, (g) => requestExtension(g, { id, minutes, ...(reason ? { reason } : {}), by: actor, now, maxTotalMinutes: target.policy.maxTotalMinutes }));
  } catch (error) {
    if (error instanceof ExtensionRefusedError) throw new InvalidInputError(error.message);
    throw error;
  }
  if (!requested) throw new NotFoundError('Provisio has no temporary access on this request.');
  await deps.desk.commentOnce(
    grant.issueKey,
    `jit:${grantId}:ext:${id}:requested`,
    `${actor.displayName} asked to extend the temporary access to ${grant.targetName} by ${minutes} minutes${reason ? `: ${reason}` : ''}. An approver other than ${grant.approvedBy ? grant.approvedBy.displayName : 'the first approver'} and the requester must approve it.`,
  );
  return requested;
}

/**
 * Approve an extension: only a policy approver who is neither the requester, the approver of the
 * grant, nor who asked for it. A refusal is said on the ticket too. The expiry moves in place.
 */
export async function approveGrantExtension(grantId: string, actor: GrantActor, deps: GrantDeps): Promise<Grant> {
  const { grant, target } = await load(grantId, deps);
  if (!target) throw new InvalidInputError(`${grant.targetName} is no longer a target Provisio manages.`);
  const extension = pendingExtension(grant);
  if (!extension) throw new InvalidInputError('There is no extension waiting for approval.');
  const problem = extensionApprovalProblem(grant, actor, target.policy.approvers);
  if (problem) {
    await deps.desk.commentOnce(
      grant.issueKey,
      `jit:${grantId}:ext:${extension.id}:refused:${actor.accountId}`,
      `Provisio refused ${actor.displayName}'s approval of the ${extension.minutes}-minute extension: ${problem} The extension is still waiting for another approver.`,
    );
    throw new ForbiddenError(problem);
  }
  const now = deps.now();
  let approved: Grant | undefined;
  try {
    approved = await update(deps, grantId, (g) => approveExtension(g, actor, now, target.policy.maxTotalMinutes));
  } catch (error) {
    if (error instanceof ExtensionRefusedError) throw new InvalidInputError(error.message);
    throw error;
  }
  if (!approved) throw new NotFoundError('Provisio has no temporary access on this request.');
  await deps.desk.commentOnce(
    grant.issueKey,
    `jit:${grantId}:ext:${extension.id}:approved`,
    `${actor.displayName} approved extending the temporary access to ${grant.targetName} by ${extension.minutes} minutes. It now ends at ${approved.expiresAt} (extended in place: nothing was revoked or granted again).`,
  );
  // The chain aimed at the old expiry stops there; start one aimed at the new one.
  await wakeAt(grantId, Date.parse(approved.dueAt), deps);
  return approved;
}

export async function declineGrantExtension(grantId: string, actor: GrantActor, deps: GrantDeps): Promise<Grant> {
  const { grant, target } = await load(grantId, deps);
  if (!permissionsOf(grant, target, actor).declineExtension) throw new ForbiddenError('Only an approver of this target or a Jira administrator may decline the extension.');
  const extension = pendingExtension(grant);
  const now = deps.now();
  const declined = await update(deps, grantId, (g) => (pendingExtension(g) ? declineExtension(g, actor, now) : undefined));
  if (!declined || !extension) throw new InvalidInputError('There is no extension waiting for approval.');
  await deps.desk.commentOnce(grant.issueKey, `jit:${grantId}:ext:${extension.id}:declined`, `${actor.displayName} declined extending the temporary access to ${grant.targetName}. It still ends at ${declined.expiresAt}.`);
  return declined;
}
