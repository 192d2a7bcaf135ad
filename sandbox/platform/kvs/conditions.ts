import { KvsError, KvsErrorCode, badRequest } from './errors';
import { compareStrings } from './store';
import { isPlainObject, type JsonObject } from './validation';

/** The twelve condition names @forge/kvs 1.6.5 encodes (`kvs/out/conditions.js`). */
export const FILTER_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'CONTAINS',
  'NOT_CONTAINS',
  'EQUAL_TO',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

/** The seven `WhereConditions` allowed as an entity query's range condition. */
export const RANGE_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

export type ConditionName = (typeof FILTER_CONDITIONS)[number];

export interface Condition {
  condition: ConditionName;
  values: unknown[];
}

export interface PropertyCondition extends Condition {
  property: string;
}

export interface ParsedFilters {
  operator: 'and' | 'or';
  items: PropertyCondition[];
}

function valueCount(name: ConditionName): number {
  return name === 'BETWEEN' ? 2 : 1;
}

/** Validates `{condition, values}` against the allowed names and value counts. */
export function parseCondition(raw: unknown, allowed: readonly ConditionName[], where: string): Condition {
  if (!isPlainObject(raw)) throw badRequest(`Provided request body is invalid: ${where} must be {condition, values}`);
  const { condition, values } = raw;
  if (typeof condition !== 'string' || !allowed.includes(condition as ConditionName)) {
    throw badRequest(`Provided request body is invalid: ${where} condition ${JSON.stringify(condition)} is not one of ${allowed.join(', ')}`);
  }
  const name = condition as ConditionName;
  if (!Array.isArray(values)) throw badRequest(`Provided request body is invalid: ${where} values must be an array`);
  const needed = valueCount(name);
  if (values.length < needed) {
    throw new KvsError(KvsErrorCode.INSUFFICIENT_FILTER_VALUES, `The ${name} condition in ${where} needs ${needed} value(s), got ${values.length}`);
  }
  if (values.length > needed) throw badRequest(`Provided request body is invalid: ${name} in ${where} takes ${needed} value(s)`);
  for (const v of values) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw badRequest(`Provided request body is invalid: ${where} values must be strings, numbers or booleans`);
    }
  }
  return { condition: name, values };
}

/**
 * Parses `{and: [...]}` or `{or: [...]}` (entity query `filters`, transaction `conditions`).
 * One operator per level, at least one item, each `{property, condition, values}`.
 */
export function parseFilters(raw: unknown, where: string): ParsedFilters {
  if (!isPlainObject(raw)) throw badRequest(`Provided request body is invalid: ${where} must be {and: [...]} or {or: [...]}`);
  const keys = Object.keys(raw);
  if (keys.includes('and') && keys.includes('or')) {
    throw new KvsError(KvsErrorCode.INVALID_FILTER_OPERATORS_COMBINATION, 'Filter operators "and" and "or" cannot be present at the same level');
  }
  const extra = keys.filter((k) => k !== 'and' && k !== 'or');
  if (extra.length > 0 || keys.length === 0) {
    throw badRequest(`Provided request body is invalid: ${where} must have exactly one of "and" or "or"`);
  }
  const operator = keys[0] as 'and' | 'or';
  const list = raw[operator];
  if (!Array.isArray(list)) throw badRequest(`Provided request body is invalid: ${where}.${operator} must be an array`);
  if (list.length === 0) throw new KvsError(KvsErrorCode.EMPTY_FILTER_OPERATOR, 'Filter operators "and" and "or" cannot be empty');
  const items = list.map((item, i): PropertyCondition => {
    const at = `${where}.${operator}[${i}]`;
    if (!isPlainObject(item) || typeof item.property !== 'string' || item.property === '') {
      throw badRequest(`Provided request body is invalid: ${at} needs a property name`);
    }
    return { property: item.property, ...parseCondition(item, FILTER_CONDITIONS, at) };
  });
  return { operator, items };
}

/** Ordered comparison only between two numbers or two strings; anything else does not match. */
function ordered(v: unknown, x: unknown): number | undefined {
  if (typeof v === 'number' && typeof x === 'number') return v - x;
  if (typeof v === 'string' && typeof x === 'string') return compareStrings(v, x);
  return undefined;
}

function contains(v: unknown, x: unknown): boolean {
  if (typeof v === 'string') return typeof x === 'string' && v.includes(x);
  if (Array.isArray(v)) return v.some((e) => e === x);
  return false;
}

/**
 * Evaluates one condition on an attribute value (`undefined` when the attribute is absent),
 * following DynamoDB-style semantics: absent attributes fail every test except NOT_EXISTS,
 * NOT_EQUAL_TO and NOT_CONTAINS.
 */
export function evaluateCondition(cond: Condition, v: unknown): boolean {
  const [x, y] = cond.values;
  switch (cond.condition) {
    case 'EXISTS':
      return v !== undefined;
    case 'NOT_EXISTS':
      return v === undefined;
    case 'EQUAL_TO':
      return v === x;
    case 'NOT_EQUAL_TO':
      return v !== x;
    case 'BEGINS_WITH':
      return typeof v === 'string' && v.startsWith(String(x));
    case 'CONTAINS':
      return contains(v, x);
    case 'NOT_CONTAINS':
      return !contains(v, x);
    case 'GREATER_THAN': {
      const c = ordered(v, x);
      return c !== undefined && c > 0;
    }
    case 'GREATER_THAN_EQUAL_TO': {
      const c = ordered(v, x);
      return c !== undefined && c >= 0;
    }
    case 'LESS_THAN': {
      const c = ordered(v, x);
      return c !== undefined && c < 0;
    }
    case 'LESS_THAN_EQUAL_TO': {
      const c = ordered(v, x);
      return c !== undefined && c <= 0;
    }
    case 'BETWEEN': {
      const lo = ordered(v, x);
      const hi = ordered(v, y);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
  }
}

/** Whether an entity value (or `undefined` for a missing item) satisfies the filters. */
export function evaluateFilters(filters: ParsedFilters, value: JsonObject | undefined): boolean {
  const test = (c: PropertyCondition): boolean => evaluateCondition(c, value?.[c.property]);
  return filters.operator === 'and' ? filters.items.every(test) : filters.items.some(test);
}

function typeRank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'number') return 3;
  if (typeof v === 'string') return 4;
  return 5;
}

/** A total order over JSON values, used to sort index entries and to place cursors. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (ra <= 1) return 0;
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}
