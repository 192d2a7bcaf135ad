import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { executeOnboardingRun } from '../../usecases/execute-onboarding-run';
import { onboardingDeps } from '../composition';

/** Runs one provisioning run; a transient failure asks Forge to deliver the event again later. */
export async function onProvisioningEvent(event: AsyncEvent): Promise<InvocationError | void> {
  const issueId = (event.body as { issueId?: unknown }).issueId;
  if (typeof issueId !== 'string' || !/^\d{1,18}$/.test(issueId)) {
    console.error('provisioning event without a valid issueId; dropped');
    return;
  }
  const outcome = await executeOnboardingRun(issueId, onboardingDeps());
  if (outcome.kind === 'retry') {
    console.warn(`run ${issueId} will retry in ${outcome.afterSeconds}s: ${outcome.reason}`);
    return new InvocationError({ retryAfter: outcome.afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
  if (outcome.kind === 'failed') console.warn(`run ${issueId} failed: ${outcome.reason}`);
}
