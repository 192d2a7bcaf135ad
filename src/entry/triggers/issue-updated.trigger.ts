import { startOnboarding } from '../../usecases/start-onboarding';
import { onboardingDeps } from '../composition';

interface IssueUpdatedEvent {
  issue?: { id?: unknown; key?: unknown };
  changelog?: { items?: { field?: unknown; fieldId?: unknown; toString?: unknown }[] };
}

/** `avi:jira:updated:issue`: a status change may start provisioning. Everything else is ignored. */
export async function onIssueUpdated(event: IssueUpdatedEvent): Promise<void> {
  const statusItem = event.changelog?.items?.find((item) => item.fieldId === 'status' || item.field === 'status');
  const issueId = event.issue?.id;
  const issueKey = event.issue?.key;
  if (!statusItem || typeof statusItem.toString !== 'string' || typeof issueId !== 'string' || typeof issueKey !== 'string') return;
  const outcome = await startOnboarding({ issueId, issueKey, toStatus: statusItem.toString }, onboardingDeps());
  if (outcome === 'started') console.info(`provisioning queued for ${issueKey}`);
}
