import { startExportRun } from '../../usecases/start-export-run';
import { exportDeps } from '../export-composition';

/**
 * The hourly scheduled trigger: starts each project's run when the admin's schedule says it is
 * due, resumes runs that failed, and restarts the chain of a run whose events were lost. It only
 * pushes events, so it never nears its time limit; the work happens in the export consumer.
 * Forge does not retry a failed scheduled run, so failures are logged and the next hour tries again.
 */
export async function onExportSchedule(): Promise<{ statusCode: number }> {
  try {
    const starts = await startExportRun({ trigger: 'schedule' }, exportDeps());
    const acted = starts.filter((s) => s.outcome === 'started' || s.outcome === 'resumed');
    if (acted.length > 0) console.info(`export: ${acted.map((s) => `${s.project} ${s.outcome} (${s.runId ?? ''})`).join(', ')}`);
  } catch (error) {
    console.warn(`export: the scheduled start did not happen: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { statusCode: 204 };
}
