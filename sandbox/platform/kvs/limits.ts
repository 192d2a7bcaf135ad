/**
 * Documented Forge KVS / Custom Entity Store server limits. The SDK (@forge/kvs 1.6.5) validates
 * none of them (forge-platform-boundary.md §3.4), so the emulator is the only place they apply.
 * Sources are named per constant; "facts" means /work/shared/docs/forge-and-api-facts.md §6.1.
 */

/** Key length 1–500 characters. [doc] limits-kvs-ce, handling-errors-kvs. */
export const MIN_KEY_LENGTH = 1;
export const MAX_KEY_LENGTH = 500;

/**
 * The documented key regex, `/^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/`. Written with `\-` because the
 * original's `\s-#` is only a literal hyphen under Annex B; the two accept exactly the same keys.
 */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

/** Value size: at most 240 KiB of JSON, measured as UTF-8 bytes. [doc] limits-kvs-ce (facts §6.1). */
export const MAX_VALUE_BYTES = 240 * 1024;

/** Secret values: at most 128 KiB. [doc] kvs-api-secret (facts §6.1). */
export const MAX_SECRET_VALUE_BYTES = 128 * 1024;

/**
 * Object depth. UNSURE in the facts doc: limits-kvs-ce says 31, the error-codes page (which names
 * the MAX_DEPTH error) says 32. Here a scalar has depth 0 and an object or array has depth
 * 1 + its deepest child, so a top-level object counts as 1 and at most 31 levels nest below it:
 * both documented numbers describe this one rule.
 */
export const MAX_VALUE_DEPTH = 32;

/** TTL: at most one year. [doc] kvs-api-secret (facts §6.1). A year is taken as 365 days. */
export const MAX_TTL_MS = 365 * 24 * 60 * 60 * 1000;

export const TTL_UNIT_MS = {
  SECONDS: 1000,
  MINUTES: 60 * 1000,
  HOURS: 60 * 60 * 1000,
  DAYS: 24 * 60 * 60 * 1000,
} as const;

/**
 * `kvs.query()` page size: default 10, maximum 100. UNSURE in the facts doc: the current
 * kvs-api-query page states default 10 / maximum 100, while a code comment on the older
 * storage-api-query page says "up to a maximum of 20". The page's own prose (and the newer page)
 * is the documented value, so 100 is enforced; limits outside 1..100 are rejected.
 */
export const KEY_QUERY_DEFAULT_LIMIT = 10;
export const KEY_QUERY_MAX_LIMIT = 100;

/**
 * Custom entity query page size 1–100. [doc] handling-errors-customentities
 * (COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: "The page limit must be set between 1 and 100").
 * The default of 10 matches the key query (not stated separately for entities).
 */
export const ENTITY_QUERY_DEFAULT_LIMIT = 10;
export const ENTITY_QUERY_MIN_LIMIT = 1;
export const ENTITY_QUERY_MAX_LIMIT = 100;

/** At most 100 conditions (range plus filters) per entity query. [doc] limits-kvs-ce (facts §6.1). */
export const MAX_QUERY_CONDITIONS = 100;

/** Entity name 3–60 characters. [doc] handling-errors-customentities; [schema] manifest. */
export const MIN_ENTITY_NAME_LENGTH = 3;
export const MAX_ENTITY_NAME_LENGTH = 60;

/**
 * Entity name pattern from the @forge/manifest 13.7.0 schema (it allows `_`; the error-codes page
 * prints an older pattern without it). Entities must be declared in the manifest, so the manifest's
 * pattern is the one an app can actually meet.
 */
export const ENTITY_NAME_PATTERN = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;

/** `integer` attributes are 32-bit signed. [doc] storage-api-custom-entities "Type requirements". */
export const MIN_INTEGER = -2147483648;
export const MAX_INTEGER = 2147483647;

/** Batches: at most 25 keys, 4 MB payload. [doc] batchops / entities-batch (facts §6.1). */
export const MAX_BATCH_ITEMS = 25;
export const MAX_BATCH_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** Transactions: at most 25 operations, each key once, 4 MB payload. [doc] transactions (facts §6.1). */
export const MAX_TRANSACTION_OPERATIONS = 25;
export const MAX_TRANSACTION_PAYLOAD_BYTES = 4 * 1024 * 1024;

/**
 * `createdAt` / `updatedAt` are numbers whose unit the SDK does not pin. The SDK's own metadata
 * fixtures use epoch seconds (1718236800), so the emulator reports whole epoch seconds.
 */
export function metadataTimestamp(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
