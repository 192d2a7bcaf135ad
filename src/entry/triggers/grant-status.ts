import { onGrantStatusChange } from '../../usecases/start-grant';
import { grantDeps } from '../jit-composition';

/**
 * Just-in-time access on `avi:jira:updated:issue`: an approved "Temporary elevated access"
 * request reaching the provision status schedules its grant; reaching Done ends it at once.
 */
export async function onGrantIssueStatus(event: object, change: { issueId: string; issueKey: string; toStatus: string }): Promise<void> {
  const actor = (event as { atlassianId?: unknown }).atlassianId;
  const actorAccountId = typeof actor === 'string' ? actor : undefined;
  const outcome = await onGrantStatusChange({ ...change, ...(actorAccountId ? { actorAccountId } : {}) }, grantDeps());
  if (outcome === 'scheduled' || outcome === 'ending' || outcome === 'refused') console.info(`temporary access on ${change.issueKey}: ${outcome}`);
}
