import type { Faults } from './faults';
import type { FunctionRunner } from './function-runner';
import { retryRequest } from './async-events';
import type { TriggerModule } from './manifest';
import type { Timeline } from './timeline';

export interface ProductEvent {
  eventType: string;
  payload: Record<string, unknown>;
  actorAccountId?: string;
}

/** Forge retries a product event at most four times (forge-and-api-facts.md §4.4). */
const MAX_RETRIES = 4;
const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * Delivers Jira's product events to the manifest's triggers after the change that caused them,
 * honouring `filter.ignoreSelf`, and retrying an InvocationError or a timeout up to four times.
 */
export class ProductEventDispatcher {
  constructor(
    private readonly triggers: TriggerModule[],
    private readonly appAccountId: string,
    private readonly timeline: Timeline,
    private readonly runner: FunctionRunner,
    private readonly faults: Faults,
    private readonly now: () => number,
  ) {}

  emit(event: ProductEvent): void {
    const selfGenerated = event.actorAccountId === this.appAccountId;
    for (const trigger of this.triggers) {
      if (!trigger.events.includes(event.eventType)) continue;
      if (trigger.ignoreSelf && selfGenerated) continue;
      const fault = this.faults.takeProductEventFault(event.eventType);
      if (fault?.kind === 'drop') continue;
      const payload = { ...event.payload, eventType: event.eventType, ...(selfGenerated ? { selfGenerated: true } : {}) };
      const delayMs = fault?.kind === 'delay' ? (fault.delaySeconds ?? 0) * 1000 : 0;
      const copies = fault?.kind === 'duplicate' ? 2 : 1;
      for (let i = 0; i < copies; i += 1) {
        this.timeline.schedule(this.now() + delayMs, `${event.eventType} → ${trigger.function}`, () => this.deliver(trigger, payload, 0));
      }
    }
  }

  private async deliver(trigger: TriggerModule, payload: Record<string, unknown>, retryCount: number): Promise<void> {
    const outcome = await this.runner.run({ functionKey: trigger.function, moduleKey: trigger.key, moduleType: 'trigger', payload });
    const retry = outcome.ok ? retryRequest(outcome.result) : outcome.timedOut ? { retryReason: 'FUNCTION_TIME_OUT' } : undefined;
    if (!retry || retryCount >= MAX_RETRIES) return;
    const retryAfter = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, retry.retryAfter ?? 1));
    const next = {
      ...payload,
      retryContext: { retryCount: retryCount + 1, retryReason: retry.retryReason ?? 'FUNCTION_RETRY_REQUEST', retryData: retry.retryData },
    };
    this.timeline.schedule(this.now() + retryAfter * 1000, `${String(payload.eventType)} retry → ${trigger.function}`, () =>
      this.deliver(trigger, next, retryCount + 1),
    );
  }
}
