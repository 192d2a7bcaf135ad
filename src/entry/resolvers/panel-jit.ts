import type Resolver from '@forge/resolver';
import { JiraClient } from '../../adapters/jira/jira-client';
import { InvalidInputError, NotFoundError } from '../../domain/errors';
import { approvedMinutes, isFinal, type Grant } from '../../domain/jit/grant';
import { describeTarget, findTarget, type JitTarget } from '../../domain/jit/jit-settings';
import { JIT_RESOLVER_KEYS, type GrantView, type JitPanelView } from '../../shared/jit-contract';
import { approveGrantExtension, declineGrantExtension, permissionsOf, requestGrantExtension, revokeGrant, type GrantActor } from '../../usecases/change-grant';
import { grantDeps } from '../jit-composition';
import { respond } from './respond';

const AGENT_PERMISSIONS = ['BROWSE_PROJECTS', 'TRANSITION_ISSUES'];
const NO_ACTIONS = { revoke: false, requestExtension: false, approveExtension: false, declineExtension: false };

function issueKeyFrom(context: unknown): string {
  // The issue comes from the platform-built context, never from the UI's payload.
  const key = (context as { extension?: { issue?: { key?: unknown } } }).extension?.issue?.key;
  if (typeof key !== 'string' || key === '') throw new InvalidInputError('This panel is not shown on an issue.');
  return key;
}

/** The viewer as Jira says (never as the UI says): who they are and what Jira lets them do here. */
async function viewerOn(context: unknown): Promise<{ issue: { id: string; key: string }; actor: GrantActor }> {
  const viewer = JiraClient.forUser();
  // Reading the issue as the viewer makes Jira enforce their browse permission.
  const issue = await viewer.issueSummary(issueKeyFrom(context));
  const [me, isAdmin, isAgent] = await Promise.all([viewer.myself(), viewer.hasPermissions(['ADMINISTER']), viewer.hasPermissions(AGENT_PERMISSIONS, { issueKey: issue.key })]);
  return { issue, actor: { accountId: me.accountId, displayName: me.displayName, isAdmin, isAgent } };
}

/** The six statuses the panel shows: access being added still counts as scheduled, access being removed as active. */
function statusView(grant: Grant): GrantView['status'] {
  switch (grant.status) {
    case 'scheduled':
    case 'granting':
      return 'scheduled';
    case 'active':
    case 'ending':
      return grant.extensions.some((e) => e.status === 'approved') ? 'extended' : 'active';
    default:
      return grant.status;
  }
}

export function toGrantView(grant: Grant, target: JitTarget | undefined): GrantView {
  const status = statusView(grant);
  const phase = grant.status === 'granting' ? 'granting' : grant.status === 'ending' || (grant.endRequest && !isFinal(grant.status)) ? 'revoking' : undefined;
  const approved = approvedMinutes(grant);
  return {
    issueKey: grant.issueKey,
    target: { id: grant.targetId, name: grant.targetName, kind: target?.ref.kind ?? 'unknown', description: target ? describeTarget(target) : grant.targetName },
    status,
    ...(phase ? { phase } : {}),
    requester: { accountId: grant.requester.accountId, displayName: grant.requester.displayName },
    ...(grant.principal ? { principal: grant.principal } : {}),
    ...(grant.approvedBy ? { approvedBy: grant.approvedBy } : {}),
    ...(grant.approvedAt ? { approvedAt: grant.approvedAt } : {}),
    ...(grant.justification ? { justification: grant.justification } : {}),
    requestedMinutes: grant.durationMinutes,
    startAt: grant.startAt,
    ...(grant.grantedAt ? { grantedAt: grant.grantedAt } : {}),
    expiresAt: grant.expiresAt,
    ...(grant.endedAt && isFinal(grant.status) ? { endedAt: grant.endedAt } : {}),
    ...(grant.endReason ? { endReason: grant.endReason } : {}),
    ...(grant.endedBy ? { endedBy: grant.endedBy } : {}),
    ...(grant.failureReason ? { failureReason: grant.failureReason } : {}),
    extensions: grant.extensions.map((e) => ({
      id: e.id,
      minutes: e.minutes,
      ...(e.reason ? { reason: e.reason } : {}),
      status: e.status,
      requestedBy: e.requestedBy,
      requestedAt: e.requestedAt,
      ...(e.decidedBy ? { decidedBy: e.decidedBy } : {}),
      ...(e.decidedAt ? { decidedAt: e.decidedAt } : {}),
    })),
    minutes: {
      approved,
      maxDuration: target?.policy.maxDurationMinutes ?? grant.durationMinutes,
      maxTotal: target?.policy.maxTotalMinutes ?? approved,
      extensionLeft: Math.max(0, (target?.policy.maxTotalMinutes ?? approved) - approved),
    },
    evidence: grant.evidence.map((e) => ({ at: e.at, text: e.text })),
  };
}

async function panelView(issue: { id: string; key: string }, actor: GrantActor, deps = grantDeps()): Promise<JitPanelView> {
  const serverNow = new Date(deps.now()).toISOString();
  const [stored, settings] = await Promise.all([deps.grants.get(issue.id), deps.config.jit()]);
  if (!stored) {
    // Not granted (yet): say whether it is a request for temporary access at all, so the panel can say "waiting for approval".
    const request = settings ? await deps.desk.customerRequest(issue.id).catch(() => undefined) : undefined;
    return { issueKey: issue.key, serverNow, isJitRequest: request !== undefined && request.requestTypeId === settings?.requestTypeId, can: NO_ACTIONS };
  }
  const target = settings ? findTarget(settings, stored.grant.targetId) : undefined;
  return { issueKey: issue.key, serverNow, isJitRequest: true, grant: toGrantView(stored.grant, target), can: permissionsOf(stored.grant, target, actor) };
}

/**
 * The issue panel's just-in-time access: the grant on the request and the actions the viewer
 * may use (Revoke, Request extension, Approve or Decline extension). Each action checks the
 * caller itself, whatever the UI shows, and answers the refreshed view.
 */
export function registerJitPanelResolvers(resolver: Resolver): void {
  resolver.define(JIT_RESOLVER_KEYS.panelGrant, ({ context }) =>
    respond<JitPanelView>(async () => {
      const { issue, actor } = await viewerOn(context);
      return panelView(issue, actor);
    }),
  );

  const action = (key: string, run: (grantId: string, actor: GrantActor, payload: Record<string, unknown>) => Promise<unknown>) =>
    resolver.define(key, ({ context, payload }) =>
      respond<JitPanelView>(async () => {
        const { issue, actor } = await viewerOn(context);
        const deps = grantDeps();
        if (!(await deps.grants.get(issue.id))) throw new NotFoundError('Provisio has no temporary access on this request.');
        await run(issue.id, actor, typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});
        return panelView(issue, actor);
      }),
    );

  action(JIT_RESOLVER_KEYS.panelRevoke, (grantId, actor) => revokeGrant(grantId, actor, grantDeps()));
  action(JIT_RESOLVER_KEYS.panelRequestExtension, (grantId, actor, payload) => requestGrantExtension(grantId, { minutes: payload.minutes, reason: payload.reason }, actor, grantDeps()));
  action(JIT_RESOLVER_KEYS.panelApproveExtension, (grantId, actor) => approveGrantExtension(grantId, actor, grantDeps()));
  action(JIT_RESOLVER_KEYS.panelDeclineExtension, (grantId, actor) => declineGrantExtension(grantId, actor, grantDeps()));
}
