import type { InvocationError } from '@forge/events';
import { onGrantStatusChange } from '../../usecases/start-grant';
import { grantDeps } from '../jit-composition';
import type { JiraService } from '../../adapters/jira/jira-service';
import { redeliveryFor } from './redelivery';

/**
 * Just-in-time access on `avi:jira:updated:issue`: an approved "Temporary elevated access"
 * request reaching the provision status schedules its grant; reaching Done ends it at once.
 * A transient failure (a Jira or KVS hiccup before the grant is recorded) asks for another delivery.
 */
export async function onGrantIssueStatus(event: object, change: { issueId: string; issueKey: string; toStatus: string }, jira?: JiraService): Promise<InvocationError | void> {
  const actor = (event as { atlassianId?: unknown }).atlassianId;
  const actorAccountId = typeof actor === 'string' ? actor : undefined;
  try {
    const outcome = await onGrantStatusChange({ ...change, ...(actorAccountId ? { actorAccountId } : {}) }, grantDeps(jira));
    if (outcome === 'scheduled' || outcome === 'ending' || outcome === 'refused') console.info(`temporary access on ${change.issueKey}: ${outcome}`);
  } catch (error) {
    return redeliveryFor(error, `handle temporary access on ${change.issueKey}`);
  }
}
