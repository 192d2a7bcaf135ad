import { createHash } from 'node:crypto';
import { base64url, calculateJwkThumbprint, compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { opaqueToken } from '../ids';
import type { OktaStore } from '../store';

/** Okta's `dpop_signing_alg_values_supported`. */
export const DPOP_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;

/** How far a proof's `iat` may lie behind (and, for clock skew, ahead of) the server clock. */
const PROOF_MAX_AGE_MS = 5 * 60_000;
const PROOF_MAX_SKEW_MS = 60_000;
/** Issued nonces stay acceptable this long; a client that waits longer does the nonce dance again. */
export const DPOP_NONCE_TTL_MS = 5 * 60_000;

/** A proof the server refuses; the caller words it as an OAuth error or a WWW-Authenticate challenge. */
export class DpopProofError extends Error {
  override readonly name = 'DpopProofError';
}

/** The proof is fine but lacks a current server nonce: answer `use_dpop_nonce` with a fresh one. */
export class DpopNonceRequired extends Error {
  override readonly name = 'DpopNonceRequired';
  constructor(
    readonly nonce: string,
    description: string,
  ) {
    super(description);
  }
}

export interface DpopExpectations {
  method: string;
  /**
   * URLs the `htu` may name (no query or fragment). Okta compares against the request URI with
   * percent-encoding decoded, so a proof for `/users/a%40b.example` fails for `/users/a@b.example`.
   */
  urls: string[];
  /** Resource requests: the access token the proof must hash into `ath`. */
  accessToken?: string;
  /** Token requests: a server-issued nonce must be echoed in the proof. */
  requireNonce: boolean;
}

export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof key (`cnf.jkt` of tokens bound to it). */
  jkt: string;
}

const claimInvalid = (claim: string): DpopProofError => new DpopProofError(`'${claim}' claim in the DPoP proof JWT is invalid.`);

export function accessTokenHash(token: string): string {
  return base64url.encode(createHash('sha256').update(token).digest());
}

export function issueNonce(store: OktaStore): string {
  const nonce = opaqueToken(32);
  store.dpopNonces.set(nonce, store.now() + DPOP_NONCE_TTL_MS);
  return nonce;
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Verifies an RFC 9449 proof against the request; consumes its `jti` only when it is accepted. */
export async function verifyDpopProof(proof: string | undefined, expect: DpopExpectations, store: OktaStore): Promise<VerifiedProof> {
  if (!proof) throw new DpopProofError('The DPoP proof JWT header is missing.');
  if (proof.includes(',')) throw new DpopProofError('Only one DPoP proof JWT header is allowed.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(proof);
    claims = decodeJwt(proof);
  } catch {
    throw new DpopProofError('The DPoP proof JWT is malformed.');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofError("The DPoP proof JWT 'typ' header must be 'dpop+jwt'.");
  const alg = header.alg;
  if (!alg || !(DPOP_ALGS as readonly string[]).includes(alg)) throw new DpopProofError('The DPoP proof JWT uses an unsupported signing algorithm.');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk) throw new DpopProofError("The DPoP proof JWT 'jwk' header must hold a public key.");
  try {
    const key = await importJWK(jwk, alg);
    await compactVerify(proof, key);
  } catch {
    throw new DpopProofError('The DPoP proof JWT signature is invalid.');
  }

  if (claims.htm !== expect.method) throw claimInvalid('htm');
  if (typeof claims.htu !== 'string') throw claimInvalid('htu');
  let htu: string;
  try {
    htu = withoutQuery(claims.htu);
  } catch {
    throw claimInvalid('htu');
  }
  if (!expect.urls.some((url) => withoutQuery(url) === htu)) throw claimInvalid('htu');
  const now = store.now();
  if (typeof claims.iat !== 'number') throw claimInvalid('iat');
  const iatMs = claims.iat * 1000;
  if (iatMs < now - PROOF_MAX_AGE_MS || iatMs > now + PROOF_MAX_SKEW_MS) throw claimInvalid('iat');
  if (typeof claims.jti !== 'string' || claims.jti === '') throw claimInvalid('jti');
  const replayUntil = store.usedProofJtis.get(claims.jti);
  if (replayUntil !== undefined && replayUntil > now) throw new DpopProofError('The DPoP proof JWT has already been used.');
  if (expect.accessToken !== undefined && claims.ath !== accessTokenHash(expect.accessToken)) throw claimInvalid('ath');

  if (expect.requireNonce) {
    if (claims.nonce === undefined) throw new DpopNonceRequired(issueNonce(store), 'Authorization server requires nonce in DPoP proof.');
    const validUntil = typeof claims.nonce === 'string' ? store.dpopNonces.get(claims.nonce) : undefined;
    if (validUntil === undefined || validUntil <= now) throw new DpopNonceRequired(issueNonce(store), 'The DPoP proof nonce is invalid or expired.');
  }

  store.usedProofJtis.set(claims.jti, iatMs + PROOF_MAX_AGE_MS + PROOF_MAX_SKEW_MS);
  // Every resource call spends a proof; forget expired ones now and then so long runs stay small.
  if (store.usedProofJtis.size % 1024 === 0) store.pruneExpired();
  return { jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}
