import { SigV4Error } from './errors';
import { parseQuery } from './query';
import { headerValue, type ReceivedRequest } from './received-request';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The query parameters a presigned request carries its signature in. */
export const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
] as const;

export interface CredentialScope {
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
}

/** What a request claims about its signature, before anything is checked. */
export interface SigV4Claims {
  form: 'header' | 'query';
  accessKeyId: string;
  scope: CredentialScope;
  /** Lower-case names, as listed by the client. */
  signedHeaders: string[];
  signature: string;
  /** The signing time as sent (`20150830T123600Z`). */
  amzDate: string;
  signingTimeMs: number;
  /** Presigned requests only. */
  expiresSeconds?: number;
  /** `X-Amz-Security-Token` from the header or the query, whether or not it was signed. */
  sessionToken?: string;
}

const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** Reads the Authorization header, or the presigned query parameters; throws SigV4Error. */
export function parseSigV4Claims(request: ReceivedRequest): SigV4Claims {
  const authorization = headerValue(request, 'authorization');
  const query = parseQuery(request.rawQuery);
  const param = (name: string): string | undefined => query.find(([k]) => k === name)?.[1];
  if (authorization !== undefined) return parseHeaderForm(authorization, request);
  if (param('X-Amz-Algorithm') !== undefined) return parseQueryForm(param);
  throw new SigV4Error('missing-authentication', 'Missing Authentication Token');
}

function parseHeaderForm(authorization: string, request: ReceivedRequest): SigV4Claims {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new SigV4Error('incomplete-signature', `Unsupported authorization algorithm '${algorithm}'; only ${SIGV4_ALGORITHM} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
  if (missing.length > 0) {
    throw new SigV4Error(
      'incomplete-signature',
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter. Authorization=${trimmed}`,
    );
  }
  const amzDate = headerValue(request, 'x-amz-date');
  if (amzDate === undefined) {
    throw new SigV4Error('incomplete-signature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const token = headerValue(request, 'x-amz-security-token');
  return {
    form: 'header',
    ...parseCredential(fields.get('Credential') ?? ''),
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';').filter((h) => h !== ''),
    signature: fields.get('Signature') ?? '',
    ...parseAmzDate(amzDate.trim()),
    ...(token === undefined ? {} : { sessionToken: token.trim() }),
  };
}

function parseQueryForm(param: (name: string) => string | undefined): SigV4Claims {
  const algorithm = param('X-Amz-Algorithm');
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new SigV4Error('incomplete-signature', `X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Expires'].filter((p) => !param(p));
  if (missing.length > 0) {
    throw new SigV4Error('incomplete-signature', `AWS query-string parameters missing: ${missing.join(', ')}`);
  }
  const expires = Number(param('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    throw new SigV4Error('incomplete-signature', `X-Amz-Expires must be an integer from 1 to ${MAX_PRESIGN_SECONDS}`);
  }
  const token = param('X-Amz-Security-Token');
  return {
    form: 'query',
    ...parseCredential(param('X-Amz-Credential') ?? ''),
    signedHeaders: (param('X-Amz-SignedHeaders') ?? '').split(';').filter((h) => h !== ''),
    signature: param('X-Amz-Signature') ?? '',
    ...parseAmzDate(param('X-Amz-Date') ?? ''),
    expiresSeconds: expires,
    ...(token === undefined ? {} : { sessionToken: token }),
  };
}

function parseCredential(credential: string): { accessKeyId: string; scope: CredentialScope } {
  const parts = credential.split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw new SigV4Error(
      'incomplete-signature',
      `Credential should be of the form <access key>/<yyyymmdd>/<region>/<service>/aws4_request, got '${credential}'.`,
    );
  }
  return { accessKeyId, scope: { date, region, service } };
}

function parseAmzDate(amzDate: string): { amzDate: string; signingTimeMs: number } {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) throw new SigV4Error('incomplete-signature', `X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', got '${amzDate}'.`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return { amzDate, signingTimeMs: Date.UTC(y, mo - 1, d, h, mi, s) };
}
