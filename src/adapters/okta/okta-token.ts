import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, SignJWT, type JWK } from 'jose';
import { OktaAuthError, OktaRateLimitedError, oktaErrorFrom, rateLimitResetAt, TRANSIENT_STATUSES } from './okta-errors';

export interface OktaConnection {
  /** https://<org>.okta.com, no trailing slash. */
  orgUrl: string;
  clientId: string;
  keyId: string;
  scopes: string[];
  /** Okta's new service apps require DPoP-bound tokens. */
  dpop: boolean;
}

/** An access token plus, for DPoP, the key it is bound to. Stored only as a KVS secret. */
export interface CachedToken {
  accessToken: string;
  tokenType: 'Bearer' | 'DPoP';
  expiresAt: number;
  scopes: string[];
  dpopPrivateJwk?: JWK;
  dpopPublicJwk?: JWK;
}

/** Where the token lives between invocations (a KVS secret in production; never module state). */
export interface TokenCache {
  get(): Promise<CachedToken | undefined>;
  set(token: CachedToken): Promise<void>;
  clear(): Promise<void>;
}

/** Renew this long before expiry, so a token never dies mid-request. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
const ASSERTION_LIFETIME_S = 300;

const randomId = () => crypto.randomUUID();

export async function clientAssertion(connection: OktaConnection, privateKeyPem: string): Promise<string> {
  const key = await importPKCS8(privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: connection.keyId })
    .setIssuer(connection.clientId)
    .setSubject(connection.clientId)
    .setAudience(`${connection.orgUrl}/oauth2/v1/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .setJti(randomId())
    .sign(key);
}

/** A DPoP proof (RFC 9449) for one request; `accessToken` adds the `ath` binding for resource calls. */
export async function dpopProof(token: Pick<CachedToken, 'dpopPrivateJwk' | 'dpopPublicJwk'>, method: string, url: string, extra: { nonce?: string; accessToken?: string } = {}): Promise<string> {
  if (!token.dpopPrivateJwk || !token.dpopPublicJwk) throw new Error('no DPoP key');
  const key = await importJWK(token.dpopPrivateJwk, 'ES256');
  const target = new URL(url);
  const claims: Record<string, unknown> = { htm: method.toUpperCase(), htu: `${target.origin}${target.pathname}` };
  if (extra.nonce) claims.nonce = extra.nonce;
  if (extra.accessToken) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(extra.accessToken));
    claims.ath = Buffer.from(digest).toString('base64url');
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: token.dpopPublicJwk })
    .setIssuedAt()
    .setJti(randomId())
    .sign(key);
}

async function newDpopKey(): Promise<{ dpopPrivateJwk: JWK; dpopPublicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const dpopPublicJwk = await exportJWK(publicKey);
  await calculateJwkThumbprint(dpopPublicJwk); // fails early on a malformed key
  return { dpopPrivateJwk: await exportJWK(privateKey), dpopPublicJwk };
}

/**
 * Gets an access token with the client-credentials grant and a `private_key_jwt` assertion,
 * doing DPoP's nonce round trip when the app requires it. `fetchFn` is the runtime's fetch.
 */
export async function requestToken(connection: OktaConnection, privateKeyPem: string, fetchFn: typeof fetch): Promise<CachedToken> {
  const url = `${connection.orgUrl}/oauth2/v1/token`;
  const dpopKey = connection.dpop ? await newDpopKey() : undefined;
  let nonce: string | undefined;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: connection.scopes.join(' '),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(connection, privateKeyPem),
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (dpopKey) headers.DPoP = await dpopProof(dpopKey, 'POST', url, nonce ? { nonce } : {});
    const response = await fetchFn(url, { method: 'POST', headers, body: form.toString() });
    if (response.ok) {
      const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number; scope?: string };
      return {
        accessToken: body.access_token,
        tokenType: body.token_type === 'DPoP' ? 'DPoP' : 'Bearer',
        expiresAt: Date.now() + body.expires_in * 1000,
        scopes: (body.scope ?? connection.scopes.join(' ')).split(' '),
        ...(dpopKey ?? {}),
      };
    }
    const serverNonce = response.headers.get('dpop-nonce');
    if (dpopKey && response.status === 400 && serverNonce && nonce === undefined) {
      const body = (await response.clone().json().catch(() => ({}))) as { error?: string };
      if (body.error === 'use_dpop_nonce') {
        nonce = serverNonce;
        continue;
      }
    }
    const error = await oktaErrorFrom(response, 'issue an access token');
    // A rate limit or an outage is not the app being refused: the caller waits or retries those.
    if (response.status === 429) throw new OktaRateLimitedError(rateLimitResetAt(response.headers), error.errorCode);
    if (TRANSIENT_STATUSES.has(response.status)) throw error;
    throw new OktaAuthError(error.message, error.status ?? response.status, error.errorCode, error.causes);
  }
  throw new OktaAuthError('Okta kept asking for a new DPoP nonce', 400, 'use_dpop_nonce', []);
}

export function isFresh(token: CachedToken | undefined, scopes: string[]): token is CachedToken {
  return !!token && token.expiresAt - EXPIRY_MARGIN_MS > Date.now() && scopes.every((s) => token.scopes.includes(s));
}
