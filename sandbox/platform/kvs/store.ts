import type { Clock } from '../clock';
import type { KvsSnapshot, Namespace, SnapshotItem, StoredItem } from './types';

/**
 * The three key spaces (plain, secret, one per entity) with TTL against the virtual clock.
 * Expired items behave as missing everywhere and are dropped when next touched.
 * Values are deep-copied in and out, so callers never share objects with the store.
 */
export class KvsStore {
  private readonly plain = new Map<string, StoredItem>();
  private readonly secrets = new Map<string, StoredItem>();
  private readonly entities = new Map<string, Map<string, StoredItem>>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  private space(ns: Namespace): Map<string, StoredItem> {
    if (ns.kind === 'plain') return this.plain;
    if (ns.kind === 'secret') return this.secrets;
    let space = this.entities.get(ns.entityName);
    if (!space) {
      space = new Map();
      this.entities.set(ns.entityName, space);
    }
    return space;
  }

  private live(space: Map<string, StoredItem>, key: string, item: StoredItem | undefined): StoredItem | undefined {
    if (item === undefined) return undefined;
    if (item.expiresAt !== undefined && item.expiresAt <= this.clock.now()) {
      space.delete(key);
      return undefined;
    }
    return item;
  }

  /** The live item, or undefined when missing or expired. The returned item is a copy. */
  get(ns: Namespace, key: string): StoredItem | undefined {
    const space = this.space(ns);
    const item = this.live(space, key, space.get(key));
    return item && copyItem(item);
  }

  /**
   * Writes `value`. createdAt survives an overwrite of a live item; the expiry is set by this
   * write alone (a write without TTL clears an earlier one, as a whole-item put does).
   */
  put(ns: Namespace, key: string, value: unknown, ttlMs: number | undefined): { previous?: StoredItem; current: StoredItem } {
    const space = this.space(ns);
    const previous = this.live(space, key, space.get(key));
    const now = this.clock.now();
    const current: StoredItem = { value: clone(value), createdAt: previous?.createdAt ?? now, updatedAt: now };
    if (ttlMs !== undefined) current.expiresAt = now + ttlMs;
    space.set(key, current);
    return previous ? { previous: copyItem(previous), current: copyItem(current) } : { current: copyItem(current) };
  }

  /** Removes the key; returns whether a live item was there. */
  delete(ns: Namespace, key: string): boolean {
    const space = this.space(ns);
    const existed = this.live(space, key, space.get(key)) !== undefined;
    space.delete(key);
    return existed;
  }

  /**
   * Live items of one key space in no particular order. For scans (queries, snapshots), so the
   * items are the stored ones, not copies: callers must not mutate them and must copy what they return.
   */
  entries(ns: Namespace): { key: string; item: Readonly<StoredItem> }[] {
    const space = this.space(ns);
    const out: { key: string; item: StoredItem }[] = [];
    for (const [key, item] of [...space]) {
      const live = this.live(space, key, item);
      if (live) out.push({ key, item: live });
    }
    return out;
  }

  entityNames(): string[] {
    return [...this.entities.keys()];
  }

  snapshot(): KvsSnapshot {
    const dump = (ns: Namespace): SnapshotItem[] =>
      this.entries(ns)
        .sort((a, b) => compareStrings(a.key, b.key))
        .map(({ key, item }) => ({ key, ...copyItem(item) }));
    const entities: Record<string, SnapshotItem[]> = {};
    for (const name of this.entityNames().sort(compareStrings)) {
      const items = dump({ kind: 'entity', entityName: name });
      if (items.length > 0) entities[name] = items;
    }
    return { version: 1, plain: dump({ kind: 'plain' }), secrets: dump({ kind: 'secret' }), entities };
  }

  restore(snapshot: KvsSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`unsupported KVS snapshot version ${String(snapshot.version)}`);
    this.plain.clear();
    this.secrets.clear();
    this.entities.clear();
    const load = (ns: Namespace, items: SnapshotItem[]): void => {
      const space = this.space(ns);
      for (const { key, ...item } of items) space.set(key, copyItem(item));
    };
    load({ kind: 'plain' }, snapshot.plain);
    load({ kind: 'secret' }, snapshot.secrets);
    for (const [name, items] of Object.entries(snapshot.entities)) load({ kind: 'entity', entityName: name }, items);
  }
}

/** Code-unit order, the same order `kvs.query` and cursors use. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function copyItem(item: StoredItem): StoredItem {
  const copy: StoredItem = { value: clone(item.value), createdAt: item.createdAt, updatedAt: item.updatedAt };
  if (item.expiresAt !== undefined) copy.expiresAt = item.expiresAt;
  return copy;
}
