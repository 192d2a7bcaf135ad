import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import { COVERING_STATUSES, type Grant, type GrantStatus } from '../../domain/jit/grant';
import { parseGrant } from '../../domain/jit/grant-record';
import type { DriftFinding, DriftStore, GrantStore, PairLease, PairLocks, PendingOp } from '../../usecases/grant-ports';
import { ConcurrentUpdateError } from './run-repository';

export const GRANT_ENTITY = 'jit-grant';
export const PAIR_ENTITY = 'jit-pair';
/** The sweep's index: live grants by status, ordered by when they are next due. */
export const DUE_INDEX = 'by-due';
export const PAIR_INDEX = 'by-pair';

/** The stored form: the indexed attributes at the top, the whole grant beside them. */
interface StoredGrant {
  issueKey: string;
  targetId: string;
  status: string;
  dueAt: string;
  pairKey?: string;
  version: number;
  grant: Grant;
}

interface StoredPair {
  version: number;
  holder?: string;
  leaseUntil?: string;
  pending?: PendingOp;
}

const grantKey = (id: string) => `grant-${id}`;
const pairKey = (key: string) => `pair-${key}`;
const driftKey = (targetId: string) => `jit-drift:${targetId}`;

/** How long a (target, person) lease lasts if its holder never releases it (a crashed invocation). */
export const LEASE_MS = 60_000;

function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'CONDITIONAL_CHECK_FAILED' || code === 'KEY_CONFLICT';
}

function stored(grant: Grant, version: number): StoredGrant {
  return { issueKey: grant.issueKey, targetId: grant.targetId, status: grant.status, dueAt: grant.dueAt, ...(grant.pairKey ? { pairKey: grant.pairKey } : {}), version, grant };
}

/**
 * Grants in the `jit-grant` custom entity, one per request, written with optimistic locking
 * (a `version` attribute), and indexed by (status, dueAt) for the sweep and by pair for the
 * overlap check.
 */
export class GrantRepository implements GrantStore {
  async get(id: string): Promise<{ grant: Grant; version: number } | undefined> {
    const value = await kvs.entity<StoredGrant>(GRANT_ENTITY).get(grantKey(id));
    if (value === undefined) return undefined;
    return { grant: parseGrant(value.grant, grantKey(id)), version: typeof value.version === 'number' ? value.version : 0 };
  }

  async create(grant: Grant): Promise<boolean> {
    return this.write(grant, 1, FilterConditions.notExists());
  }

  async replace(grant: Grant, expectedVersion: number): Promise<boolean> {
    return this.write(grant, expectedVersion + 1, FilterConditions.equalTo(expectedVersion));
  }

  async save(grant: Grant, expectedVersion: number): Promise<number> {
    if (!(await this.write(grant, expectedVersion + 1, FilterConditions.equalTo(expectedVersion)))) {
      throw new ConcurrentUpdateError(`grant ${grant.issueKey} changed while it was being updated`);
    }
    return expectedVersion + 1;
  }

  async covering(pair: string): Promise<Grant[]> {
    const filter = new Filter<StoredGrant>().or('status', FilterConditions.equalTo(COVERING_STATUSES[0] as string)).or('status', FilterConditions.equalTo(COVERING_STATUSES[1] as string));
    const out: Grant[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.entity<StoredGrant>(GRANT_ENTITY).query().index(PAIR_INDEX, { partition: [pair] }).filters(filter).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      for (const r of page.results) out.push(parseGrant(r.value.grant, r.key));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async due(status: GrantStatus, untilIso: string, options: { afterIso?: string; limit: number; cursor?: string }): Promise<{ grants: Grant[]; cursor?: string }> {
    let query = kvs
      .entity<StoredGrant>(GRANT_ENTITY)
      .query()
      .index(DUE_INDEX, { partition: [status] })
      .where(options.afterIso ? WhereConditions.between(options.afterIso, untilIso) : WhereConditions.lessThanEqualTo(untilIso))
      .sort(Sort.ASC)
      .limit(options.limit);
    if (options.cursor) query = query.cursor(options.cursor);
    const page = await query.getMany();
    return { grants: page.results.map((r) => parseGrant(r.value.grant, r.key)), ...(page.nextCursor ? { cursor: page.nextCursor } : {}) };
  }

  private async write(grant: Grant, version: number, condition: ReturnType<typeof FilterConditions.equalTo> | ReturnType<typeof FilterConditions.notExists>): Promise<boolean> {
    try {
      await kvs
        .transact()
        .set<StoredGrant>(grantKey(grant.id), stored(grant, version), { entityName: GRANT_ENTITY, conditions: new Filter<StoredGrant>().and('version', condition) })
        .execute();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

/**
 * One lease per (target, person) in the `jit-pair` entity: taken with a conditional write on
 * its version, so of two invocations only one decides and acts; it lapses after LEASE_MS if its
 * holder died. An unconfirmed asynchronous change stays on the record for the next holder.
 */
export class PairLeaseRepository implements PairLocks {
  async acquire(key: string, holder: string): Promise<PairLease | undefined> {
    const entity = kvs.entity<StoredPair>(PAIR_ENTITY);
    const current = await entity.get(pairKey(key));
    const now = Date.now();
    if (current?.holder && current.leaseUntil && Date.parse(current.leaseUntil) > now) return undefined;
    const version = (current?.version ?? 0) + 1;
    const pending = current?.pending ?? undefined;
    const taken: StoredPair = { version, holder, leaseUntil: new Date(now + LEASE_MS).toISOString(), ...(pending ? { pending } : {}) };
    const condition = current ? FilterConditions.equalTo(current.version) : FilterConditions.notExists();
    try {
      await kvs.transact().set<StoredPair>(pairKey(key), taken, { entityName: PAIR_ENTITY, conditions: new Filter<StoredPair>().and('version', condition) }).execute();
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    const lease: PairLease = {
      ...(pending ? { pending } : {}),
      release: async (next) => {
        const released: StoredPair = { version: version + 1, ...(next ? { pending: next } : {}) };
        try {
          await kvs.transact().set<StoredPair>(pairKey(key), released, { entityName: PAIR_ENTITY, conditions: new Filter<StoredPair>().and('version', FilterConditions.equalTo(version)) }).execute();
        } catch (error) {
          // Our lease lapsed and someone took the pair: theirs now.
          if (!isConditionFailure(error)) throw error;
          console.warn(`the lease on ${key} lapsed before it was released`);
        }
      },
    };
    return lease;
  }
}

/** Drift findings per target, as a plain KVS value. */
export class DriftRepository implements DriftStore {
  async state(targetId: string): Promise<{ checkedAt?: string; findings: DriftFinding[] }> {
    const value = await kvs.get<{ checkedAt?: string; findings?: DriftFinding[] }>(driftKey(targetId));
    return { ...(value?.checkedAt ? { checkedAt: value.checkedAt } : {}), findings: Array.isArray(value?.findings) ? value.findings : [] };
  }

  async save(targetId: string, state: { checkedAt: string; findings: DriftFinding[] }): Promise<void> {
    await kvs.set(driftKey(targetId), { checkedAt: state.checkedAt, findings: state.findings.slice(0, 200) });
  }
}
