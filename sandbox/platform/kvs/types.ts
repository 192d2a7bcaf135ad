/** Attribute types a manifest may declare for a custom entity ([schema] @forge/manifest 13.7.0). */
export type EntityAttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** One entry of manifest `app.storage.entities`. */
export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: EntityAttributeType }>;
  indexes?: (string | { name: string; range: string[]; partition?: string[] })[];
}

/** A stored item. Times are virtual epoch milliseconds from the service's clock. */
export interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  /** Absent when the item was written without a TTL. */
  expiresAt?: number;
}

/** Where a key lives: plain KVS, the secret namespace, or one custom entity. */
export type Namespace = { kind: 'plain' } | { kind: 'secret' } | { kind: 'entity'; entityName: string };

export type MetadataFieldName = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

/** JSON-serialisable copy of every live item, for persisting the sandbox across restarts. */
export interface KvsSnapshot {
  version: 1;
  plain: SnapshotItem[];
  secrets: SnapshotItem[];
  entities: Record<string, SnapshotItem[]>;
}

export interface SnapshotItem extends StoredItem {
  key: string;
}

/** What `handle()` returns; `kvsResponse()` turns it into a WHATWG Response. */
export interface KvsResult {
  status: number;
  body?: unknown;
}
