import { resolveTarget, validateTargetValue, type KvsContext, type Target } from './context';
import { KvsError, KvsErrorCode, badRequest } from './errors';
import { formatItem, rejectUnknownFields } from './format';
import { MAX_BATCH_ITEMS, MAX_BATCH_PAYLOAD_BYTES } from './limits';
import type { KvsResult } from './types';
import { isPlainObject, jsonBytes, parseGetOptions, parseSetOptions, type JsonObject } from './validation';

interface ItemRef {
  key: string;
  entityName?: string;
}

interface FailedKey extends ItemRef {
  error: { code: string; message: string };
}

function ref(item: JsonObject): ItemRef {
  const r: ItemRef = { key: item.key as string };
  if (item.entityName !== undefined) r.entityName = item.entityName as string;
  return r;
}

/**
 * Batch-level rules that fail the whole request ([doc] batchops, entities-batch): a bare JSON
 * array of 1–25 objects, at most 4 MB, no key (or key plus entity) twice.
 */
function checkBatch(raw: unknown, op: string): JsonObject[] {
  if (!Array.isArray(raw)) throw badRequest(`Provided request body is invalid: batch ${op} expects a JSON array`);
  if (raw.length === 0) throw badRequest(`A batch ${op} must contain at least one key`);
  if (raw.length > MAX_BATCH_ITEMS) throw badRequest(`A batch ${op} can contain at most ${MAX_BATCH_ITEMS} keys, got ${raw.length}`);
  const bytes = jsonBytes(raw);
  if (bytes > MAX_BATCH_PAYLOAD_BYTES) throw badRequest(`A batch ${op} payload can be at most ${MAX_BATCH_PAYLOAD_BYTES} bytes, got ${bytes}`);
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    if (!isPlainObject(item) || typeof item.key !== 'string') {
      throw badRequest(`Provided request body is invalid: batch item ${i} must be an object with a string key`);
    }
    if (item.entityName !== undefined && typeof item.entityName !== 'string') {
      throw badRequest(`Provided request body is invalid: batch item ${i} entityName must be a string`);
    }
    const id = JSON.stringify([item.entityName ?? null, item.key]);
    if (seen.has(id)) throw badRequest(`A batch ${op} cannot contain the same key twice: ${item.key}`);
    seen.add(id);
    return item;
  });
}

/** Runs `fn` per item; a KvsError from one item becomes its failedKeys entry, other items go on. */
function perItem<T>(items: JsonObject[], fn: (item: JsonObject) => T): { ok: T[]; failed: FailedKey[] } {
  const ok: T[] = [];
  const failed: FailedKey[] = [];
  for (const item of items) {
    try {
      ok.push(fn(item));
    } catch (e) {
      if (!(e instanceof KvsError)) throw e;
      failed.push({ ...ref(item), error: { code: e.code, message: e.message } });
    }
  }
  return { ok, failed };
}

function itemTarget(ctx: KvsContext, item: JsonObject): Target {
  return resolveTarget(ctx, item.key, item.entityName);
}

/** `/api/v1/batch/set`: `[{key, value, entityName?, options?:{ttl?}}]` → 200 `{successfulKeys, failedKeys}`. */
export function batchSet(ctx: KvsContext, raw: unknown): KvsResult {
  const items = checkBatch(raw, 'set');
  // Validate every item first, then write the valid ones: a bad item never half-applies.
  const valid = perItem(items, (item) => {
    rejectUnknownFields(item, ['key', 'value', 'entityName', 'options'], 'batch set item');
    const t = itemTarget(ctx, item);
    const { ttlMs } = parseSetOptions(item.options, false);
    return { item, t, value: validateTargetValue(t, item.value), ttlMs };
  });
  for (const { t, value, ttlMs } of valid.ok) ctx.store.put(t.ns, t.key, value, ttlMs);
  return { status: 200, body: { successfulKeys: valid.ok.map(({ item }) => ref(item)), failedKeys: valid.failed } };
}

/**
 * `/api/v1/batch/get`: `[{key, entityName?, options?:{metadataFields}}]` → 200
 * `{successfulKeys:[{key, entityName?, value, …metadata}], failedKeys}`; missing keys fail with KEY_NOT_FOUND.
 */
export function batchGet(ctx: KvsContext, raw: unknown): KvsResult {
  const items = checkBatch(raw, 'get');
  const result = perItem(items, (item) => {
    rejectUnknownFields(item, ['key', 'entityName', 'options'], 'batch get item');
    const t = itemTarget(ctx, item);
    const metadata = parseGetOptions(item.options);
    const stored = ctx.store.get(t.ns, t.key);
    if (!stored) throw new KvsError(KvsErrorCode.KEY_NOT_FOUND, 'Provided key does not exist', 404);
    const { key, ...rest } = formatItem(t.key, stored, metadata);
    return { key, ...(item.entityName !== undefined ? { entityName: item.entityName } : {}), ...rest };
  });
  return { status: 200, body: { successfulKeys: result.ok, failedKeys: result.failed } };
}

/** `/api/v1/batch/delete`: `[{key, entityName?}]` → 200 `{successfulKeys, failedKeys}`. Deleting a missing key succeeds. */
export function batchDelete(ctx: KvsContext, raw: unknown): KvsResult {
  const items = checkBatch(raw, 'delete');
  const valid = perItem(items, (item) => {
    rejectUnknownFields(item, ['key', 'entityName'], 'batch delete item');
    return { item, t: itemTarget(ctx, item) };
  });
  for (const { t } of valid.ok) ctx.store.delete(t.ns, t.key);
  return { status: 200, body: { successfulKeys: valid.ok.map(({ item }) => ref(item)), failedKeys: valid.failed } };
}
