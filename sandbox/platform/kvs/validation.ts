import { KvsError, KvsErrorCode, badRequest } from './errors';
import {
  KEY_PATTERN,
  MAX_KEY_LENGTH,
  MAX_SECRET_VALUE_BYTES,
  MAX_TTL_MS,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
  MIN_KEY_LENGTH,
  TTL_UNIT_MS,
} from './limits';
import type { MetadataFieldName, Namespace } from './types';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body must be a JSON object (every endpoint but the batch ones). */
export function requireObjectBody(body: unknown): JsonObject {
  if (!isPlainObject(body)) throw badRequest('Provided request body is invalid: expected a JSON object');
  return body;
}

/** Key rules: 1–500 characters and the documented regex. Entity keys report EMPTY_KEY, plain ones KEY_TOO_SHORT. */
export function validateKey(key: unknown, ns: Namespace): string {
  if (typeof key !== 'string') throw badRequest('Provided request body is invalid: key must be a string');
  if (key.length < MIN_KEY_LENGTH) {
    throw ns.kind === 'entity'
      ? new KvsError(KvsErrorCode.EMPTY_KEY, 'Key cannot be empty')
      : new KvsError(KvsErrorCode.KEY_TOO_SHORT, 'The provided key needs to be more than one character');
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new KvsError(KvsErrorCode.KEY_TOO_LONG, `The provided key has exceeded the maximum ${MAX_KEY_LENGTH} characters`);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsError(KvsErrorCode.INVALID_KEY, 'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/');
  }
  return key;
}

/**
 * Whether a JSON value is deeper than `max`: scalars have depth 0, an object or array 1 + its
 * deepest child. Recursion stops at `max`, so hostile nesting cannot exhaust the stack.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max < 1) return true;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => exceedsDepth(child, max - 1));
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * A stored value must be present and one of string, number, boolean, array or object (the REST
 * schema's `oneOf`; null is not listed), within the size and depth limits.
 */
export function validateValue(value: unknown, ns: Namespace): unknown {
  if (value === undefined || value === null) {
    throw badRequest('Provided request body is invalid: value must be a string, number, boolean, array or object');
  }
  const max = ns.kind === 'secret' ? MAX_SECRET_VALUE_BYTES : MAX_VALUE_BYTES;
  const bytes = jsonBytes(value);
  if (bytes > max) {
    throw new KvsError(KvsErrorCode.MAX_SIZE, `The provided value has exceeded the maximum size limit (${bytes} > ${max} bytes)`);
  }
  if (exceedsDepth(value, MAX_VALUE_DEPTH)) {
    throw new KvsError(KvsErrorCode.MAX_DEPTH, `The provided value has exceeded the maximum object depth (${MAX_VALUE_DEPTH}) limit`);
  }
  return value;
}

/** `{value, unit}` → milliseconds; undefined when no TTL was given. */
export function parseTtl(ttl: unknown): number | undefined {
  if (ttl === undefined) return undefined;
  if (!isPlainObject(ttl)) throw badRequest('Invalid ttl: expected {value, unit}');
  const { value, unit } = ttl;
  if (typeof unit !== 'string' || !(unit in TTL_UNIT_MS)) {
    throw badRequest(`Invalid ttl unit ${JSON.stringify(unit)}: expected SECONDS, MINUTES, HOURS or DAYS`);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw badRequest(`Invalid ttl value ${JSON.stringify(value)}: expected a positive integer`);
  }
  const ms = value * TTL_UNIT_MS[unit as keyof typeof TTL_UNIT_MS];
  if (ms > MAX_TTL_MS) throw badRequest(`Invalid ttl: ${value} ${unit} exceeds the maximum of one year`);
  return ms;
}

const METADATA_FIELDS: readonly MetadataFieldName[] = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'];

export function parseMetadataFields(fields: unknown): MetadataFieldName[] {
  if (fields === undefined) return [];
  if (!Array.isArray(fields) || !fields.every((f) => METADATA_FIELDS.includes(f as MetadataFieldName))) {
    throw badRequest('Provided request body is invalid: metadataFields must be CREATED_AT, UPDATED_AT or EXPIRE_TIME');
  }
  return fields as MetadataFieldName[];
}

/** `options` of get-like requests: only `metadataFields`. */
export function parseGetOptions(options: unknown): MetadataFieldName[] {
  if (options === undefined) return [];
  if (!isPlainObject(options)) throw badRequest('Provided request body is invalid: options must be an object');
  return parseMetadataFields(options.metadataFields);
}

export interface SetOptions {
  ttlMs?: number;
  keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields: MetadataFieldName[];
}

/**
 * `options` of set requests. Batch items and transaction sets only accept `ttl`
 * (`SetOptions` in the SDK types); single sets also take keyPolicy/returnValue/returnMetadataFields.
 */
export function parseSetOptions(options: unknown, extended: boolean): SetOptions {
  const parsed: SetOptions = { keyPolicy: 'OVERRIDE', returnMetadataFields: [] };
  if (options === undefined) return parsed;
  if (!isPlainObject(options)) throw badRequest('Provided request body is invalid: options must be an object');
  const allowed = extended ? ['ttl', 'keyPolicy', 'returnValue', 'returnMetadataFields'] : ['ttl'];
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw badRequest(`Provided request body is invalid: unsupported options ${unknown.join(', ')}`);
  const ttlMs = parseTtl(options.ttl);
  if (ttlMs !== undefined) parsed.ttlMs = ttlMs;
  const { keyPolicy, returnValue, returnMetadataFields } = options;
  if (keyPolicy !== undefined) {
    if (keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
      throw badRequest(`Invalid keyPolicy ${JSON.stringify(keyPolicy)}: expected OVERRIDE or FAIL_IF_EXISTS`);
    }
    parsed.keyPolicy = keyPolicy;
  }
  if (returnValue !== undefined) {
    if (returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') {
      throw badRequest(`Invalid returnValue ${JSON.stringify(returnValue)}: expected PREVIOUS or LATEST`);
    }
    parsed.returnValue = returnValue;
  }
  parsed.returnMetadataFields = parseMetadataFields(returnMetadataFields);
  return parsed;
}
