import { InvalidInputError, NotFoundError } from '../domain/errors';
import { forRetry } from '../domain/runs/run';
import { nowIso, type OnboardingConfig, type RunQueue, type RunStore, type ServiceDesk } from './ports';

/** Resumes a failed run from its failed step: back to the provision status, and queued again. */
export async function retryRun(issueId: string, deps: { runs: RunStore; desk: ServiceDesk; queue: RunQueue; config: OnboardingConfig }): Promise<void> {
  const current = await deps.runs.get(issueId);
  if (!current) throw new NotFoundError('Provisio has no run for this request.');
  if (current.run.status !== 'failed') throw new InvalidInputError(`Only a failed run can be retried; this one is ${current.run.status}.`);
  await deps.runs.save(forRetry(current.run, nowIso()), current.version);
  const settings = await deps.config.onboarding();
  if (settings) await deps.desk.moveTo(current.run.issueKey, settings.provisionStatus);
  await deps.queue.enqueue(issueId);
}
