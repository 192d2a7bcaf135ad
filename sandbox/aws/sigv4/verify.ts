import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag } from '@smithy/types';
import { SigV4Error } from './errors';
import { PRESIGN_PARAMS, parseSigV4Claims, type SigV4Claims } from './parse-authorization';
import { escapeUri, lenientDecode, parseQuery } from './query';
import { headerValue, type ReceivedRequest } from './received-request';

/** What a credential lookup returns: the secret to check the signature with, plus whatever the caller needs. */
export interface ResolvedSecret {
  secretAccessKey: string;
}

export interface VerifyOptions<C extends ResolvedSecret> {
  /** Virtual now (epoch ms) to judge the signing time against. */
  nowMs: number;
  /** Looks up an access key (and its session token); throws SigV4Error for unknown, invalid or expired ones. */
  resolve(accessKeyId: string, sessionToken: string | undefined): C;
  /** Every service but S3 normalises the path (`.`/`..`/`//`) before escaping it. */
  normalizePath?: boolean;
  /** The region and signing name the endpoint answers for; absent accepts any (test vectors). */
  expectedScope?: { region: string; service: string };
  /** AWS allows 5 minutes between the signing time and its clock. */
  maxSkewMs?: number;
  /** Presigned requests may carry `UNSIGNED-PAYLOAD` (S3 does); off unless a service opts in. */
  allowUnsignedPayload?: boolean;
}

export interface VerifiedRequest<C> {
  claims: SigV4Claims;
  credentials: C;
}

const FIVE_MINUTES_MS = 5 * 60 * 1000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query). The signature is
 * recomputed with @smithy/signature-v4, the signer the AWS SDK itself uses, over exactly the
 * headers the client listed. Hand-written here is only what a signer never does: parsing the
 * claims, checking time and scope, checking `x-amz-content-sha256` against the body (the
 * library trusts that header as the payload hash), escaping an unnormalised path (the library
 * ties escaping to normalising) and the constant-time comparison.
 */
