import { isAppError, UpstreamError } from '../domain/errors';

/** How the export treats a failure: wait and try again from the checkpoint, or stop and tell the admin. */
export type ExportFailure = { kind: 'transient'; message: string; retryAt?: number } | { kind: 'permanent'; message: string } | { kind: 'lost-race'; message: string };

/**
 * Rate limits, 5xx answers, throttling and network failures are transient; a refused JQL, a
 * missing bucket or denied access are not (retrying cannot fix them, so they stop the run and
 * show on the admin page). Errors nobody expected are treated as transient: every step is
 * idempotent, so trying again is safe, and a run that keeps failing stops after a few tries.
 */
export function classifyExportFailure(error: unknown): ExportFailure {
  const message = error instanceof Error ? error.message : 'an unexpected error';
  if (error instanceof Error && error.name === 'ConcurrentUpdateError') return { kind: 'lost-race', message };
  const flagged = (error as { transient?: unknown } | null)?.transient;
  const retryAt = (error as { retryAt?: unknown } | null)?.retryAt;
  const at = typeof retryAt === 'number' ? { retryAt } : {};
  if (typeof flagged === 'boolean') return flagged ? { kind: 'transient', message, ...at } : { kind: 'permanent', message };
  if (error instanceof UpstreamError) {
    return error.status === undefined || error.status === 429 || error.status >= 500 ? { kind: 'transient', message, ...at } : { kind: 'permanent', message };
  }
  if (isAppError(error)) return { kind: 'permanent', message };
  return { kind: 'transient', message };
}

/** Seconds until the next attempt: what the server asked for, else 15 s doubling up to Forge's 900 s cap. */
export function retryDelaySeconds(failure: { retryAt?: number }, attempt: number, nowMs: number): number {
  if (failure.retryAt !== undefined) return Math.min(900, Math.max(1, Math.ceil((failure.retryAt - nowMs) / 1000)));
  return Math.min(900, 15 * 2 ** Math.max(0, attempt - 1));
}
