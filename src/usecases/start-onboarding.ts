import { newRun } from '../domain/runs/run';
import { nowIso, type OnboardingConfig, type RunQueue, type RunStore, type ServiceDesk } from './ports';

export const ONBOARDING_ACTION = 'okta-onboarding';

export interface StatusChange {
  issueId: string;
  issueKey: string;
  toStatus: string;
}

export type StartOutcome = 'not-configured' | 'not-provision-status' | 'other-request-type' | 'not-approved' | 'already-started' | 'started';

/**
 * An issue reached a new status. If it is an onboarding request that was approved and has just
 * reached the configured "provision" status, record a run (once, whatever the number of
 * deliveries) and queue it. Nothing external is touched here.
 */
export async function startOnboarding(change: StatusChange, deps: { config: OnboardingConfig; desk: ServiceDesk; runs: RunStore; queue: RunQueue }): Promise<StartOutcome> {
  const settings = await deps.config.onboarding();
  if (!settings) return 'not-configured';
  if (change.toStatus !== settings.provisionStatus) return 'not-provision-status';
  if (await deps.runs.get(change.issueId)) return 'already-started';
  const request = await deps.desk.customerRequest(change.issueId);
  if (request.requestTypeId !== settings.requestTypeId) return 'other-request-type';
  const approval = await deps.desk.approval(request.issueKey);
  // The status alone is not proof: an agent could move an unapproved request by hand.
  if (approval.decision !== 'approved') return 'not-approved';
  const run = newRun({
    issueId: request.issueId,
    issueKey: request.issueKey,
    action: ONBOARDING_ACTION,
    steps: [{ id: 'validate', title: 'Check the request' }],
    ...(approval.approvedBy ? { approvedBy: approval.approvedBy.displayName } : {}),
    ...(approval.completedAt ? { approvedAt: approval.completedAt } : {}),
    now: nowIso(),
  });
  if (!(await deps.runs.create(run))) return 'already-started';
  await deps.queue.enqueue(run.issueId);
  return 'started';
}
