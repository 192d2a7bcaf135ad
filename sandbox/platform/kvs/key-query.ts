import type { KvsContext } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { badRequest } from './errors';
import { formatItem, rejectUnknownFields } from './format';
import { KEY_QUERY_DEFAULT_LIMIT, KEY_QUERY_MAX_LIMIT } from './limits';
import { compareStrings } from './store';
import type { KvsResult } from './types';
import { isPlainObject, parseGetOptions, requireObjectBody } from './validation';

/** Parses `limit` for a query: default when absent, else an integer in [1, max]. */
export function parseLimit(limit: unknown, fallback: number, max: number, onError: (message: string) => Error): number {
  if (limit === undefined) return fallback;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw onError(`The page limit must be an integer between 1 and ${max}, got ${JSON.stringify(limit)}`);
  }
  return limit;
}

function parsePrefix(where: unknown): string {
  if (where === undefined) return '';
  if (!Array.isArray(where) || where.length > 1) {
    throw badRequest('Provided request body is invalid: a query takes at most one where condition');
  }
  if (where.length === 0) return '';
  const [w] = where as unknown[];
  if (!isPlainObject(w) || w.property !== 'key' || w.condition !== 'BEGINS_WITH') {
    throw badRequest('Provided request body is invalid: the only supported where condition is key BEGINS_WITH');
  }
  const values = w.values;
  if (!Array.isArray(values) || values.length !== 1 || (typeof values[0] !== 'string' && typeof values[0] !== 'number')) {
    throw badRequest('Provided request body is invalid: BEGINS_WITH takes one string value');
  }
  return String(values[0]);
}

/**
 * `/api/v1/query`: plain keys only (never secrets or entities), ascending key order, optional
 * `key BEGINS_WITH prefix`, `limit` (default 10, max 100) and an opaque `after` cursor.
 * A cursor is returned only when more matching keys follow.
 */
export function queryKeys(ctx: KvsContext, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, ['limit', 'after', 'where', 'options'], 'query');
  const limit = parseLimit(body.limit, KEY_QUERY_DEFAULT_LIMIT, KEY_QUERY_MAX_LIMIT, (m) => badRequest(m));
  const prefix = parsePrefix(body.where);
  const metadata = parseGetOptions(body.options);
  const scope = { query: 'keys', prefix };
  const after = body.after === undefined ? undefined : decodeCursor(body.after, scope).key;

  const matches = ctx.store
    .entries({ kind: 'plain' })
    .filter(({ key }) => key.startsWith(prefix) && (after === undefined || compareStrings(key, after) > 0))
    .sort((a, b) => compareStrings(a.key, b.key));
  const page = matches.slice(0, limit);
  const data = page.map(({ key, item }) => formatItem(key, item, metadata));
  const last = page[page.length - 1];
  const result: { data: unknown[]; cursor?: string } = { data };
  if (matches.length > limit && last) result.cursor = encodeCursor(scope, { sort: [], key: last.key });
  return { status: 200, body: result };
}
