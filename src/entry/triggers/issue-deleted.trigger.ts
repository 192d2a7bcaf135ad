import type { InvocationError } from '@forge/events';
import { recordIssueDeletion } from '../../usecases/record-issue-deletion';
import { exportDeps } from '../export-composition';
import { redeliveryFor } from './redelivery';

/** `avi:jira:deleted:issue`: a deleted issue of an exported project becomes a tombstone in the next export run. */
export async function onIssueDeleted(event: unknown): Promise<InvocationError | void> {
  try {
    const outcome = await recordIssueDeletion(event, exportDeps());
    if (outcome.kind === 'recorded') console.info(`export: ${outcome.issueKey} was deleted; its tombstone goes out with ${outcome.project}'s next run`);
  } catch (error) {
    // The event is the only trace of a deletion: a storage hiccup must not lose the tombstone.
    return redeliveryFor(error, 'record a deleted issue for the export');
  }
}
