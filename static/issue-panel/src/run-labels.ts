import type { RunStatusView, RunStepView, RunView, StepStatusView } from '@shared/resolver-contract';

export const RUN_STATUS_LABELS: Record<RunStatusView, string> = {
  queued: 'Queued',
  running: 'In progress',
  failed: 'Failed',
  succeeded: 'Succeeded',
};

/**
 * What each step status reads as. The step a live run is on is `active` (a running run works on
 * it now), `next` (the run is queued), `retrying` (it was tried before and is being tried again),
 * or `waiting` (an account vending stage waits for AWS: its place in line, the account being
 * created, the baseline running; its detail says which).
 */
export type StepDisplayStatus = StepStatusView | 'active' | 'next' | 'retrying' | 'waiting';

export const STEP_STATUS_LABELS: Record<StepDisplayStatus, string> = {
  pending: 'Pending',
  active: 'In progress',
  next: 'Up next',
  retrying: 'Retrying',
  waiting: 'Waiting',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** The run action of account vending (src/domain/account-vending/vending-stages.ts). */
export const VENDING_ACTION = 'aws-account-vending';

const ACTION_LABELS: Record<string, string> = {
  'okta-onboarding': 'Okta onboarding',
  [VENDING_ACTION]: 'AWS account vending',
};

export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Provisioning';
}

/** A run Provisio is still working on: worth polling for. */
export function isLive(run: RunView | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** The id of the step a live run is on: the first one not finished. */
export function activeStepId(run: RunView): string | undefined {
  if (!isLive(run)) return undefined;
  return run.steps.find((s) => s.status === 'pending' || s.status === 'failed')?.id;
}

/**
 * How the step a live run is on reads. A step with a time was tried before: its detail says how
 * that went, so it is being retried — except that account vending records its waits for AWS on
 * the stage too (with a time), which read as waiting, not as retries ("Will retry…" is a retry).
 */
export function activeStepStatus(step: RunStepView, run: { action: string; status: RunStatusView }): StepDisplayStatus {
  if (!step.at) return run.status === 'running' ? 'active' : 'next';
  if (step.detail?.startsWith('Will retry')) return 'retrying';
  return run.action === VENDING_ACTION && run.status === 'running' ? 'waiting' : 'retrying';
}
