import { OAuthError, invalidDpopProof, invalidRequest, invalidScope } from '../errors';
import type { OktaStore } from '../store';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type AccessTokens } from './access-tokens';
import { authenticateClient } from './client-assertion';
import { DpopNonceRequired, DpopProofError, verifyDpopProof } from './dpop';
import { KNOWN_OKTA_SCOPES } from './scopes';

export interface TokenRequest {
  form: URLSearchParams;
  authorization: string | undefined;
  dpop: string | undefined;
  /** The token endpoint's URLs: what `aud` of the assertion and `htu` of the proof may name. */
  urls: string[];
}

export interface TokenResponseBody {
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  scope: string;
}

/**
 * `POST /oauth2/v1/token` for service apps: client_credentials with private_key_jwt, then DPoP
 * when the app requires it, then scopes. That order matches what Okta reports first; in
 * particular the assertion's `jti` is spent even when the answer is `use_dpop_nonce`.
 */
export async function exchangeToken(request: TokenRequest, store: OktaStore, tokens: AccessTokens): Promise<{ body: TokenResponseBody; clientId: string }> {
  const app = await authenticateClient({ form: request.form, authorization: request.authorization, audiences: request.urls }, store);

  const grantType = request.form.get('grant_type');
  if (!grantType) throw invalidRequest("The token request must specify a 'grant_type'. Valid values: [client_credentials]");
  if (grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', "The grant type in the request isn't supported.");

  let jkt: string | undefined;
  if (app.requireDpop) {
    try {
      jkt = (await verifyDpopProof(request.dpop, { method: 'POST', urls: request.urls, requireNonce: true }, store)).jkt;
    } catch (error) {
      if (error instanceof DpopNonceRequired) throw new OAuthError(400, 'use_dpop_nonce', error.message, { 'DPoP-Nonce': error.nonce });
      if (error instanceof DpopProofError) throw invalidDpopProof(error.message);
      throw error;
    }
  }

  const requested = (request.form.get('scope') ?? '').split(' ').filter(Boolean);
  if (requested.length === 0) throw invalidScope('No scopes were requested.');
  if (requested.some((scope) => !KNOWN_OKTA_SCOPES.includes(scope))) {
    throw invalidScope('One or more scopes are not configured for the authorization server resource.');
  }
  const refused = requested.filter((scope) => !app.scopes.includes(scope));
  // Okta words "nothing granted" as consent_required (seen on live orgs); a partial grant is refused by name.
  if (refused.length === requested.length) throw new OAuthError(400, 'consent_required', 'You are not allowed any of the requested scopes.');
  if (refused.length > 0) throw invalidScope(`The following scopes are not allowed: ${refused.join(' ')}`);

  const granted = [...new Set(requested)];
  const { token } = await tokens.issue(app, granted, jkt);
  return {
    clientId: app.clientId,
    body: { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, access_token: token, scope: granted.join(' ') },
  };
}
