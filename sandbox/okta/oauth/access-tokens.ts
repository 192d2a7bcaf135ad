import { createHash } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { ResourceChallenge, accessDenied, invalidToken } from '../errors';
import { opaqueToken } from '../ids';
import type { AccessTokenRecord, AuthKind, ServiceApp } from '../model';
import type { OktaStore } from '../store';
import { DPOP_ALGS, DpopProofError, verifyDpopProof } from './dpop';
import { hasScope } from './scopes';

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

/** Who is calling a resource route. The SSWS token stands for a super admin with every scope. */
export interface Principal {
  auth: Exclude<AuthKind, 'client_assertion' | 'none'>;
  clientId?: string;
  scopes: readonly string[];
  superAdmin: boolean;
}

export interface ResourceRequest {
  authorization: string | undefined;
  dpop: string | undefined;
  method: string;
  /** Acceptable `htu` values for this request. */
  urls: string[];
  /** The org-relative path, for the `resource` attribute of challenges. */
  path: string;
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Issues the org authorization server's access tokens (JWTs signed by an org key, expiring after
 * an hour on the virtual clock, DPoP-bound via `cnf.jkt` when the app requires DPoP) and checks
 * them on resource requests.
 */
export class AccessTokens {
  private signingKey?: Promise<{ privateKey: CryptoKey; kid: string }>;

  constructor(
    private readonly store: OktaStore,
    private readonly orgUrl: string,
    private readonly adminApiToken: string,
  ) {}

  async issue(app: ServiceApp, scopes: string[], jkt: string | undefined): Promise<{ token: string; record: AccessTokenRecord }> {
    const { privateKey, kid } = await this.key();
    const now = this.store.now();
    const iat = Math.floor(now / 1000);
    const jti = `AT.${opaqueToken(43)}`;
    const claims: Record<string, unknown> = { ver: 1, jti, cid: app.clientId, scp: scopes };
    if (jkt) claims.cnf = { jkt };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(this.orgUrl)
      .setAudience(this.orgUrl)
      .setSubject(app.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_SECONDS)
      .sign(privateKey);
    const record: AccessTokenRecord = {
      tokenHash: tokenHash(token),
      jti,
      clientId: app.clientId,
      scopes,
      issuedAt: now,
      expiresAt: (iat + ACCESS_TOKEN_LIFETIME_SECONDS) * 1000,
      ...(jkt ? { jkt } : {}),
    };
    this.store.pruneExpired();
    this.store.tokens.set(record.tokenHash, record);
    return { token, record };
  }

  /** Resolves the caller or throws Okta's refusal (401 E0000011, or a 400 DPoP challenge). */
  async authenticate(request: ResourceRequest): Promise<Principal> {
    const header = request.authorization?.trim() ?? '';
    const space = header.indexOf(' ');
    const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
    const credential = space > 0 ? header.slice(space + 1).trim() : '';
    if (scheme === 'ssws') {
      if (credential !== this.adminApiToken) throw invalidToken();
      return { auth: 'ssws', scopes: [], superAdmin: true };
    }
    if (scheme !== 'bearer' && scheme !== 'dpop') throw invalidToken();

    const record = this.store.tokens.get(tokenHash(credential));
    if (!record) throw invalidToken(this.bearerChallenge(request, 'invalid_token', 'The token is not valid.'));
    if (record.expiresAt <= this.store.now()) throw invalidToken(this.bearerChallenge(request, 'invalid_token', 'The token has expired.'));

    if (scheme === 'bearer') {
      if (record.jkt) {
        throw new ResourceChallenge(400, this.bearerChallenge(request, 'invalid_request', 'The resource request requires a DPoP proof.', record.scopes), 'DPoP-bound token sent as Bearer');
      }
      return { auth: 'bearer', clientId: record.clientId, scopes: record.scopes, superAdmin: false };
    }
    if (!record.jkt) throw invalidToken(this.bearerChallenge(request, 'invalid_token', 'The access token is not DPoP-bound; use the Bearer scheme.'));
    try {
      const proof = await verifyDpopProof(request.dpop, { method: request.method, urls: request.urls, accessToken: credential, requireNonce: false }, this.store);
      if (proof.jkt !== record.jkt) throw new DpopProofError('The DPoP proof JWT key does not match the key the access token is bound to.');
    } catch (error) {
      if (!(error instanceof DpopProofError)) throw error;
      throw new ResourceChallenge(400, this.dpopChallenge(request, record.scopes, error.message), error.message);
    }
    return { auth: 'dpop', clientId: record.clientId, scopes: record.scopes, superAdmin: false };
  }

  /** 403 E0000006 with the `insufficient_scope` challenge naming the scope the route needs. */
  requireScope(principal: Principal, scope: string, request: ResourceRequest): void {
    if (principal.superAdmin || hasScope(principal.scopes, scope)) return;
    const challenge = this.challenge(principal.auth === 'dpop' ? 'DPoP' : 'Bearer', request, {
      scope,
      error: 'insufficient_scope',
      error_description: 'The access token provided does not contain the required scopes.',
    });
    throw accessDenied(challenge);
  }

  private bearerChallenge(request: ResourceRequest, error: string, description: string, scopes: readonly string[] = []): Record<string, string> {
    return this.challenge('Bearer', request, { ...(scopes.length ? { scope: scopes.join(' ') } : {}), error, error_description: description });
  }

  private dpopChallenge(request: ResourceRequest, scopes: readonly string[], description: string): Record<string, string> {
    return this.challenge('DPoP', request, { algs: DPOP_ALGS.join(' '), scope: scopes.join(' '), error: 'invalid_dpop_proof', error_description: description });
  }

  /** Okta's challenge layout: `<scheme> authorization_uri="…", realm="…", …, resource="/api/v1/…"`. */
  private challenge(scheme: 'Bearer' | 'DPoP', request: ResourceRequest, attributes: Record<string, string>): Record<string, string> {
    const { algs, ...rest } = attributes;
    const parts: Record<string, string> = {
      ...(algs ? { algs } : {}),
      authorization_uri: `${this.orgUrl}/oauth2/v1/authorize`,
      realm: this.orgUrl,
      ...rest,
      resource: request.path,
    };
    const text = Object.entries(parts)
      .map(([k, v]) => `${k}="${v.replace(/"/g, "'")}"`)
      .join(', ');
    return { 'WWW-Authenticate': `${scheme} ${text}` };
  }

  private key(): Promise<{ privateKey: CryptoKey; kid: string }> {
    // Generated on first use: key generation is async and most tests never mint a token.
    this.signingKey ??= generateKeyPair('RS256').then(({ privateKey }) => ({ privateKey, kid: opaqueToken(43) }));
    return this.signingKey;
  }
}
