import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { Run } from '../../domain/runs/run';
import { parseRun } from '../../domain/runs/run-record';

export const RUN_ENTITY = 'provisioning-run';

interface StoredRun extends Run {
  version: number;
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export interface VersionedRun {
  run: Run;
  version: number;
}

const keyOf = (issueId: string) => `run-${issueId}`;

function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'CONDITIONAL_CHECK_FAILED' || code === 'KEY_CONFLICT';
}

/**
 * One run per request, written with optimistic locking: a duplicate event or a concurrent retry
 * loses the race cleanly instead of overwriting the other's progress.
 */
export class RunRepository {
  async get(issueId: string): Promise<VersionedRun | undefined> {
    const stored = await kvs.entity<StoredRun>(RUN_ENTITY).get(keyOf(issueId));
    if (stored === undefined) return undefined;
    return { run: parseRun(stored, keyOf(issueId)), version: typeof stored.version === 'number' ? stored.version : 0 };
  }

  /** Creates the run unless one exists; false means another delivery got there first. */
  async create(run: Run): Promise<boolean> {
    try {
      await kvs
        .transact()
        .set<StoredRun>(keyOf(run.issueId), { ...run, version: 1 }, { entityName: RUN_ENTITY, conditions: new Filter<StoredRun>().and('version', FilterConditions.notExists()) })
        .execute();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Saves if nobody saved since `expectedVersion` was read; returns the new version. */
  async save(run: Run, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await kvs
        .transact()
        .set<StoredRun>(keyOf(run.issueId), { ...run, version }, { entityName: RUN_ENTITY, conditions: new Filter<StoredRun>().and('version', FilterConditions.equalTo(expectedVersion)) })
        .execute();
      return version;
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError(`run ${run.issueKey} changed while it was being updated`, { cause: error });
      throw error;
    }
  }
}
