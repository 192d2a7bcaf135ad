import { resolveEntity, validateEntityValue, type EntitySchema } from './entities';
import type { KvsStore } from './store';
import type { Namespace } from './types';
import { validateKey, validateValue } from './validation';

/** What every endpoint handler works on. */
export interface KvsContext {
  store: KvsStore;
  schemas: Map<string, EntitySchema>;
}

/** A validated address: key space plus key. */
export interface Target {
  ns: Namespace;
  key: string;
  /** Set for entity targets. */
  schema?: EntitySchema;
}

/** Plain KVS when `entityName` is absent, else the declared entity (checked). Then the key rules. */
export function resolveTarget(ctx: KvsContext, key: unknown, entityName: unknown): Target {
  if (entityName === undefined) return { ns: { kind: 'plain' }, key: validateKey(key, { kind: 'plain' }) };
  const schema = resolveEntity(ctx.schemas, entityName);
  const ns: Namespace = { kind: 'entity', entityName: schema.name };
  return { ns, key: validateKey(key, ns), schema };
}

export function secretTarget(key: unknown): Target {
  const ns: Namespace = { kind: 'secret' };
  return { ns, key: validateKey(key, ns) };
}

/** Size/depth limits for every value, plus attribute types for entity values. */
export function validateTargetValue(target: Target, value: unknown): unknown {
  validateValue(value, target.ns);
  return target.schema ? validateEntityValue(target.schema, value) : value;
}

/** Identity of a target for duplicate detection in batches and transactions. */
export function targetId(target: Target): string {
  return target.ns.kind === 'entity' ? `entity:${target.ns.entityName}:${target.key}` : `${target.ns.kind}:${target.key}`;
}
