import type { InvocationError } from '@forge/events';
import { preflightAccountRequest } from '../../usecases/preflight-account-request';
import { vendingDeps } from '../vending-composition';
import { redeliveryFor } from './redelivery';

interface IssueCreatedEvent {
  issue?: { id?: unknown; key?: unknown };
}

/** `avi:jira:created:issue`: a new "New AWS account" request is checked before anyone approves it. */
export async function onIssueCreated(event: IssueCreatedEvent): Promise<InvocationError | void> {
  const issueId = event.issue?.id;
  const issueKey = event.issue?.key;
  if (typeof issueId !== 'string' || typeof issueKey !== 'string') return;
  try {
    const outcome = await preflightAccountRequest({ issueId, issueKey }, vendingDeps());
    if (outcome === 'checked') console.info(`pre-flight check posted on ${issueKey}`);
  } catch (error) {
    return redeliveryFor(error, `run the pre-flight check of ${issueKey}`);
  }
}
