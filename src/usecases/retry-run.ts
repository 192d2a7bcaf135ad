import { InvalidInputError, NotFoundError } from '../domain/errors';
import { forRetry, type Run } from '../domain/runs/run';
import { nowIso, type OnboardingConfig, type RunQueue, type RunStore, type ServiceDesk } from './ports';

/** How runs of one action (other than onboarding) resume: their status to go back to, and their own queue. */
export interface RetryTarget {
  provisionStatus(): Promise<string | undefined>;
  /** Last changes before the run is saved as queued (a vending run gets a new wake-up token). */
  prepare(run: Run): Run;
  enqueue(run: Run): Promise<void>;
}

/** Resumes a failed run from its failed step: back to the provision status, and queued again. */
export async function retryRun(
  issueId: string,
  deps: { runs: RunStore; desk: ServiceDesk; queue: RunQueue; config: OnboardingConfig; targets?: Record<string, RetryTarget> },
): Promise<void> {
  const current = await deps.runs.get(issueId);
  if (!current) throw new NotFoundError('Provisio has no run for this request.');
  if (current.run.status !== 'failed') throw new InvalidInputError(`Only a failed run can be retried; this one is ${current.run.status}.`);
  const target = deps.targets && Object.hasOwn(deps.targets, current.run.action) ? deps.targets[current.run.action] : undefined;
  if (target) {
    const queued = target.prepare(forRetry(current.run, nowIso()));
    await deps.runs.save(queued, current.version);
    // Queued before the status moves: if Jira fails now, the run still resumes.
    await target.enqueue(queued);
    const status = await target.provisionStatus();
    if (status) await deps.desk.moveTo(current.run.issueKey, status);
    return;
  }
  await deps.runs.save(forRetry(current.run, nowIso()), current.version);
  // Queued before the status moves: a crash or a Jira error after the move must not leave a queued
  // run that nothing delivers (the app's own transition starts nothing, and Retry shows only for failed runs).
  await deps.queue.enqueue(issueId);
  const settings = await deps.config.onboarding();
  if (settings) await deps.desk.moveTo(current.run.issueKey, settings.provisionStatus);
}
