import { Queue } from '@forge/events';
import type { VendingQueue } from '../../usecases/account-vending-ports';

export const VENDING_QUEUE = 'account-vending';

/**
 * Wake-ups of vending runs. All events of one organization share a concurrency key with limit 1,
 * so at most one vending step runs at a time per organization (and account creation, which AWS
 * serialises anyway, is decided by one invocation at a time).
 */
export class ForgeVendingQueue implements VendingQueue {
  private readonly queue = new Queue({ key: VENDING_QUEUE });

  async wake(issueId: string, wake: string, options: { orgKey: string; delaySeconds?: number }): Promise<void> {
    const delay = Math.min(900, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    await this.queue.push({ body: { issueId, wake }, ...(delay > 0 ? { delayInSeconds: delay } : {}), concurrency: { key: options.orgKey, limit: 1 } });
  }
}
