/**
 * A provisioning run: the ordered steps one approved request needs, each done at most once.
 * Statuses are closed unions; every change goes through a transition table, so an illegal jump
 * (say, a duplicate event restarting a finished run) is an error instead of a silent overwrite.
 */
export type RunStatus = 'queued' | 'running' | 'failed' | 'succeeded';
export type StepStatus = 'pending' | 'done' | 'failed' | 'skipped';

const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'failed'],
  running: ['running', 'failed', 'succeeded'],
  // Retry resumes a failed run from its failed step.
  failed: ['queued'],
  succeeded: [],
};

const STEP_TRANSITIONS: Record<StepStatus, readonly StepStatus[]> = {
  pending: ['done', 'failed', 'skipped'],
  failed: ['pending', 'done', 'skipped'],
  done: [],
  skipped: [],
};

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
}

export function canMoveRun(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function assertRunTransition(from: RunStatus, to: RunStatus): void {
  if (!canMoveRun(from, to)) throw new IllegalTransitionError(`a ${from} run cannot become ${to}`);
}

export function assertStepTransition(from: StepStatus, to: StepStatus): void {
  if (!STEP_TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(`a ${from} step cannot become ${to}`);
}
