import { assertRunTransition, assertStepTransition, type RunStatus, type StepStatus } from './run-status';

export interface RunStep {
  id: string;
  /** What the step does, in words an agent reads in the panel. */
  title: string;
  status: StepStatus;
  /** What happened: an id created, a reason for failure. Never a secret. */
  detail?: string;
  at?: string;
}

export interface Run {
  /** The Jira issue id: one run per request, ever. */
  issueId: string;
  issueKey: string;
  action: string;
  status: RunStatus;
  steps: RunStep[];
  /** Who approved and when, as Jira recorded it. */
  approvedBy?: string;
  approvedAt?: string;
  failureReason?: string;
  /** Ids the steps produced (the Okta user id, say), for later steps and the panel. */
  outputs: Record<string, string>;
  /** While set and in the future, one invocation owns the run; a duplicate delivery backs off. */
  leaseUntil?: string;
  /**
   * A failed run's reports not yet made (comments, status, notifications), in order. The failure
   * is saved before anyone is told, so a crash in between leaves these for the next delivery.
   */
  failureNotices?: string[];
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export function newRun(input: { issueId: string; issueKey: string; action: string; steps: { id: string; title: string }[]; approvedBy?: string; approvedAt?: string; now: string }): Run {
  return {
    issueId: input.issueId,
    issueKey: input.issueKey,
    action: input.action,
    status: 'queued',
    steps: input.steps.map((s) => ({ id: s.id, title: s.title, status: 'pending' })),
    ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    ...(input.approvedAt ? { approvedAt: input.approvedAt } : {}),
    outputs: {},
    attempts: 0,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** The first step not yet done or skipped; undefined when every step is finished. */
export function nextStep(run: Run): RunStep | undefined {
  return run.steps.find((s) => s.status === 'pending' || s.status === 'failed');
}

export function withStatus(run: Run, status: RunStatus, now: string, failureReason?: string): Run {
  if (run.status !== status) assertRunTransition(run.status, status);
  const next: Run = { ...run, status, updatedAt: now };
  if (status === 'failed') next.failureReason = failureReason ?? 'unknown failure';
  else delete next.failureReason;
  return next;
}

export function withStep(run: Run, stepId: string, status: StepStatus, now: string, detail?: string): Run {
  const index = run.steps.findIndex((s) => s.id === stepId);
  const step = run.steps[index];
  if (!step) throw new Error(`run ${run.issueKey} has no step ${stepId}`);
  if (step.status !== status) assertStepTransition(step.status, status);
  const steps = [...run.steps];
  steps[index] = { ...step, status, at: now, ...(detail !== undefined ? { detail } : {}) };
  return { ...run, steps, updatedAt: now };
}

/** Retry: the failed step goes back to pending and the run is queued again; reports still pending are moot. */
export function forRetry(run: Run, now: string): Run {
  const { leaseUntil: _released, failureNotices: _moot, ...queued } = withStatus(run, 'queued', now);
  return { ...queued, steps: queued.steps.map((s) => (s.status === 'failed' ? { ...s, status: 'pending' as const } : s)) };
}

/** Replaces the step list, keeping what finished steps recorded (a retry re-plans from fresh input). */
export function withPlannedSteps(run: Run, planned: { id: string; title: string }[], now: string): Run {
  const existing = new Map(run.steps.map((s) => [s.id, s]));
  const steps = planned.map((p) => existing.get(p.id) ?? { id: p.id, title: p.title, status: 'pending' as const });
  return { ...run, steps, updatedAt: now };
}

export function withOutput(run: Run, name: string, value: string, now: string): Run {
  return { ...run, outputs: { ...run.outputs, [name]: value }, updatedAt: now };
}

/** Several outputs at once, so they are saved together or not at all. */
export function withOutputs(run: Run, outputs: Record<string, string>, now: string): Run {
  return { ...run, outputs: { ...run.outputs, ...outputs }, updatedAt: now };
}
