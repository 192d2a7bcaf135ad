import { badRequest } from './errors';
import { metadataTimestamp } from './limits';
import { clone } from './store';
import type { MetadataFieldName, StoredItem } from './types';
import type { JsonObject } from './validation';

/** The wire item `{key, value, createdAt?, updatedAt?, expireTime?}` with only the requested metadata. */
export function formatItem(key: string, item: Readonly<StoredItem>, fields: readonly MetadataFieldName[]): JsonObject {
  const out: JsonObject = { key, value: clone(item.value) };
  if (fields.includes('CREATED_AT')) out.createdAt = metadataTimestamp(item.createdAt);
  if (fields.includes('UPDATED_AT')) out.updatedAt = metadataTimestamp(item.updatedAt);
  if (fields.includes('EXPIRE_TIME') && item.expiresAt !== undefined) out.expireTime = new Date(item.expiresAt).toISOString();
  return out;
}

/**
 * Rejects fields the SDK never sends. Strictness is deliberate: if a future SDK renames or adds a
 * request field, the emulator fails loudly instead of silently ignoring it.
 */
export function rejectUnknownFields(body: JsonObject, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw badRequest(`Provided request body is invalid: unexpected field(s) ${unknown.join(', ')} in ${what}`);
}
