import {
  RANGE_CONDITIONS,
  compareValues,
  evaluateCondition,
  evaluateFilters,
  parseCondition,
  parseFilters,
  type Condition,
  type ParsedFilters,
} from './conditions';
import type { KvsContext } from './context';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import { resolveEntity, resolveIndex, type IndexDefinition } from './entities';
import { KvsError, KvsErrorCode, badRequest } from './errors';
import { formatItem, rejectUnknownFields } from './format';
import { parseLimit } from './key-query';
import { ENTITY_QUERY_DEFAULT_LIMIT, ENTITY_QUERY_MAX_LIMIT, MAX_QUERY_CONDITIONS } from './limits';
import { compareStrings } from './store';
import type { KvsResult, StoredItem } from './types';
import { isPlainObject, parseGetOptions, requireObjectBody } from './validation';

const QUERY_FIELDS = ['entityName', 'indexName', 'partition', 'range', 'filters', 'sort', 'limit', 'cursor', 'options'];

interface IndexEntry {
  key: string;
  sort: unknown[];
  item: Readonly<StoredItem>;
}

function parsePartition(index: IndexDefinition, partition: unknown): unknown[] {
  const needed = index.partition.length;
  if (partition === undefined) {
    if (needed === 0) return [];
    throw badRequest(`Index ${index.name} is partitioned by ${index.partition.join(', ')}: the query must give ${needed} partition value(s)`);
  }
  if (!Array.isArray(partition) || partition.length !== needed) {
    throw badRequest(`Index ${index.name} takes ${needed} partition value(s), got ${JSON.stringify(partition)}`);
  }
  for (const v of partition) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw badRequest('Provided request body is invalid: partition values must be strings, numbers or booleans');
    }
  }
  return partition;
}

function parseSort(sort: unknown): 'ASC' | 'DESC' {
  if (sort === undefined) return 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw badRequest(`Provided request body is invalid: sort must be ASC or DESC, got ${JSON.stringify(sort)}`);
  return sort;
}

/** Order within an index: by the range attribute values, then by key (so ties page deterministically). */
function compareEntries(a: { sort: unknown[]; key: string }, b: { sort: unknown[]; key: string }): number {
  for (let i = 0; i < Math.max(a.sort.length, b.sort.length); i++) {
    const c = compareValues(a.sort[i], b.sort[i]);
    if (c !== 0) return c;
  }
  return compareStrings(a.key, b.key);
}

/**
 * The index's entries for one partition. An item belongs to an index only when it has every
 * partition and range attribute (a sparse index, as in the store the platform is built on).
 */
function indexEntries(ctx: KvsContext, entityName: string, index: IndexDefinition, partition: unknown[]): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const { key, item } of ctx.store.entries({ kind: 'entity', entityName })) {
    if (!isPlainObject(item.value)) continue;
    const value = item.value;
    const attrs = [...index.partition, ...index.range];
    if (attrs.some((a) => value[a] === undefined || value[a] === null)) continue;
    if (!index.partition.every((a, i) => value[a] === partition[i])) continue;
    out.push({ key, sort: index.range.map((a) => value[a]), item });
  }
  return out;
}

/**
 * `/api/v1/entity/query`: pick the index by name, match the partition, apply the range condition
 * to the (first) range attribute, filter with `filters` (and/or), order by the range attribute
 * (ASC unless `sort: 'DESC'`), then page with `limit` (1–100, default 10) and an opaque `cursor`.
 * Filters apply before the limit, so every page but the last is full. A cursor is returned
 * only when more matching items follow.
 */
export function queryEntities(ctx: KvsContext, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, QUERY_FIELDS, 'entity query');
  const schema = resolveEntity(ctx.schemas, body.entityName);
  const index = resolveIndex(schema, body.indexName);
  const partition = parsePartition(index, body.partition);
  const range: Condition | undefined = body.range === undefined ? undefined : parseCondition(body.range, RANGE_CONDITIONS, 'range');
  const filters: ParsedFilters | undefined = body.filters === undefined ? undefined : parseFilters(body.filters, 'filters');
  const conditionCount = (range ? 1 : 0) + (filters?.items.length ?? 0);
  if (conditionCount > MAX_QUERY_CONDITIONS) {
    throw badRequest(`A query can have at most ${MAX_QUERY_CONDITIONS} conditions, got ${conditionCount}`);
  }
  const sort = parseSort(body.sort);
  const limit = parseLimit(
    body.limit,
    ENTITY_QUERY_DEFAULT_LIMIT,
    ENTITY_QUERY_MAX_LIMIT,
    (m) => new KvsError(KvsErrorCode.COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE, m),
  );
  const metadata = parseGetOptions(body.options);
  const scope = { query: 'entity', entityName: schema.name, indexName: index.name, partition, sort };
  const after: CursorPosition | undefined = body.cursor === undefined ? undefined : decodeCursor(body.cursor, scope);

  const direction = sort === 'ASC' ? 1 : -1;
  const matches = indexEntries(ctx, schema.name, index, partition)
    .filter((e) => range === undefined || evaluateCondition(range, e.sort[0]))
    .filter((e) => filters === undefined || evaluateFilters(filters, e.item.value as Record<string, unknown>))
    .filter((e) => after === undefined || direction * compareEntries(e, after) > 0)
    .sort((a, b) => direction * compareEntries(a, b));
  const page = matches.slice(0, limit);
  const data = page.map((e) => formatItem(e.key, e.item, metadata));
  const last = page[page.length - 1];
  const result: { data: unknown[]; cursor?: string } = { data };
  if (matches.length > limit && last) result.cursor = encodeCursor(scope, { sort: last.sort, key: last.key });
  return { status: 200, body: result };
}
