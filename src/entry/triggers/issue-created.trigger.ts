import { InvocationError, InvocationErrorCode } from '@forge/events';
import { UpstreamError } from '../../domain/errors';
import { preflightAccountRequest } from '../../usecases/preflight-account-request';
import { vendingDeps } from '../vending-composition';

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
    const flag = (error as { transient?: unknown }).transient;
    const worthRetrying = error instanceof UpstreamError && (typeof flag === 'boolean' ? flag : error.status === undefined || error.status === 429 || error.status >= 500);
    if (worthRetrying) {
      console.warn(`pre-flight of ${issueKey} will retry: ${(error as Error).message}`);
      return new InvocationError({ retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    throw error;
  }
}
