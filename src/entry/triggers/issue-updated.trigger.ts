import { InvocationError, InvocationErrorCode } from '@forge/events';
import { JiraService } from '../../adapters/jira/jira-service';
import { classifyFailure } from '../../usecases/failure-policy';
import { startOnboarding, type StartOutcome } from '../../usecases/start-onboarding';
import { startAccountVending } from '../../usecases/start-account-vending';
import { onboardingDeps } from '../composition';
import { vendingDeps } from '../vending-composition';
import { onGrantIssueStatus } from './grant-status';

interface IssueUpdatedEvent {
  issue?: { id?: unknown; key?: unknown };
  changelog?: { items?: { field?: unknown; fieldId?: unknown; toString?: unknown }[] };
}

/** How long to wait before Forge delivers the event again after a transient failure. */
const RETRY_AFTER_SECONDS = 30;

/** `avi:jira:updated:issue`: a status change may start provisioning. Everything else is ignored. */
export async function onIssueUpdated(event: IssueUpdatedEvent): Promise<InvocationError | void> {
  const statusItem = event.changelog?.items?.find((item) => item.fieldId === 'status' || item.field === 'status');
  const issueId = event.issue?.id;
  const issueKey = event.issue?.key;
  if (!statusItem || typeof statusItem.toString !== 'string' || typeof issueId !== 'string' || typeof issueKey !== 'string') return;
  // The flows below each read this request; one reader makes that one Jira call.
  const desk = new JiraService(undefined, { shareRequestReads: true });
  let outcome: StartOutcome;
  try {
    outcome = await startOnboarding({ issueId, issueKey, toStatus: statusItem.toString }, onboardingDeps(desk));
  } catch (error) {
    // Forge does not deliver a product event again after an error, so a Jira hiccup here would
    // leave an approved request unprovisioned for good: ask for another delivery instead.
    const failure = classifyFailure(error);
    if (failure.kind === 'permanent') throw error;
    const afterSeconds = failure.retryAt ? Math.max(1, Math.ceil((failure.retryAt - Date.now()) / 1000)) : RETRY_AFTER_SECONDS;
    console.warn(`could not check ${issueKey} for provisioning; the event comes again in ${afterSeconds}s: ${failure.reason}`);
    return new InvocationError({ retryAfter: afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
  if (outcome === 'started') console.info(`provisioning queued for ${issueKey}`);
  else if ((await startAccountVending({ issueId, issueKey, toStatus: statusItem.toString }, vendingDeps(desk))) === 'started') console.info(`account vending queued for ${issueKey}`);
  return onGrantIssueStatus(event, { issueId, issueKey, toStatus: statusItem.toString }, desk);
}