export async function verifySigV4<C extends ResolvedSecret>(request: ReceivedRequest, options: VerifyOptions<C>): Promise<VerifiedRequest<C>> {
  const claims = parseSigV4Claims(request);
  checkScope(claims, options.expectedScope);
  checkTime(claims, options.nowMs, options.maxSkewMs ?? FIVE_MINUTES_MS);
  if (!claims.signedHeaders.includes('host')) {
    throw new SigV4Error('incomplete-signature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const credentials = options.resolve(claims.accessKeyId, claims.sessionToken);
  await checkPayloadHash(request);

  for (const candidate of await candidateSignatures(request, claims, credentials.secretAccessKey, options)) {
    if (constantTimeEqual(candidate, claims.signature)) return { claims, credentials };
  }
  throw new SigV4Error(
    'signature-mismatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
}

function checkScope(claims: SigV4Claims, expected: VerifyOptions<ResolvedSecret>['expectedScope']): void {
  if (claims.scope.date !== claims.amzDate.slice(0, 8)) {
    throw new SigV4Error('scope-mismatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claims.scope.date}' != '${claims.amzDate.slice(0, 8)}'`);
  }
  if (!expected) return;
  if (claims.scope.region !== expected.region) {
    throw new SigV4Error('scope-mismatch', `Credential should be scoped to a valid region, not '${claims.scope.region}'. `);
  }
  if (claims.scope.service !== expected.service) {
    throw new SigV4Error('scope-mismatch', `Credential should be scoped to correct service: '${expected.service}'. `);
  }
}

function checkTime(claims: SigV4Claims, nowMs: number, maxSkewMs: number): void {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  if (claims.signingTimeMs > nowMs + maxSkewMs) {
    throw new SigV4Error(
      'request-expired',
      `Signature not yet current: ${claims.amzDate} is still later than ${stamp(nowMs + maxSkewMs)} (${stamp(nowMs)} + 5 min.)`,
    );
  }
  if (claims.form === 'query') {
    if (nowMs > claims.signingTimeMs + (claims.expiresSeconds ?? 0) * 1000) throw new SigV4Error('request-expired', 'Request has expired');
    return;
  }
  if (claims.signingTimeMs < nowMs - maxSkewMs) {
    throw new SigV4Error(
      'request-expired',
      `Signature expired: ${claims.amzDate} is now earlier than ${stamp(nowMs - maxSkewMs)} (${stamp(nowMs)} - 5 min.)`,
    );
  }
}

async function checkPayloadHash(request: ReceivedRequest): Promise<void> {
  const declared = headerValue(request, 'x-amz-content-sha256')?.trim();
  if (declared === undefined || declared === UNSIGNED_PAYLOAD) return;
  if (declared !== (await sha256Hex(request.body))) {
    throw new SigV4Error('payload-hash-mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
}

/** The signatures the request may legitimately carry (presigned tokens may be added after signing). */
async function candidateSignatures(request: ReceivedRequest, claims: SigV4Claims, secretAccessKey: string, options: VerifyOptions<ResolvedSecret>): Promise<string[]> {
  const normalize = options.normalizePath ?? true;
  const signedHeaders = new Set(claims.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of claims.signedHeaders) {
    const value = headerValue(request, name);
    if (value !== undefined) headers[name] = value;
  }
  const base: HttpRequest = {
    method: request.method,
    protocol: 'https:',
    hostname: headers.host ?? '',
    path: normalize ? request.path : escapeEachSegment(request.path),
    query: {},
    headers,
    body: request.body,
  };
  const signer = (sessionToken: string | undefined) =>
    new SignatureV4({
      credentials: { accessKeyId: claims.accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
      region: claims.scope.region,
      service: claims.scope.service,
      sha256: Sha256,
      uriEscapePath: normalize,
      applyChecksum: false,
    });
  const signingDate = new Date(claims.signingTimeMs);

  if (claims.form === 'header') {
    // A token outside SignedHeaders was added after signing (post-sts-header-after); sign without it.
    const token = signedHeaders.has('x-amz-security-token') ? claims.sessionToken : undefined;
    base.query = toQueryBag(parseQuery(request.rawQuery));
    const signed = await signer(token).sign(base, { signingDate, signableHeaders: signedHeaders });
    const authorization = String(signed.headers.authorization ?? '');
    return [/Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? ''];
  }

  const authParams = new Set<string>(PRESIGN_PARAMS);
  base.query = toQueryBag(parseQuery(request.rawQuery).filter(([k]) => !authParams.has(k)));
  const unhoistable = new Set(claims.signedHeaders.filter((h) => h.startsWith('x-amz-')));
  const tokens = claims.sessionToken === undefined ? [undefined] : [claims.sessionToken, undefined];
  const payloads: (string | undefined)[] = [undefined];
  if (options.allowUnsignedPayload && !signedHeaders.has('x-amz-content-sha256')) payloads.push(UNSIGNED_PAYLOAD);
  const out: string[] = [];
  for (const token of tokens) {
    for (const payload of payloads) {
      const req: HttpRequest = payload === undefined ? base : { ...base, headers: { ...base.headers, 'x-amz-content-sha256': payload } };
      const presigned = await signer(token).presign(req, {
        signingDate,
        expiresIn: claims.expiresSeconds,
        signableHeaders: signedHeaders,
        unsignableHeaders: payload === undefined ? undefined : new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set([...unhoistable, 'x-amz-content-sha256']),
      });
      const signature = presigned.query?.['X-Amz-Signature'];
      out.push(typeof signature === 'string' ? signature : '');
    }
  }
  return out;
}

function toQueryBag(pairs: [string, string][]): QueryParameterBag {
  const bag: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) {
    const existing = bag[key];
    if (existing === undefined) bag[key] = value;
    else bag[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return bag;
}

/**
 * S3-style canonical path: `.`, `..` and empty segments kept as sent, each segment encoded once
 * (decoded first, so a path that arrived percent-encoded is not encoded twice).
 */
function escapeEachSegment(path: string): string {
  return path
    .split('/')
    .map((segment) => escapeUri(lenientDecode(segment)))
    .join('/');
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(bytes);
  return Buffer.from(await hash.digest()).toString('hex');
}

function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // timingSafeEqual needs equal lengths; compare against itself to keep the timing flat.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
