import { randomUUID } from 'node:crypto';
import type { Faults } from './faults';
import type { FunctionRunner } from './function-runner';
import type { ConsumerModule } from './manifest';
import type { Timeline } from './timeline';

/** Forge's documented async-event limits (forge-and-api-facts.md §2.2). */
export const ASYNC_EVENT_LIMITS = {
  eventsPerPush: 50,
  bytesPerPush: 200 * 1024,
  maxDelaySeconds: 900,
  eventsPerMinute: 500,
  retentionMs: 24 * 60 * 60 * 1000,
  maxRetryAfterSeconds: 900,
};

interface PushEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

/** One event on its way to one consumer; persisted until it succeeds, is dropped, or expires. */
export interface Delivery {
  eventId: string;
  jobId: string;
  queueName: string;
  consumerKey: string;
  functionKey: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  retryCount: number;
  retryReason?: string;
  retryData?: unknown;
  retentionStart: number;
  dueAt: number;
}

interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
}

export interface QueueSnapshot {
  deliveries: Delivery[];
  jobs: [string, JobStats][];
}

type HttpResult = { status: number; body?: unknown };

const backoffSeconds = (retryCount: number) => Math.min(ASYNC_EVENT_LIMITS.maxRetryAfterSeconds, 10 * 2 ** retryCount);

/**
 * Forge async events: accepts pushes from @forge/events, delivers each event to the queue's
 * consumers at least once, after its delay, within `concurrency` limits, retrying failures with
 * backoff until the retention window ends.
 */
export class AsyncEventQueues {
  private readonly deliveries = new Map<string, Delivery>();
  private readonly cancels = new Map<string, { cancel(): void }>();
  private readonly jobs = new Map<string, JobStats>();
  private readonly runningByKey = new Map<string, number>();
  private readonly waitingByKey = new Map<string, Delivery[]>();
  private pushTimes: number[] = [];

  constructor(
    private readonly consumers: ConsumerModule[],
    private readonly timeline: Timeline,
    private readonly runner: FunctionRunner,
    private readonly faults: Faults,
    private readonly now: () => number,
  ) {}

  publish(request: unknown): HttpResult {
    const r = request as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof r.queueName !== 'string' || typeof r.jobId !== 'string' || !Array.isArray(r.payload)) {
      return { status: 400, body: { errorMessage: 'push request needs queueName, jobId and a payload array' } };
    }
    const events = r.payload as PushEvent[];
    const consumers = this.consumers.filter((c) => c.queue === r.queueName);
    if (consumers.length === 0) return { status: 400, body: { errorMessage: `no consumer in the manifest listens on queue '${r.queueName}'` } };
    if (events.length === 0 || events.length > ASYNC_EVENT_LIMITS.eventsPerPush) {
      return { status: 400, body: { errorMessage: `a push carries 1 to ${ASYNC_EVENT_LIMITS.eventsPerPush} events, got ${events.length}` } };
    }
    if (Buffer.byteLength(JSON.stringify(events)) > ASYNC_EVENT_LIMITS.bytesPerPush) {
      return { status: 413, body: { errorMessage: `the push is larger than ${ASYNC_EVENT_LIMITS.bytesPerPush} bytes` } };
    }
    const invalid = events.findIndex((e) => !isValidEvent(e));
    if (invalid !== -1) return { status: 400, body: { errorMessage: `event ${invalid} has no object body or an invalid delayInSeconds/concurrency` } };
    if (!this.admitRate(events.length)) return { status: 429, body: { errorMessage: 'more than 500 events pushed in a minute' } };

