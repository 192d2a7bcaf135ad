import { createHash } from 'node:crypto';
import { badRequest } from './errors';
import { isPlainObject } from './validation';

/**
 * Where a page ended: the last returned item's sort values and key. The next page starts strictly
 * after this position, so items written or deleted between pages never make others repeat or vanish.
 */
export interface CursorPosition {
  sort: unknown[];
  key: string;
}

const CURSOR_VERSION = 1;

function fingerprint(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);
}

/**
 * Opaque cursor: base64url JSON of the position plus a fingerprint of the query it belongs to
 * (`scope`), so a cursor replayed against a different query is rejected instead of misread.
 */
export function encodeCursor(scope: unknown, position: CursorPosition): string {
  const payload = { v: CURSOR_VERSION, q: fingerprint(scope), s: position.sort, k: position.key };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown, scope: unknown): CursorPosition {
  if (typeof cursor !== 'string' || cursor === '') throw badRequest('Invalid cursor: expected a cursor string returned by a previous query');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('Invalid cursor: not a cursor returned by this service');
  }
  if (!isPlainObject(payload) || payload.v !== CURSOR_VERSION || !Array.isArray(payload.s) || typeof payload.k !== 'string') {
    throw badRequest('Invalid cursor: not a cursor returned by this service');
  }
  if (payload.q !== fingerprint(scope)) throw badRequest('Invalid cursor: it belongs to a different query');
  return { sort: payload.s, key: payload.k };
}
