import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { invalidClient, invalidRequest, type OAuthError } from '../errors';
import type { ServiceApp } from '../model';
import type { OktaStore } from '../store';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Okta caps a client assertion's lifetime at one hour. */
const MAX_ASSERTION_LIFETIME_MS = 3600_000;
/** Tolerance for clients whose clock runs slightly ahead. */
const CLOCK_SKEW_MS = 60_000;
const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

export interface AssertionRequest {
  form: URLSearchParams;
  /** The `Authorization` header of the token request (client_secret_basic would use it). */
  authorization: string | undefined;
  /** Token-endpoint URLs the `aud` may name: `{orgUrl}/oauth2/v1/token` and the URL actually called. */
  audiences: string[];
}

/**
 * private_key_jwt client authentication (RFC 7523) the way Okta's org authorization server
 * applies it. The `jti` is remembered until the assertion's `exp`, so every attempt — including
 * the retry after `use_dpop_nonce` — needs a fresh assertion, as on real Okta.
 */
export async function authenticateClient(request: AssertionRequest, store: OktaStore): Promise<ServiceApp> {
  const { form } = request;
  const assertion = form.get('client_assertion');
  const hasSecret = form.has('client_secret') || (request.authorization ?? '').toLowerCase().startsWith('basic ');
  if (assertion && hasSecret) {
    throw invalidRequest(
      "Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a `client_assertion` in the post body.",
    );
  }
  if (!assertion) {
    if (hasSecret) throw invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
    throw invalidClient('No client credentials found');
  }
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) throw invalidRequest("The 'client_assertion_type' parameter is missing or invalid.");

  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw invalidClient('The client_assertion token is malformed.');
  }

  const clientId = typeof claims.sub === 'string' ? claims.sub : undefined;
  const app = clientId ? store.serviceApp(clientId) : undefined;
  const formClientId = form.get('client_id');
  if (!app || (formClientId !== null && formClientId !== clientId)) throw invalidClient("Invalid value for 'client_id' parameter.");
  if (claims.iss !== clientId) throw invalidClient("The 'iss' and 'sub' claims of the client_assertion must both be the client_id.");
  if (header.kid !== undefined && header.kid !== app.publicJwk.kid) throw invalidClient('The client_assertion JWT kid is invalid.');
  await verifySignature(assertion, header.alg, app);

  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.some((aud) => request.audiences.includes(aud))) {
    throw invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.');
  }
  const now = store.now();
  if (typeof claims.exp !== 'number') throw invalidClient("The client_assertion token must contain an 'exp' claim.");
  const expMs = claims.exp * 1000;
  if (expMs <= now) throw invalidClient('The client_assertion token is expired.');
  if (expMs > now + MAX_ASSERTION_LIFETIME_MS + CLOCK_SKEW_MS) throw invalidClient('The client_assertion token has an expiration too far into the future.');
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat * 1000 > now + CLOCK_SKEW_MS)) {
    throw invalidClient("The client_assertion token has an invalid 'iat' claim.");
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf * 1000 > now + CLOCK_SKEW_MS)) {
    throw invalidClient('The client_assertion token is not yet valid.');
  }
  if (claims.jti !== undefined) {
    if (typeof claims.jti !== 'string' || claims.jti === '') throw invalidClient("The client_assertion token has an invalid 'jti' claim.");
    const key = `${app.clientId}:${claims.jti}`;
    const until = store.usedAssertionJtis.get(key);
    if (until !== undefined && until > now) throw invalidClient('The client_assertion token has already been used.');
    store.usedAssertionJtis.set(key, expMs);
  }
  return app;
}

async function verifySignature(assertion: string, alg: string | undefined, app: ServiceApp): Promise<void> {
  const fail = (): OAuthError => invalidClient('The client_assertion signature is invalid.');
  if (!alg || !ASSERTION_ALGS.includes(alg)) throw fail();
  try {
    const key = await importJWK(app.publicJwk, alg);
    await compactVerify(assertion, key);
  } catch {
    throw fail();
  }
}
