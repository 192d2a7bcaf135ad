import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { isProjectKey } from '../../domain/export/jql';
import { exportProjectPages } from '../../usecases/export-project-pages';
import { exportDeps } from '../export-composition';

/**
 * The export queue: one hop of one project's run. Transient failures come back later as a retry
 * of the same event (which resumes at the run's last checkpoint); everything else is recorded on
 * the project's state for the admin page.
 */
export async function onExportPage(event: AsyncEvent): Promise<InvocationError | void> {
  const body = event.body as { project?: unknown; runId?: unknown; hop?: unknown };
  if (!isProjectKey(body.project) || typeof body.runId !== 'string' || !/^\d{8}T\d{9}Z$/.test(body.runId) || typeof body.hop !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(body.hop)) {
    console.error('export event with an unknown body; dropped');
    return;
  }
  const outcome = await exportProjectPages({ project: body.project, runId: body.runId, hop: body.hop }, exportDeps());
  switch (outcome.kind) {
    case 'continued':
      console.info(`export ${body.project} ${body.runId}: ${outcome.pages} pages, continuing in a new hop`);
      return;
    case 'finished':
      console.info(`export ${body.project} ${body.runId}: done, ${outcome.summary.records} records, ${outcome.summary.tombstones} tombstones`);
      return;
    case 'retry':
      console.warn(`export ${body.project} ${body.runId}: retrying in ${outcome.afterSeconds}s: ${outcome.reason}`);
      return new InvocationError({ retryAfter: outcome.afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    case 'failed':
      console.error(`export ${body.project} ${body.runId}: stopped: ${outcome.reason}`);
      return;
    case 'stale':
    case 'not-configured':
      console.info(`export ${body.project} ${body.runId}: ${outcome.kind} event ignored`);
      return;
  }
}
