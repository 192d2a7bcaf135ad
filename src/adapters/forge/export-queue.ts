import { Queue } from '@forge/events';
import type { ExportHopEvent, ExportQueue } from '../../usecases/export-ports';

/** manifest.yml `consumer.queue` of the export consumer. */
export const EXPORT_QUEUE = 'export-pages';

/**
 * Hops of export runs. Every event of a project shares one concurrency key with limit 1, so a
 * project's hops never overlap, whatever duplicates or retries arrive; projects run side by side.
 */
export class ForgeExportQueue implements ExportQueue {
  private readonly queue = new Queue({ key: EXPORT_QUEUE });

  async push(event: ExportHopEvent, delaySeconds = 0): Promise<void> {
    await this.queue.push({
      body: { project: event.project, runId: event.runId, hop: event.hop },
      ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, delaySeconds) } : {}),
      concurrency: { key: `export-${event.project}`, limit: 1 },
    });
  }
}
