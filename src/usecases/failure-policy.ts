import { isAppError, UpstreamError } from '../domain/errors';

export type FailureClass = { kind: 'transient'; retryAt?: number; reason: string } | { kind: 'permanent'; reason: string };

/** After this many transient failures in a row, a run stops and asks a human. */
export const MAX_TRANSIENT_ATTEMPTS = 8;

/**
 * Decides whether an error is worth retrying later (a 5xx, a network failure, a rate limit, a
 * lost race) or is an answer a human must act on (a login already taken, a missing group).
 * An upstream error that says itself whether waiting helps (AWS answers a throttled call with a
 * 400, and a 500 can be a known permanent refusal) is taken at its word.
 */
export function classifyFailure(error: unknown): FailureClass {
  const reason = isAppError(error) || error instanceof Error ? error.message : 'an unexpected error';
  if (error instanceof Error && error.name === 'ConcurrentUpdateError') return { kind: 'transient', reason };
  if (error instanceof UpstreamError) {
    const flagged = (error as { transient?: unknown }).transient;
    const transient = typeof flagged === 'boolean' ? flagged : error.status === undefined || error.status === 429 || error.status >= 500;
    if (!transient) return { kind: 'permanent', reason };
    const retryAt = (error as { retryAt?: unknown }).retryAt;
    return { kind: 'transient', reason, ...(typeof retryAt === 'number' ? { retryAt } : {}) };
  }
  if (isAppError(error)) return { kind: 'permanent', reason };
  // Unknown errors are bugs or platform trouble: retrying is safe because every step is idempotent.
  return { kind: 'transient', reason };
}

/** Whole seconds until `retryAt` (at least 1), or `fallbackSeconds` when the server named no time. */
export function secondsUntilRetry(failure: { retryAt?: number }, nowMs: number, fallbackSeconds: number): number {
  return failure.retryAt === undefined ? fallbackSeconds : Math.max(1, Math.ceil((failure.retryAt - nowMs) / 1000));
}
