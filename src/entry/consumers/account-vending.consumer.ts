import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { executeAccountVending } from '../../usecases/execute-account-vending';
import { vendingDeps } from '../vending-composition';

/** Wakes one vending run: it does what it can now, and schedules its own next look. */
export async function onAccountVendingEvent(event: AsyncEvent): Promise<InvocationError | void> {
  const { issueId, wake } = event.body as { issueId?: unknown; wake?: unknown };
  if (typeof issueId !== 'string' || !/^\d{1,18}$/.test(issueId) || typeof wake !== 'string' || wake.length > 100) {
    console.error('account vending event without a valid issueId and wake token; dropped');
    return;
  }
  const outcome = await executeAccountVending({ issueId, wake }, vendingDeps());
  if (outcome.kind === 'retry') {
    console.warn(`vending run ${issueId} will retry in ${outcome.afterSeconds}s: ${outcome.reason}`);
    return new InvocationError({ retryAfter: outcome.afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
  if (outcome.kind === 'failed') console.warn(`vending run ${issueId} failed: ${outcome.reason}`);
  else if (outcome.kind === 'waiting') console.info(`vending run ${issueId} looks again in ${outcome.afterSeconds}s`);
  else if (outcome.kind === 'finished') console.info(`vending run ${issueId} finished`);
}
