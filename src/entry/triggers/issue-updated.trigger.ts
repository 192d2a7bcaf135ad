import { startOnboarding } from '../../usecases/start-onboarding';
import { startAccountVending } from '../../usecases/start-account-vending';
import { onboardingDeps } from '../composition';
import { vendingDeps } from '../vending-composition';
import { onGrantIssueStatus } from './grant-status';

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
  else if ((await startAccountVending({ issueId, issueKey, toStatus: statusItem.toString }, vendingDeps())) === 'started') console.info(`account vending queued for ${issueKey}`);
  await onGrantIssueStatus(event, { issueId, issueKey, toStatus: statusItem.toString });
}