    const now = this.now();
    const stats = this.jobs.get(r.jobId) ?? { success: 0, inProgress: 0, failed: 0 };
    this.jobs.set(r.jobId, stats);
    for (const event of events) {
      const eventId = randomUUID();
      for (const consumer of consumers) {
        const dueAt = now + (event.delayInSeconds ?? 0) * 1000;
        stats.inProgress += 1;
        this.enqueue({
          eventId,
          jobId: r.jobId,
          queueName: r.queueName,
          consumerKey: consumer.key,
          functionKey: consumer.function,
          body: event.body,
          ...(event.delayInSeconds !== undefined ? { delayInSeconds: event.delayInSeconds } : {}),
          ...(event.concurrency ? { concurrency: event.concurrency } : {}),
          retryCount: 0,
          retentionStart: dueAt,
          dueAt,
        });
      }
    }
    return { status: 201, body: {} };
  }

  stats(request: unknown): HttpResult {
    const stats = this.jobs.get(String((request as { jobId?: unknown }).jobId));
    if (!stats) return { status: 404, body: { errorMessage: 'job not found' } };
    return { status: 200, body: { ...stats } };
  }

  cancel(request: unknown): HttpResult {
    const jobId = String((request as { jobId?: unknown }).jobId);
    const stats = this.jobs.get(jobId);
    if (!stats) return { status: 404, body: { errorMessage: 'job not found' } };
    for (const delivery of [...this.deliveries.values()].filter((d) => d.jobId === jobId)) {
      this.cancels.get(deliveryKey(delivery))?.cancel();
      this.forget(delivery);
      stats.inProgress -= 1;
    }
    return { status: 204 };
  }

  pendingDeliveries(): Delivery[] {
    return [...this.deliveries.values()];
  }

  snapshot(): QueueSnapshot {
    return { deliveries: this.pendingDeliveries(), jobs: [...this.jobs.entries()] };
  }

  restore(snapshot: QueueSnapshot): void {
    for (const [jobId, stats] of snapshot.jobs) this.jobs.set(jobId, stats);
    // At-least-once across restarts: whatever had not finished is delivered again.
    for (const delivery of snapshot.deliveries) this.enqueue(delivery);
  }

  private admitRate(count: number): boolean {
    const now = this.now();
    this.pushTimes = this.pushTimes.filter((t) => t > now - 60_000);
    if (this.pushTimes.length + count > ASYNC_EVENT_LIMITS.eventsPerMinute) return false;
    for (let i = 0; i < count; i += 1) this.pushTimes.push(now);
    return true;
  }

  private enqueue(delivery: Delivery): void {
    this.deliveries.set(deliveryKey(delivery), delivery);
    const handle = this.timeline.schedule(delivery.dueAt, `queue ${delivery.queueName} → ${delivery.functionKey}`, () => this.due(delivery));
    this.cancels.set(deliveryKey(delivery), handle);
  }

  private forget(delivery: Delivery): void {
    this.deliveries.delete(deliveryKey(delivery));
    this.cancels.delete(deliveryKey(delivery));
  }

  private async due(delivery: Delivery): Promise<void> {
    const fault = this.faults.takeQueueFault(delivery.queueName);
    if (fault?.kind === 'drop') {
      // A lost delivery: the platform never retries it, so the job never counts it as done.
      this.forget(delivery);
      return;
    }
    if (fault?.kind === 'delay') {
      this.enqueue({ ...delivery, dueAt: this.now() + (fault.delaySeconds ?? 0) * 1000 });
      return;
    }
    const key = delivery.concurrency?.key;
    if (key !== undefined) {
      const limit = Math.max(1, delivery.concurrency?.limit ?? 1);
      const running = this.runningByKey.get(key) ?? 0;
      if (running >= limit) {
        const waiting = this.waitingByKey.get(key) ?? [];
        waiting.push(delivery);
        this.waitingByKey.set(key, waiting);
        return;
      }
      this.runningByKey.set(key, running + 1);
    }
    try {
      if (fault?.kind === 'duplicate') {
        await Promise.all([this.deliver(delivery, false), this.deliver(delivery, true)]);
      } else {
        await this.deliver(delivery, true);
      }
    } finally {
      if (key !== undefined) this.releaseSlot(key);
    }
  }

  private releaseSlot(key: string): void {
    this.runningByKey.set(key, (this.runningByKey.get(key) ?? 1) - 1);
    const next = this.waitingByKey.get(key)?.shift();
    if (next) this.timeline.track(this.due(next));
  }

  /** Invokes the consumer once; `settles` says whether this attempt decides the delivery's fate. */
  private async deliver(delivery: Delivery, settles: boolean): Promise<void> {
    const event = {
      body: delivery.body,
      ...(delivery.delayInSeconds !== undefined ? { delayInSeconds: delivery.delayInSeconds } : {}),
      ...(delivery.concurrency ? { concurrency: delivery.concurrency } : {}),
      queueName: delivery.queueName,
      jobId: delivery.jobId,
      eventId: delivery.eventId,
      ...(delivery.retryCount > 0
        ? {
            retryContext: {
              retryCount: delivery.retryCount,
              retryReason: delivery.retryReason,
              retryData: delivery.retryData,
              retentionWindow: {
                startTime: new Date(delivery.retentionStart).toISOString(),
                remainingTimeMs: delivery.retentionStart + ASYNC_EVENT_LIMITS.retentionMs - this.now(),
              },
            },
          }
        : {}),
    };
    const outcome = await this.runner.run({ functionKey: delivery.functionKey, moduleKey: delivery.consumerKey, moduleType: 'consumer', payload: event });
    if (!settles) return;
    const stats = this.jobs.get(delivery.jobId);
    const retry = outcome.ok ? retryRequest(outcome.result) : undefined;
    if (outcome.ok && !retry) {
      this.forget(delivery);
      if (stats) {
        stats.inProgress -= 1;
        stats.success += 1;
      }
      return;
    }
    const retryAfter = retry?.retryAfter ?? backoffSeconds(delivery.retryCount);
    const reason = retry?.retryReason ?? (!outcome.ok && outcome.timedOut ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR');
    const dueAt = this.now() + Math.min(ASYNC_EVENT_LIMITS.maxRetryAfterSeconds, Math.max(1, retryAfter)) * 1000;
    if (dueAt > delivery.retentionStart + ASYNC_EVENT_LIMITS.retentionMs) {
      this.forget(delivery);
      if (stats) {
        stats.inProgress -= 1;
        stats.failed += 1;
      }
      return;
    }
    this.enqueue({ ...delivery, retryCount: delivery.retryCount + 1, retryReason: reason, retryData: retry?.retryData, dueAt });
  }
}

function deliveryKey(d: Delivery): string {
  return `${d.eventId}/${d.consumerKey}`;
}

function isValidEvent(e: PushEvent): boolean {
  if (typeof e !== 'object' || e === null || typeof e.body !== 'object' || e.body === null || Array.isArray(e.body)) return false;
  if (e.delayInSeconds !== undefined && (typeof e.delayInSeconds !== 'number' || e.delayInSeconds < 0 || e.delayInSeconds > ASYNC_EVENT_LIMITS.maxDelaySeconds)) return false;
  if (e.concurrency !== undefined && (typeof e.concurrency.key !== 'string' || typeof e.concurrency.limit !== 'number' || e.concurrency.limit < 1)) return false;
  return true;
}

/** An InvocationError from @forge/events is a plain `{_retry: true, retryOptions}` object. */
export function retryRequest(result: unknown): { retryAfter?: number; retryReason?: string; retryData?: unknown } | undefined {
  const r = result as { _retry?: unknown; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } | null;
  if (!r || typeof r !== 'object' || r._retry !== true) return undefined;
  return r.retryOptions ?? {};
}
