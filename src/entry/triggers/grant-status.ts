import { InvocationError, InvocationErrorCode } from '@forge/events';
import { classifyFailure } from '../../usecases/failure-policy';
import { onGrantStatusChange } from '../../usecases/start-grant';
import { grantDeps } from '../jit-composition';
import type { JiraService } from '../../adapters/jira/jira-service';

const RETRY_AFTER_SECONDS = 30;

/**
 * Just-in-time access on `avi:jira:updated:issue`: an approved "Temporary elevated access"
 * request reaching the provision status schedules its grant; reaching Done ends it at once.
 * Forge does not deliver a product event again after an error, so a transient failure (a Jira
 * or KVS hiccup before the grant is recorded) asks for another delivery instead; everything the
 * handler does is idempotent.
 */
export async function onGrantIssueStatus(event: object, change: { issueId: string; issueKey: string; toStatus: string }, jira?: JiraService): Promise<InvocationError | void> {
  const actor = (event as { atlassianId?: unknown }).atlassianId;
  const actorAccountId = typeof actor === 'string' ? actor : undefined;
  try {
    const outcome = await onGrantStatusChange({ ...change, ...(actorAccountId ? { actorAccountId } : {}) }, grantDeps(jira));
    if (outcome === 'scheduled' || outcome === 'ending' || outcome === 'refused') console.info(`temporary access on ${change.issueKey}: ${outcome}`);
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'permanent') throw error;
    const afterSeconds = failure.retryAt ? Math.max(1, Math.ceil((failure.retryAt - Date.now()) / 1000)) : RETRY_AFTER_SECONDS;
    console.warn(`could not handle temporary access on ${change.issueKey}; the event comes again in ${afterSeconds}s: ${failure.reason}`);
    return new InvocationError({ retryAfter: afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
