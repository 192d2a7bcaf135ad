import { isAppError } from '../../domain/errors';
import type { ResolverResult } from '../../shared/resolver-contract';

/**
 * Runs a resolver body and turns its outcome into the shared ResolverResult envelope: expected
 * (typed) errors become `ok: false` for the UI; anything else is logged and rethrown so Forge
 * records a failed invocation.
 */
export async function respond<T>(body: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    console.error('resolver failed unexpectedly', error instanceof Error ? error.name : typeof error);
    throw error;
  }
}
