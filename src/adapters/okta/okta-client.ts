import { UpstreamError } from '../../domain/errors';
import { OktaApiError, OktaRateLimitedError, oktaErrorFrom, rateLimitResetAt, TRANSIENT_STATUSES } from './okta-errors';
import { dpopProof, isFresh, requestToken, type CachedToken, type OktaConnection, type TokenCache } from './okta-token';

export interface OktaClientDeps {
  connection: OktaConnection;
  /** Read from the KVS secret only when a new token is needed. */
  privateKeyPem: () => Promise<string>;
  tokenCache: TokenCache;
  fetchFn?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The longest wait for a rate-limit reset inside one invocation; longer waits become OktaRateLimitedError. */
  maxRateLimitWaitMs?: number;
}

const TRANSIENT_RETRIES = 2;
const BACKOFF_BASE_MS = 400;

export interface OktaResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Raw HTTP to Okta's management API with the app's own OAuth token (private_key_jwt, DPoP when
 * required), cached until shortly before it expires. Retries only named transient failures,
 * honours 429 resets and Retry-After, and maps errors to OktaApiError with Okta's errorCode.
 */
export class OktaClient {
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;

  constructor(private readonly deps: OktaClientDeps) {
    this.fetchFn = deps.fetchFn ?? ((input, init) => fetch(input, init));
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = deps.maxRateLimitWaitMs ?? 10_000;
  }

  /** Gets a token now (for the admin page's Test connection). */
  async testConnection(): Promise<{ scopes: string[]; tokenType: string; expiresAt: number }> {
    await this.deps.tokenCache.clear();
    const token = await this.token();
    return { scopes: token.scopes, tokenType: token.tokenType, expiresAt: token.expiresAt };
  }

  async request<T>(method: string, path: string, what: string, body?: unknown): Promise<OktaResponse<T>> {
    const url = `${this.deps.connection.orgUrl}${path}`;
    let transientFailures = 0;
    let refreshedToken = false;
    let rateLimitWaits = 0;
    let nonce: string | undefined;
    for (;;) {
      let token: CachedToken;
      try {
        token = await this.token();
      } catch (error) {
        // The token endpoint is rate-limited and has bad moments too: the same rules as any call.
        if (error instanceof OktaRateLimitedError && error.retryAt - Date.now() <= this.maxWaitMs && rateLimitWaits++ < 2) {
          await this.sleep(Math.max(error.retryAt - Date.now(), 0));
          continue;
        }
        if (error instanceof OktaApiError && TRANSIENT_STATUSES.has(error.status ?? 0) && transientFailures++ < TRANSIENT_RETRIES) {
          await this.backoff(transientFailures);
          continue;
        }
        throw error;
      }
      let response: Response;
      try {
        response = await this.fetchFn(url, { method, headers: await this.headers(token, method, url, nonce), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      } catch (cause) {
        if (transientFailures++ < TRANSIENT_RETRIES) {
          await this.backoff(transientFailures);
          continue;
        }
        throw new UpstreamError(`Okta could not be reached to ${what}`, undefined, { cause });
      }
      if (response.ok) {
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
      }
      const serverNonce = response.headers.get('dpop-nonce');
      if (response.status === 401 && serverNonce && nonce !== serverNonce && token.tokenType === 'DPoP') {
        nonce = serverNonce;
        continue;
      }
      if (response.status === 401 && !refreshedToken) {
        // The token may have been revoked or rotated: get a new one once.
        refreshedToken = true;
        await this.deps.tokenCache.clear();
        continue;
      }
      if (response.status === 429) {
        const retryAt = rateLimitResetAt(response.headers);
        const wait = retryAt - Date.now();
        if (wait <= this.maxWaitMs && rateLimitWaits++ < 2) {
          await this.sleep(Math.max(wait, 0));
          continue;
        }
        const error = await oktaErrorFrom(response, what);
        throw new OktaRateLimitedError(retryAt, error.errorCode);
      }
      if (TRANSIENT_STATUSES.has(response.status) && transientFailures++ < TRANSIENT_RETRIES) {
        await this.backoff(transientFailures);
        continue;
      }
      throw await oktaErrorFrom(response, what);
    }
  }

  private async token(): Promise<CachedToken> {
    const cached = await this.deps.tokenCache.get();
    if (isFresh(cached, this.deps.connection.scopes)) return cached;
    const token = await requestToken(this.deps.connection, await this.deps.privateKeyPem(), this.fetchFn);
    await this.deps.tokenCache.set(token);
    return token;
  }

  private async headers(token: CachedToken, method: string, url: string, nonce: string | undefined): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (token.tokenType === 'DPoP') {
      headers.authorization = `DPoP ${token.accessToken}`;
      headers.dpop = await dpopProof(token, method, url, { accessToken: token.accessToken, ...(nonce ? { nonce } : {}) });
    } else {
      headers.authorization = `Bearer ${token.accessToken}`;
    }
    return headers;
  }

  private backoff(attempt: number): Promise<void> {
    const jitter = Math.random() * BACKOFF_BASE_MS;
    return this.sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1) + jitter);
  }
}

export { OktaApiError, rateLimitResetAt };
