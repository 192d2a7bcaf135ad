import { classifyFailure, secondsUntilRetry } from './failure-policy';

/** How the export treats a failure: wait and try again from the checkpoint, or stop and tell the admin. */
export type ExportFailure = { kind: 'transient'; message: string; retryAt?: number } | { kind: 'permanent'; message: string } | { kind: 'lost-race'; message: string };

/**
 * Rate limits, 5xx answers, throttling and network failures are transient; a refused JQL, a
 * missing bucket or denied access are not (retrying cannot fix them, so they stop the run and
 * show on the admin page). Errors nobody expected are treated as transient: every step is
 * idempotent, so trying again is safe, and a run that keeps failing stops after a few tries.
 */
export function classifyExportFailure(error: unknown): ExportFailure {
  const failure = classifyFailure(error);
  if (error instanceof Error && error.name === 'ConcurrentUpdateError') return { kind: 'lost-race', message: failure.reason };
  if (failure.kind === 'permanent') return { kind: 'permanent', message: failure.reason };
  return { kind: 'transient', message: failure.reason, ...(failure.retryAt !== undefined ? { retryAt: failure.retryAt } : {}) };
}

/** Seconds until the next attempt: what the server asked for, else 15 s doubling up to Forge's 900 s cap. */
export function retryDelaySeconds(failure: { retryAt?: number }, attempt: number, nowMs: number): number {
  return Math.min(900, secondsUntilRetry(failure, nowMs, 15 * 2 ** Math.max(0, attempt - 1)));
}
