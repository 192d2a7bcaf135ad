import { KvsError, KvsErrorCode, badRequest } from './errors';
import {
  ENTITY_NAME_PATTERN,
  MAX_ENTITY_NAME_LENGTH,
  MAX_INTEGER,
  MIN_ENTITY_NAME_LENGTH,
  MIN_INTEGER,
} from './limits';
import type { EntityAttributeType, EntityDefinition } from './types';
import { isPlainObject, type JsonObject } from './validation';

export interface IndexDefinition {
  name: string;
  partition: string[];
  range: string[];
}

export interface EntitySchema {
  name: string;
  attributes: Map<string, EntityAttributeType>;
  indexes: Map<string, IndexDefinition>;
}

const ATTRIBUTE_TYPES: readonly EntityAttributeType[] = ['string', 'boolean', 'float', 'integer', 'any'];

/**
 * Turns manifest `app.storage.entities` into lookup tables. A string index means an index named
 * after the attribute with `range: [attr]` (boundary doc §3.5). Throws on definitions the manifest
 * schema would reject, so a broken manifest fails at sandbox start rather than at the first query.
 */
export function buildEntitySchemas(definitions: EntityDefinition[]): Map<string, EntitySchema> {
  const schemas = new Map<string, EntitySchema>();
  for (const def of definitions) {
    checkEntityName(def.name, (code, message) => new Error(`invalid entity definition: ${code}: ${message}`));
    if (schemas.has(def.name)) throw new Error(`invalid entity definition: duplicate entity name ${def.name}`);
    const attributes = new Map<string, EntityAttributeType>();
    for (const [attr, spec] of Object.entries(def.attributes)) {
      if (!ATTRIBUTE_TYPES.includes(spec.type)) {
        throw new Error(`invalid entity definition: ${def.name}.${attr} has unknown type ${String(spec.type)}`);
      }
      attributes.set(attr, spec.type);
    }
    const indexes = new Map<string, IndexDefinition>();
    for (const entry of def.indexes ?? []) {
      const index: IndexDefinition =
        typeof entry === 'string'
          ? { name: entry, partition: [], range: [entry] }
          : { name: entry.name, partition: entry.partition ?? [], range: entry.range };
      if (index.range.length === 0) throw new Error(`invalid entity definition: index ${def.name}.${index.name} has no range attribute`);
      for (const attr of [...index.partition, ...index.range]) {
        if (!attributes.has(attr)) {
          throw new Error(`invalid entity definition: index ${def.name}.${index.name} uses undeclared attribute ${attr}`);
        }
      }
      if (indexes.has(index.name)) throw new Error(`invalid entity definition: duplicate index ${def.name}.${index.name}`);
      indexes.set(index.name, index);
    }
    schemas.set(def.name, { name: def.name, attributes, indexes });
  }
  return schemas;
}

function checkEntityName(name: unknown, fail: (code: string, message: string) => Error): asserts name is string {
  if (typeof name !== 'string') throw fail(KvsErrorCode.BAD_REQUEST, 'entityName must be a string');
  if (name.length < MIN_ENTITY_NAME_LENGTH) {
    throw fail(KvsErrorCode.ENTITY_TYPE_TOO_SHORT, `The provided entity name needs to be at least ${MIN_ENTITY_NAME_LENGTH} characters`);
  }
  if (name.length > MAX_ENTITY_NAME_LENGTH) {
    throw fail(KvsErrorCode.ENTITY_TYPE_TOO_LARGE, `The provided entity name has exceeded the maximum ${MAX_ENTITY_NAME_LENGTH} characters`);
  }
  if (!ENTITY_NAME_PATTERN.test(name)) {
    throw fail(KvsErrorCode.INVALID_ENTITY_TYPE, `The provided entity name does not match the regex: ${ENTITY_NAME_PATTERN.source}`);
  }
}

/** Resolves a request's `entityName`: checks length and pattern, then that the manifest declares it. */
export function resolveEntity(schemas: Map<string, EntitySchema>, entityName: unknown): EntitySchema {
  checkEntityName(entityName, (code, message) => new KvsError(code as KvsError['code'], message));
  const schema = schemas.get(entityName);
  if (!schema) {
    throw new KvsError(
      KvsErrorCode.INVALID_ENTITY_TYPE,
      `Entity ${entityName} is not declared in the manifest (app.storage.entities)`,
    );
  }
  return schema;
}

export function resolveIndex(schema: EntitySchema, indexName: unknown): IndexDefinition {
  if (typeof indexName !== 'string') throw badRequest('Provided request body is invalid: indexName must be a string');
  const index = schema.indexes.get(indexName);
  if (!index) {
    throw new KvsError(KvsErrorCode.INVALID_ENTITY_INDEX, `Index ${indexName} is not declared for entity ${schema.name}`);
  }
  return index;
}

function matchesType(type: EntityAttributeType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= MIN_INTEGER && value <= MAX_INTEGER;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'any':
      return true;
  }
}

/**
 * An entity value is an object whose declared attributes, where present, have their declared
 * type (`integer` is 32-bit signed). Attributes the manifest does not declare are stored as given.
 */
export function validateEntityValue(schema: EntitySchema, value: unknown): JsonObject {
  if (!isPlainObject(value)) {
    throw new KvsError(KvsErrorCode.INVALID_ENTITY_VALUE, `Entity ${schema.name} values must be objects`);
  }
  for (const [attr, type] of schema.attributes) {
    const v = value[attr];
    if (v === undefined) continue;
    if (!matchesType(type, v)) {
      throw new KvsError(
        KvsErrorCode.INVALID_ENTITY_VALUE,
        `Attribute ${attr} of entity ${schema.name} must be of type ${type}, got ${JSON.stringify(v)}`,
      );
    }
  }
  return value;
}
