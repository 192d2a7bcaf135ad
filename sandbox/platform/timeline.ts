import type { VirtualClock } from './clock';

interface TimelineItem {
  id: number;
  dueAt: number;
  label: string;
  run: () => Promise<void> | void;
}

export interface ScheduledHandle {
  cancel(): void;
}

/** The longest setTimeout Node accepts; later items re-arm on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Everything the platform will do later (delayed async events, retries, scheduled triggers),
 * ordered by virtual due time. Items fire on a real timer as virtual time reaches them, or at
 * once when the clock is advanced. `settle` and `advance` give tests a quiet point to assert at.
 */
export class Timeline {
  private items: TimelineItem[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly clock: VirtualClock) {
    clock.onAdvance(() => this.arm());
  }

  schedule(dueAt: number, label: string, run: () => Promise<void> | void): ScheduledHandle {
    const item: TimelineItem = { id: this.nextId++, dueAt, label, run };
    const index = this.items.findIndex((other) => other.dueAt > dueAt);
    if (index === -1) this.items.push(item);
    else this.items.splice(index, 0, item);
    this.arm();
    return { cancel: () => this.remove(item.id) };
  }

  /** Registers platform work started outside the timeline (HTTP-driven invocations) so `settle` waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  pending(): { dueAt: number; label: string }[] {
    return this.items.map(({ dueAt, label }) => ({ dueAt, label }));
  }

  /** Resolves once nothing is running and nothing is due at the current virtual time. */
  async settle(): Promise<void> {
    for (;;) {
      this.runDue();
      if (this.inFlight.size === 0) {
        // A finished invocation may have scheduled work due now; look once more before returning.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.inFlight.size === 0 && !this.hasDue()) return;
        continue;
      }
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Moves virtual time forward by `seconds`, delivering everything that falls due in time order. */
  async advance(seconds: number): Promise<void> {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceSeconds must be a non-negative number');
    const target = this.clock.now() + seconds * 1000;
    await this.settle();
    for (;;) {
      const next = this.items[0];
      if (!next || next.dueAt > target) break;
      this.clock.advanceTo(next.dueAt);
      await this.settle();
    }
    this.clock.advanceTo(target);
    await this.settle();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private hasDue(): boolean {
    const first = this.items[0];
    return first !== undefined && first.dueAt <= this.clock.now();
  }

  private runDue(): void {
    const now = this.clock.now();
    while (this.items[0] && this.items[0].dueAt <= now) {
      const item = this.items.shift() as TimelineItem;
      this.track(Promise.resolve().then(item.run));
    }
    this.arm();
  }

  private remove(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const first = this.items[0];
    if (!first || this.stopped) return;
    const delay = Math.min(Math.max(0, first.dueAt - this.clock.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.runDue(), delay);
    this.timer.unref();
  }
}
