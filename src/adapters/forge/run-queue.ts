import { Queue } from '@forge/events';
import type { RunQueue } from '../../usecases/ports';

export const PROVISIONING_QUEUE = 'provisioning-runs';

/** Queues run executions; one in flight per run (the concurrency key), whatever duplicates arrive. */
export class ForgeRunQueue implements RunQueue {
  private readonly queue = new Queue({ key: PROVISIONING_QUEUE });

  async enqueue(issueId: string, delaySeconds = 0): Promise<void> {
    await this.queue.push({ body: { issueId }, ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, delaySeconds) } : {}), concurrency: { key: `run-${issueId}`, limit: 1 } });
  }
}
