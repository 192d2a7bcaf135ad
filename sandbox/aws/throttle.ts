import type { Clock } from '../platform/clock';

const WINDOW_MS = 1000;

/**
 * A per-second request quota on the virtual clock, so an app's retry and backoff can be tested:
 * a call is admitted while fewer than `limit` calls were admitted in the last virtual second
 * (a sliding window, so the outcome does not depend on where a second boundary falls), and
 * throttled otherwise. No limit means every call is admitted.
 */
export class RequestRateLimiter {
  private limit: number | undefined;
  private admitted: number[] = [];

  constructor(
    private readonly clock: Clock,
    limit?: number,
  ) {
    this.setLimit(limit);
  }

  setLimit(perSecond: number | undefined): void {
    if (perSecond !== undefined && (!Number.isInteger(perSecond) || perSecond < 0)) {
      throw new RangeError(`request rate limit must be a whole number of calls per second, got ${perSecond}`);
    }
    this.limit = perSecond;
    this.admitted = [];
  }

  getLimit(): number | undefined {
    return this.limit;
  }

  /** Admits a call (true) or says it is throttled (false). */
  tryAcquire(): boolean {
    if (this.limit === undefined) return true;
    const now = this.clock.now();
    this.admitted = this.admitted.filter((at) => at > now - WINDOW_MS);
    if (this.admitted.length >= this.limit) return false;
    this.admitted.push(now);
    return true;
  }
}
