import type { Clock } from '../platform/clock';

/**
 * Okta limits each endpoint family separately, per org, per minute. Defaults follow the
 * documented order of magnitude for an enterprise org; tests lower them with `setRateLimit`.
 */
export type OktaRateBucket =
  | 'token' // POST /oauth2/v1/token
  | 'users-create' // POST /api/v1/users
  | 'users-list' // GET /api/v1/users
  | 'users-get' // GET /api/v1/users/{idOrLogin}
  | 'users-update' // POST /api/v1/users/{id}, lifecycle, sessions, GET /api/v1/users/{id}/groups
  | 'groups' // GET /api/v1/groups, /groups/{id}, /groups/{id}/users
  | 'group-memberships' // PUT/DELETE /api/v1/groups/{groupId}/users/{userId}
  | 'other'; // unknown paths under /api/v1

export const RATE_BUCKETS: readonly OktaRateBucket[] = [
  'token',
  'users-create',
  'users-list',
  'users-get',
  'users-update',
  'groups',
  'group-memberships',
  'other',
];

export const DEFAULT_RATE_LIMITS: Readonly<Record<OktaRateBucket, number>> = {
  token: 600,
  'users-create': 600,
  'users-list': 600,
  'users-get': 2000,
  'users-update': 600,
  groups: 500,
  'group-memberships': 500,
  other: 600,
};

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the window resets (`X-Rate-Limit-Reset`). */
  resetEpochSeconds: number;
}

interface Window {
  startedAt: number;
  used: number;
}

export interface RateLimiterState {
  limits: Record<string, number>;
  windows: Record<string, Window>;
}

/** Fixed one-minute windows that start at a bucket's first request, on the virtual clock. */
export class RateLimiter {
  private limits: Record<OktaRateBucket, number> = { ...DEFAULT_RATE_LIMITS };
  private windows = new Map<OktaRateBucket, Window>();

  constructor(private readonly clock: Clock) {}

  setLimit(bucket: OktaRateBucket, perMinute: number): void {
    if (!RATE_BUCKETS.includes(bucket)) throw new RangeError(`unknown Okta rate-limit bucket: ${bucket}`);
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError(`rate limit must be a positive integer, got ${perMinute}`);
    this.limits[bucket] = perMinute;
  }

  limit(bucket: OktaRateBucket): number {
    return this.limits[bucket];
  }

  /** Counts one request against the bucket; a refused request does not use up quota. */
  take(bucket: OktaRateBucket): RateDecision {
    const now = this.clock.now();
    let window = this.windows.get(bucket);
    if (!window || now >= window.startedAt + WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.windows.set(bucket, window);
    }
    const limit = this.limits[bucket];
    const allowed = window.used < limit;
    if (allowed) window.used += 1;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - window.used),
      resetEpochSeconds: Math.ceil((window.startedAt + WINDOW_MS) / 1000),
    };
  }

  /** Forgets the current windows (limits stay), e.g. between benchmark phases. */
  resetWindows(): void {
    this.windows.clear();
  }

  snapshot(): RateLimiterState {
    return { limits: { ...this.limits }, windows: Object.fromEntries([...this.windows].map(([k, w]) => [k, { ...w }])) };
  }

  restore(state: RateLimiterState): void {
    this.limits = { ...DEFAULT_RATE_LIMITS };
    for (const [bucket, limit] of Object.entries(state.limits)) {
      if (RATE_BUCKETS.includes(bucket as OktaRateBucket)) this.limits[bucket as OktaRateBucket] = limit;
    }
    this.windows = new Map(
      Object.entries(state.windows)
        .filter(([bucket]) => RATE_BUCKETS.includes(bucket as OktaRateBucket))
        .map(([bucket, w]) => [bucket as OktaRateBucket, { ...w }]),
    );
  }
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(decision.limit),
    'X-Rate-Limit-Remaining': String(decision.remaining),
    'X-Rate-Limit-Reset': String(decision.resetEpochSeconds),
  };
}
