import { evaluateFilters, parseFilters, type ParsedFilters } from './conditions';
import { resolveTarget, targetId, validateTargetValue, type KvsContext, type Target } from './context';
import { KvsError, KvsErrorCode, badRequest } from './errors';
import { rejectUnknownFields } from './format';
import { MAX_TRANSACTION_OPERATIONS, MAX_TRANSACTION_PAYLOAD_BYTES } from './limits';
import type { KvsResult } from './types';
import { isPlainObject, jsonBytes, parseSetOptions, requireObjectBody, type JsonObject } from './validation';

type OperationType = 'set' | 'delete' | 'check';

interface Operation {
  type: OperationType;
  target: Target;
  conditions?: ParsedFilters;
  value?: unknown;
  ttlMs?: number;
}

const OPERATION_FIELDS: Record<OperationType, string[]> = {
  set: ['key', 'value', 'entityName', 'conditions', 'options'],
  delete: ['key', 'entityName', 'conditions'],
  check: ['key', 'entityName', 'conditions'],
};

function parseOperation(ctx: KvsContext, type: OperationType, raw: unknown, at: string): Operation {
  if (!isPlainObject(raw)) throw badRequest(`Provided request body is invalid: ${at} must be an object`);
  rejectUnknownFields(raw, OPERATION_FIELDS[type], at);
  const target = resolveTarget(ctx, raw.key, raw.entityName);
  const op: Operation = { type, target };
  if (raw.conditions !== undefined) {
    // Conditions test custom entity attributes ([doc] transactions-entities); plain keys have none.
    if (!target.schema) throw badRequest(`Provided request body is invalid: ${at} has conditions but no entityName`);
    op.conditions = parseFilters(raw.conditions, `${at}.conditions`);
  } else if (type === 'check') {
    throw badRequest(`Provided request body is invalid: ${at} needs entityName and conditions`);
  }
  if (type === 'set') {
    op.value = validateTargetValue(target, raw.value);
    const { ttlMs } = parseSetOptions(raw.options, false);
    if (ttlMs !== undefined) op.ttlMs = ttlMs;
  }
  return op;
}

function parseOperations(ctx: KvsContext, body: JsonObject): Operation[] {
  const ops: Operation[] = [];
  for (const type of ['set', 'delete', 'check'] as const) {
    const list = body[type];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw badRequest(`Provided request body is invalid: ${type} must be an array`);
    list.forEach((raw: unknown, i) => ops.push(parseOperation(ctx, type, raw, `${type}[${i}]`)));
  }
  return ops;
}

/**
 * `/api/v1/transaction`: `{set?, delete?, check?}`, all-or-nothing.
 * 1. Every operation is validated (keys, entities, values, TTL, conditions) and the documented
 *    rules apply: 1–25 operations, each key once, payload at most 4 MB. Any failure → 400, nothing written.
 * 2. Every condition is evaluated against the current (unexpired) item; a missing item has no
 *    attributes, so only NOT_EXISTS / NOT_EQUAL_TO / NOT_CONTAINS hold for it. Any false → 409
 *    CONDITIONAL_CHECK_FAILED listing the failed operations, nothing written.
 * 3. All sets and deletes are applied; 204.
 */
export function transact(ctx: KvsContext, raw: unknown): KvsResult {
  const body = requireObjectBody(raw);
  rejectUnknownFields(body, ['set', 'delete', 'check'], 'transaction');
  const bytes = jsonBytes(body);
  if (bytes > MAX_TRANSACTION_PAYLOAD_BYTES) {
    throw badRequest(`A transaction payload can be at most ${MAX_TRANSACTION_PAYLOAD_BYTES} bytes, got ${bytes}`);
  }
  const ops = parseOperations(ctx, body);
  if (ops.length === 0) throw badRequest('A transaction must contain at least one operation');
  if (ops.length > MAX_TRANSACTION_OPERATIONS) {
    throw badRequest(`A transaction can contain at most ${MAX_TRANSACTION_OPERATIONS} operations, got ${ops.length}`);
  }
  const seen = new Set<string>();
  for (const op of ops) {
    const id = targetId(op.target);
    if (seen.has(id)) throw badRequest(`Each key can only be used once in a transaction: ${op.target.key}`);
    seen.add(id);
  }

  const failed = ops.filter((op) => {
    if (!op.conditions) return false;
    const current = ctx.store.get(op.target.ns, op.target.key);
    const value = current && isPlainObject(current.value) ? current.value : undefined;
    return !evaluateFilters(op.conditions, value);
  });
  if (failed.length > 0) {
    const described = failed.map((op) => ({
      operation: op.type,
      key: op.target.key,
      ...(op.target.ns.kind === 'entity' ? { entityName: op.target.ns.entityName } : {}),
    }));
    throw new KvsError(
      KvsErrorCode.CONDITIONAL_CHECK_FAILED,
      `Transaction cancelled: the conditions of ${failed.length} operation(s) were not met`,
      409,
      { failedOperations: described },
    );
  }

  for (const op of ops) {
    if (op.type === 'set') ctx.store.put(op.target.ns, op.target.key, op.value, op.ttlMs);
    else if (op.type === 'delete') ctx.store.delete(op.target.ns, op.target.key);
  }
  return { status: 204 };
}
