import { Queue } from '@forge/events';
import type { GrantWakeups, Wakeup } from '../../usecases/grant-ports';

export const JIT_QUEUE = 'jit-timers';

/** The body of a wake-up event. */
export interface JitWakeEvent {
  grantId: string;
  aim?: string;
}

/** Forge pushes at most 50 events at once. */
const PUSH_BATCH = 50;

/**
 * Wake-ups of grants through Forge async events, each at most 15 minutes ahead. One delivery
 * at a time per grant (the concurrency key), whatever duplicates and re-armed wake-ups arrive.
 */
export class ForgeGrantWakeups implements GrantWakeups {
  private readonly queue = new Queue({ key: JIT_QUEUE });

  async wake(wakeup: Wakeup): Promise<void> {
    await this.queue.push(toEvent(wakeup));
  }

  async wakeMany(wakeups: Wakeup[]): Promise<void> {
    for (let i = 0; i < wakeups.length; i += PUSH_BATCH) await this.queue.push(wakeups.slice(i, i + PUSH_BATCH).map(toEvent));
  }
}

function toEvent(wakeup: Wakeup) {
  const delay = Math.min(900, Math.max(0, Math.round(wakeup.delaySeconds)));
  const body: JitWakeEvent = { grantId: wakeup.grantId, ...(wakeup.aim ? { aim: wakeup.aim } : {}) };
  return { body: body as unknown as Record<string, unknown>, ...(delay > 0 ? { delayInSeconds: delay } : {}), concurrency: { key: `jit-grant-${wakeup.grantId}`.slice(0, 100), limit: 1 } };
}
