import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import { parseStoredExportSettings, type ExportSettings } from '../../domain/export/export-settings';
import { newProjectState, type ProjectExportState } from '../../domain/export/export-state';
import type { PendingTombstone } from '../../domain/export/records';
import type { ExportSettingsStore, ExportStateStore, VersionedExportState } from '../../usecases/export-ports';
import { ConcurrentUpdateError } from './run-repository';

/** manifest.yml `app.storage.entities`: one item per exported project. */
export const EXPORT_PROJECT_ENTITY = 'export-project';

const KEYS = {
  settings: 'config-export',
  project: (project: string) => `export-project-${project}`,
  seenChunk: (project: string, n: number) => `export-seen:${project}:${n}`,
  tombstonePrefix: (project: string) => `export-tomb:${project}:`,
  tombstone: (project: string, issueId: string) => `export-tomb:${project}:${issueId}`,
};

/** Entries per stored chunk of the de-duplication set (each `id@ms` is about 20 bytes, well under a value's 240 KiB). */
const SEEN_PER_CHUNK = 6000;
/** A transaction holds 25 operations: the project item plus at most 24 chunk writes or deletes. */
const MAX_SEEN_CHUNKS = 24;

interface StoredProject {
  project: string;
  version: number;
  status: string;
  updatedAt: string;
  seenChunks: number;
  state: ProjectExportState;
}

function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'CONDITIONAL_CHECK_FAILED' || code === 'KEY_CONFLICT';
}

export class ExportSettingsRepository implements ExportSettingsStore {
  async get(): Promise<ExportSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.settings);
    return stored === undefined ? undefined : parseStoredExportSettings(stored);
  }

  async save(settings: ExportSettings): Promise<void> {
    await kvs.set(KEYS.settings, settings);
  }
}

/**
 * Each project's export state as one custom-entity item written with optimistic locking (a
 * duplicate event or a zombie invocation loses the race instead of overwriting progress), its
 * de-duplication set in plain keys written in the same transaction, and pending tombstones.
 */
export class ExportStateRepository implements ExportStateStore {
  private readonly seenChunks = new Map<string, number>();

  async get(project: string): Promise<VersionedExportState> {
    const stored = await kvs.entity<StoredProject>(EXPORT_PROJECT_ENTITY).get(KEYS.project(project));
    if (stored === undefined || typeof stored.state !== 'object' || stored.state === null) {
      this.seenChunks.set(project, 0);
      return { state: newProjectState(project), version: 0 };
    }
    this.seenChunks.set(project, typeof stored.seenChunks === 'number' ? stored.seenChunks : 0);
    return { state: stored.state, version: typeof stored.version === 'number' ? stored.version : 0 };
  }

  async save(state: ProjectExportState, expectedVersion: number, seen?: readonly string[]): Promise<number> {
    const version = expectedVersion + 1;
    const before = this.seenChunks.get(state.project) ?? 0;
    const chunks = seen === undefined ? undefined : chunk(seen);
    const item: StoredProject = {
      project: state.project,
      version,
      status: state.run?.status ?? 'idle',
      updatedAt: new Date().toISOString(),
      seenChunks: chunks?.length ?? before,
      state,
    };
    const condition = expectedVersion === 0 ? FilterConditions.notExists() : FilterConditions.equalTo(expectedVersion);
    let tx = kvs.transact().set<StoredProject>(KEYS.project(state.project), item, { entityName: EXPORT_PROJECT_ENTITY, conditions: new Filter<StoredProject>().and('version', condition) });
    if (chunks) {
      chunks.forEach((entries, n) => (tx = tx.set(KEYS.seenChunk(state.project, n), entries)));
      for (let n = chunks.length; n < before; n += 1) tx = tx.delete(KEYS.seenChunk(state.project, n));
    }
    try {
      await tx.execute();
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError(`the export state of ${state.project} changed while it was being saved`, { cause: error });
      throw error;
    }
    this.seenChunks.set(state.project, item.seenChunks);
    return version;
  }

  async seen(project: string): Promise<Set<string>> {
    if (!this.seenChunks.has(project)) await this.get(project);
    const count = this.seenChunks.get(project) ?? 0;
    if (count === 0) return new Set();
    const got = await kvs.batchGet<string[]>(Array.from({ length: count }, (_, n) => ({ key: KEYS.seenChunk(project, n) })));
    if (got.failedKeys.length > 0) throw new Error(`could not read the export de-duplication set of ${project}: ${got.failedKeys.map((k) => k.error.code).join(', ')}`);
    return new Set(got.successfulKeys.flatMap((k) => (Array.isArray(k.value) ? k.value : [])));
  }

  async pendingTombstones(project: string, limit: number): Promise<PendingTombstone[]> {
    const out: PendingTombstone[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(KEYS.tombstonePrefix(project))).limit(Math.min(100, limit - out.length));
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<PendingTombstone>();
      out.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor && out.length < limit);
    return out;
  }

  async addTombstone(tombstone: PendingTombstone): Promise<void> {
    try {
      // The first delivery's time stands: a duplicate event must not move the tombstone to another day.
      await kvs.set(KEYS.tombstone(tombstone.project, tombstone.issueId), tombstone, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async removeTombstone(project: string, issueId: string): Promise<void> {
    await kvs.delete(KEYS.tombstone(project, issueId));
  }
}

/** Splits the set into chunks; past the transaction's room the oldest versions go first (a duplicate is possible then, a loss never). */
function chunk(entries: readonly string[]): string[][] {
  const byTime = [...entries].sort((a, b) => Number(a.slice(a.lastIndexOf('@') + 1)) - Number(b.slice(b.lastIndexOf('@') + 1)));
  const kept = byTime.slice(-SEEN_PER_CHUNK * MAX_SEEN_CHUNKS);
  if (kept.length < byTime.length) console.warn(`export de-duplication set trimmed to its newest ${kept.length} versions`);
  const out: string[][] = [];
  for (let i = 0; i < kept.length; i += SEEN_PER_CHUNK) out.push(kept.slice(i, i + SEEN_PER_CHUNK));
  return out;
}
