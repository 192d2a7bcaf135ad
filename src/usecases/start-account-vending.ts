import { parseAccountRequest, serializeAccountRequest } from '../domain/account-vending/account-request';
import { VENDING_ACTION, vendingStages } from '../domain/account-vending/vending-stages';
import { newRun, withOutput } from '../domain/runs/run';
import type { VendingConfig, VendingQueue } from './account-vending-ports';
import { vendingInputsFrom } from './check-account-request';
import { orgKeyOf } from './execute-account-vending';
import { nowIso, type RunStore, type ServiceDesk } from './ports';
import type { StartOutcome, StatusChange } from './start-onboarding';

/**
 * An issue reached a new status. If it is a "New AWS account" request that was approved and has
 * just reached the configured provision status, record a vending run (once, whatever the number
 * of deliveries) and queue its first wake-up. Nothing external is touched here.
 */
export async function startAccountVending(
  change: StatusChange,
  deps: { config: VendingConfig; desk: ServiceDesk; runs: RunStore; queue: VendingQueue; newToken(): string },
): Promise<StartOutcome> {
  const settings = await deps.config.vending();
  if (!settings) return 'not-configured';
  if (change.toStatus !== settings.provisionStatus) return 'not-provision-status';
  const existing = await deps.runs.get(change.issueId);
  if (existing) {
    // Not picked up yet (its wake-up may have been lost): queue the same wake-up again; a duplicate does nothing.
    const token = existing.run.outputs.wake;
    if (existing.run.action === VENDING_ACTION && existing.run.status === 'queued' && token) {
      await deps.queue.wake(change.issueId, token, { orgKey: orgKeyOf(await deps.config.connection()) });
    }
    return 'already-started';
  }
  const request = await deps.desk.customerRequest(change.issueId);
  if (request.requestTypeId !== settings.requestTypeId) return 'other-request-type';
  const approval = await deps.desk.approval(request.issueKey);
  // The status alone is not proof: an agent could move an unapproved request by hand.
  if (approval.decision !== 'approved') return 'not-approved';
  const token = deps.newToken();
  const now = nowIso();
  // The values as approved ride along, so the run's first attempt need not read the request again.
  const parsed = parseAccountRequest(vendingInputsFrom(request.fields, settings), settings);
  const planned = withOutput(
    newRun({
      issueId: request.issueId,
      issueKey: request.issueKey,
      action: VENDING_ACTION,
      steps: vendingStages(),
      ...(approval.approvedBy ? { approvedBy: approval.approvedBy.displayName } : {}),
      ...(approval.completedAt ? { approvedAt: approval.completedAt } : {}),
      now,
    }),
    'wake',
    token,
    now,
  );
  const run = parsed.ok ? withOutput(planned, 'request', serializeAccountRequest(parsed.value), now) : planned;
  if (!(await deps.runs.create(run))) return 'already-started';
  await deps.queue.wake(run.issueId, token, { orgKey: orgKeyOf(await deps.config.connection()) });
  return 'started';
}
