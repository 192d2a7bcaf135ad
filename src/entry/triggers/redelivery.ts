import { InvocationError, InvocationErrorCode } from '@forge/events';
import { classifyFailure, secondsUntilRetry } from '../../usecases/failure-policy';

/** How long Forge waits before delivering the event again when the server named no time. */
const REDELIVER_AFTER_SECONDS = 30;

/**
 * Forge delivers a product event again (at most four times) only when the handler returns an
 * InvocationError; a thrown error ends it for good. So a transient failure (a Jira 503, a KVS
 * hiccup) before the handler's work is recorded asks for another delivery, while a permanent one
 * is rethrown. Every trigger's work is idempotent, so the redelivery may repeat any of it.
 */
export function redeliveryFor(error: unknown, what: string): InvocationError {
  const failure = classifyFailure(error);
  if (failure.kind === 'permanent') throw error;
  const afterSeconds = secondsUntilRetry(failure, Date.now(), REDELIVER_AFTER_SECONDS);
  console.warn(`could not ${what}; the event comes again in ${afterSeconds}s: ${failure.reason}`);
  return new InvocationError({ retryAfter: afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}
