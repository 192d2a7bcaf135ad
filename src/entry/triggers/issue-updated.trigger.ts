import type { InvocationError } from '@forge/events';
import { JiraService } from '../../adapters/jira/jira-service';
import { startOnboarding } from '../../usecases/start-onboarding';
import { startAccountVending } from '../../usecases/start-account-vending';
import { onboardingDeps } from '../composition';
import { vendingDeps } from '../vending-composition';
import { onGrantIssueStatus } from './grant-status';
import { redeliveryFor } from './redelivery';
import { onRequestEdited } from './request-edited';

interface IssueUpdatedEvent {
  issue?: { id?: unknown; key?: unknown };
  changelog?: { id?: unknown; items?: { field?: unknown; fieldId?: unknown; toString?: unknown }[] };
}

/** `avi:jira:updated:issue`: a status change may start provisioning; an edit may need a new pre-flight check. */
export async function onIssueUpdated(event: IssueUpdatedEvent): Promise<InvocationError | void> {
  const statusItem = event.changelog?.items?.find((item) => item.fieldId === 'status' || item.field === 'status');
  const issueId = event.issue?.id;
  const issueKey = event.issue?.key;
  if (typeof issueId !== 'string' || typeof issueKey !== 'string') return;
  if (!statusItem) return onRequestEdited(event, { issueId, issueKey });
  if (typeof statusItem.toString !== 'string') return;
  const change = { issueId, issueKey, toStatus: statusItem.toString };
  // The flows below each read this request; one reader makes that one Jira call.
  const desk = new JiraService(undefined, { shareRequestReads: true });
  try {
    if ((await startOnboarding(change, onboardingDeps(desk))) === 'started') console.info(`provisioning queued for ${issueKey}`);
    else if ((await startAccountVending(change, vendingDeps(desk))) === 'started') console.info(`account vending queued for ${issueKey}`);
  } catch (error) {
    // A Jira hiccup here would otherwise leave an approved request unprovisioned for good.
    return redeliveryFor(error, `check ${issueKey} for provisioning`);
  }
  return onGrantIssueStatus(event, change, desk);
}
