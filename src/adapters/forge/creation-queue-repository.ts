import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { CreationQueueState, QueueEntry } from '../../domain/account-vending/creation-queue';
import type { CreationQueueStore } from '../../usecases/account-vending-ports';
import { ConcurrentUpdateError } from './run-repository';

export const CREATION_QUEUE_ENTITY = 'aws-creation-queue';

interface StoredQueue {
  holder?: QueueEntry | null;
  waiting: QueueEntry[];
  version: number;
  updatedAt: string;
}

function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'CONDITIONAL_CHECK_FAILED' || code === 'KEY_CONFLICT';
}

const isEntry = (v: unknown): v is QueueEntry =>
  typeof v === 'object' && v !== null && typeof (v as QueueEntry).issueId === 'string' && typeof (v as QueueEntry).issueKey === 'string' && typeof (v as QueueEntry).since === 'string';

/** The creation line of one organization, written with optimistic locking (a version attribute). */
export class CreationQueueRepository implements CreationQueueStore {
  async get(orgKey: string): Promise<{ state: CreationQueueState; version: number }> {
    const stored = await kvs.entity<StoredQueue>(CREATION_QUEUE_ENTITY).get(orgKey);
    if (!stored) return { state: { waiting: [] }, version: 0 };
    const waiting = Array.isArray(stored.waiting) ? stored.waiting.filter(isEntry) : [];
    return { state: { ...(isEntry(stored.holder) ? { holder: stored.holder } : {}), waiting }, version: typeof stored.version === 'number' ? stored.version : 0 };
  }

  async save(orgKey: string, state: CreationQueueState, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    const condition = expectedVersion === 0 ? FilterConditions.notExists() : FilterConditions.equalTo(expectedVersion);
    try {
      await kvs
        .transact()
        .set<StoredQueue>(orgKey, { holder: state.holder ?? null, waiting: state.waiting, version, updatedAt: new Date().toISOString() }, { entityName: CREATION_QUEUE_ENTITY, conditions: new Filter<StoredQueue>().and('version', condition) })
        .execute();
      return version;
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError(`the AWS creation queue ${orgKey} changed while it was being updated`, { cause: error });
      throw error;
    }
  }
}
