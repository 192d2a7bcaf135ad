import type { RunStatusView, RunView, StepStatusView } from '@shared/resolver-contract';

export const RUN_STATUS_LABELS: Record<RunStatusView, string> = {
  queued: 'Queued',
  running: 'In progress',
  failed: 'Failed',
  succeeded: 'Succeeded',
};

/**
 * What each step status reads as. The step a live run is on is `active` (a running run works on
 * it now), `next` (the run is queued), or `retrying` (it was tried before and is being tried again).
 */
export type StepDisplayStatus = StepStatusView | 'active' | 'next' | 'retrying';

export const STEP_STATUS_LABELS: Record<StepDisplayStatus, string> = {
  pending: 'Pending',
  active: 'In progress',
  next: 'Up next',
  retrying: 'Retrying',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

const ACTION_LABELS: Record<string, string> = {
  'okta-onboarding': 'Okta onboarding',
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
