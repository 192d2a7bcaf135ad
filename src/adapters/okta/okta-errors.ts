import { UpstreamError } from '../../domain/errors';

/** Okta's error body (management API): kept whole so the `errorCode` survives to the ticket. */
export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
  error?: string;
  error_description?: string;
}

export class OktaApiError extends UpstreamError {
  override readonly name: string = 'OktaApiError';

  constructor(
    message: string,
    status: number,
    readonly errorCode: string | undefined,
    readonly causes: string[],
    options?: { cause?: unknown },
  ) {
    super(message, status, options);
  }
}

/** 429 whose reset is too far away to wait for inside one invocation; the caller reschedules. */
export class OktaRateLimitedError extends OktaApiError {
  override readonly name = 'OktaRateLimitedError';

  constructor(
    readonly retryAt: number,
    errorCode: string | undefined,
  ) {
    super(`Okta rate limit reached; retry after ${new Date(retryAt).toISOString()}`, 429, errorCode, []);
  }
}

/** When a 429 may be retried: Retry-After (seconds) wins, else X-Rate-Limit-Reset (epoch seconds). */
export function rateLimitResetAt(headers: Headers): number {
  const retryAfter = Number(headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Date.now() + retryAfter * 1000;
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (Number.isFinite(reset) && reset > 0) return reset * 1000;
  return Date.now() + 60_000;
}

/** Only these are worth another try; anything else is an answer, not a hiccup. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** The token endpoint refused the app: a configuration problem an admin must fix. */
export class OktaAuthError extends OktaApiError {
  override readonly name = 'OktaAuthError';
}

export async function oktaErrorFrom(response: Response, what: string): Promise<OktaApiError> {
  let body: OktaErrorBody = {};
  try {
    body = (await response.json()) as OktaErrorBody;
  } catch {
    // A non-JSON error (a proxy page, say) still gets a readable message below.
  }
  const causes = (body.errorCauses ?? []).map((c) => c.errorSummary ?? '').filter(Boolean);
  const summary = body.errorSummary ?? body.error_description ?? body.error ?? `HTTP ${response.status}`;
  return new OktaApiError(`Okta could not ${what}: ${summary}${causes.length ? ` (${causes.join('; ')})` : ''}`, response.status, body.errorCode ?? body.error, causes);
}
