import { KvsError, KvsErrorCode, keyNotFound } from './errors';
import { formatItem, rejectUnknownFields } from './format';
import { resolveTarget, secretTarget, validateTargetValue, type KvsContext, type Target } from './context';
import type { KvsResult } from './types';
import { parseGetOptions, parseSetOptions, requireObjectBody, type JsonObject } from './validation';

type Space = 'plain' | 'secret' | 'entity';

function target(ctx: KvsContext, space: Space, body: JsonObject): Target {
  if (space === 'secret') return secretTarget(body.key);
  if (space === 'entity') {
    // The entity endpoints always carry entityName; without it the request is malformed.
    if (body.entityName === undefined) throw new KvsError(KvsErrorCode.BAD_REQUEST, 'Provided request body is invalid: entityName is required');
    return resolveTarget(ctx, body.key, body.entityName);
  }
  return resolveTarget(ctx, body.key, undefined);
}

function fields(space: Space, base: string[]): string[] {
  return space === 'entity' ? ['entityName', ...base] : base;
}

/** `/api/v1/get`, `/secret/get`, `/entity/get`: 200 item, or 404 KEY_NOT_FOUND (SDK returns undefined). */
export function getOne(ctx: KvsContext, space: Space, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, fields(space, ['key', 'options']), `${space} get`);
  const t = target(ctx, space, body);
  const metadata = parseGetOptions(body.options);
  const item = ctx.store.get(t.ns, t.key);
  if (!item) throw keyNotFound();
  return { status: 200, body: formatItem(t.key, item, metadata) };
}

/**
 * `/api/v1/set`, `/secret/set`, `/entity/set`. 204 unless `returnValue` asks for an item:
 * LATEST → 200 new item; PREVIOUS → 200 prior item, or 204 when there was none.
 * FAIL_IF_EXISTS on a live key → 409 KEY_CONFLICT.
 */
export function setOne(ctx: KvsContext, space: Space, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, fields(space, ['key', 'value', 'options']), `${space} set`);
  const t = target(ctx, space, body);
  const options = parseSetOptions(body.options, true);
  const value = validateTargetValue(t, body.value);
  if (options.keyPolicy === 'FAIL_IF_EXISTS' && ctx.store.get(t.ns, t.key)) {
    throw new KvsError(KvsErrorCode.KEY_CONFLICT, 'The provided key already exists', 409);
  }
  const { previous, current } = ctx.store.put(t.ns, t.key, value, options.ttlMs);
  if (options.returnValue === 'LATEST') return { status: 200, body: formatItem(t.key, current, options.returnMetadataFields) };
  if (options.returnValue === 'PREVIOUS' && previous) {
    return { status: 200, body: formatItem(t.key, previous, options.returnMetadataFields) };
  }
  return { status: 204 };
}

/** `/api/v1/delete`, `/secret/delete`, `/entity/delete`: 204, or 404 KEY_NOT_FOUND (the SDK resolves anyway). */
export function deleteOne(ctx: KvsContext, space: Space, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, fields(space, ['key']), `${space} delete`);
  const t = target(ctx, space, body);
  if (!ctx.store.delete(t.ns, t.key)) throw keyNotFound();
  return { status: 204 };
}
