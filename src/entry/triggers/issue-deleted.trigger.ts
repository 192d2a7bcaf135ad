import { InvocationError, InvocationErrorCode } from '@forge/events';
import { recordIssueDeletion } from '../../usecases/record-issue-deletion';
import { exportDeps } from '../export-composition';

/** `avi:jira:deleted:issue`: a deleted issue of an exported project becomes a tombstone in the next export run. */
export async function onIssueDeleted(event: unknown): Promise<InvocationError | void> {
  try {
    const outcome = await recordIssueDeletion(event, exportDeps());
    if (outcome.kind === 'recorded') console.info(`export: ${outcome.issueKey} was deleted; its tombstone goes out with ${outcome.project}'s next run`);
  } catch (error) {
    // Storage hiccups are worth a retry: Forge redelivers a product event up to four times.
    console.warn(`export: recording a deleted issue failed and will be retried: ${error instanceof Error ? error.message : String(error)}`);
    return new InvocationError({ retryAfter: 30, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
