/**
 * Conformance: custom entities (get/set/delete, attribute types, index queries with partitions,
 * ranges, filters, sort and cursors) through the real SDK.
 */
import type { EntityDefinition } from '../../sandbox/platform/kvs';
import { START_MS, rejection, setupKvsHarness } from './kvs-harness';

interface Grant {
  requestId?: string;
  status?: string;
  owner?: string;
  expiresAt?: number;
  score?: number;
  active?: boolean;
  tags?: unknown;
  note?: string;
}

const ENTITIES: EntityDefinition[] = [
  {
    name: 'grant',
    attributes: {
      requestId: { type: 'string' },
      status: { type: 'string' },
      owner: { type: 'string' },
      expiresAt: { type: 'integer' },
      score: { type: 'float' },
      active: { type: 'boolean' },
      tags: { type: 'any' },
    },
    indexes: [
      'expiresAt',
      'requestId',
      { name: 'by-status-expiry', partition: ['status'], range: ['expiresAt'] },
      { name: 'by-owner-status', partition: ['owner', 'status'], range: ['expiresAt'] },
    ],
  },
  { name: 'page-item', attributes: { seq: { type: 'integer' }, bucket: { type: 'string' } }, indexes: ['seq', { name: 'by-bucket', partition: ['bucket'], range: ['seq'] }] },
];

const h = setupKvsHarness(ENTITIES);

/** A deterministic shuffle, so insertion order never matches index order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 16807) % 2147483647;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('entity get / set / delete', () => {
  test('round trip through /api/v1/entity/* with entityName in the body', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.entity<Grant>('grant').set('g-1', { requestId: 'REQ-1', status: 'ACTIVE', expiresAt: 100 });
      expect(await kvs.entity<Grant>('grant').get('g-1')).toEqual({ requestId: 'REQ-1', status: 'ACTIVE', expiresAt: 100 });
      await kvs.entity('grant').delete('g-1');
      expect(await kvs.entity('grant').get('g-1')).toBeUndefined();
      await expect(kvs.entity('grant').delete('g-1')).resolves.toBeUndefined();
    });
    expect(h.calls.map((c) => [c.path, c.body, c.status])).toEqual([
      ['/api/v1/entity/set', { entityName: 'grant', key: 'g-1', value: { requestId: 'REQ-1', status: 'ACTIVE', expiresAt: 100 } }, 204],
      ['/api/v1/entity/get', { entityName: 'grant', key: 'g-1' }, 200],
      ['/api/v1/entity/delete', { entityName: 'grant', key: 'g-1' }, 204],
      ['/api/v1/entity/get', { entityName: 'grant', key: 'g-1' }, 404],
      ['/api/v1/entity/delete', { entityName: 'grant', key: 'g-1' }, 404],
    ]);
  });

  test('an entity key is separate from the same plain key and from other entities', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('shared', 'plain');
      await kvs.entity<Grant>('grant').set('shared', { status: 'ACTIVE' });
      await kvs.entity('page-item').set('shared', { bucket: 'Z' });
      expect(await kvs.get('shared')).toBe('plain');
      expect(await kvs.entity('grant').get('shared')).toEqual({ status: 'ACTIVE' });
      expect(await kvs.entity('page-item').get('shared')).toEqual({ bucket: 'Z' });
    });
  });

  test('metadata, set options and TTL work on entities', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      const e = kvs.entity<Grant>('grant');
      await e.set('g-ttl', { status: 'PENDING' }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 1, unit: 'MINUTES' } });
      expect((await rejection(e.set('g-ttl', { status: 'X' }, { keyPolicy: 'FAIL_IF_EXISTS' }))).code).toBe('KEY_CONFLICT');
      const got = await e.get('g-ttl', { metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] });
      expect(got).toEqual({
        key: 'g-ttl',
        value: { status: 'PENDING' },
        createdAt: Math.floor(h.clock.now() / 1000),
        expireTime: new Date(h.clock.now() + 60_000).toISOString(),
      });
      const latest = await e.set('g-ttl', { status: 'ACTIVE' }, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST', ttl: { value: 1, unit: 'MINUTES' } });
      expect(latest).toEqual({ key: 'g-ttl', value: { status: 'ACTIVE' } });
      h.clock.advance(60_000);
      expect(await e.get('g-ttl')).toBeUndefined();
    });
  });

  test('declared attribute types are enforced: INVALID_ENTITY_VALUE', async () => {
    const bad: Grant[] = [
      { expiresAt: 'soon' as never },
      { expiresAt: 1.5 },
      { expiresAt: 2147483648 },
      { expiresAt: -2147483649 },
      { score: 'high' as never },
      { active: 'yes' as never },
      { status: 5 as never },
      { requestId: null as never },
    ];
    for (const value of bad) {
      const err = await rejection(h.run(({ kvs }) => kvs.entity<Grant>('grant').set('typed', value)));
      expect([value, err.code, err.responseDetails?.status]).toEqual([value, 'INVALID_ENTITY_VALUE', 400]);
    }
    expect(await h.run(({ kvs }) => kvs.entity('grant').get('typed'))).toBeUndefined();
  });

  test('values within the declared types are accepted, including integer bounds and `any`', async () => {
    const good: Grant = { expiresAt: 2147483647, score: -0.25, active: false, tags: { nested: ['x', 1] }, status: '', note: 'undeclared attributes are kept' };
    await h.run(async ({ kvs }) => {
      await kvs.entity<Grant>('grant').set('typed-ok', good);
      await kvs.entity<Grant>('grant').set('typed-min', { expiresAt: -2147483648, score: 3 });
      expect(await kvs.entity('grant').get('typed-ok')).toEqual(good);
    });
  });

  test('an entity value must be an object', async () => {
    for (const value of ['text', 5, [1, 2]]) {
      const err = await rejection(h.run(({ kvs }) => kvs.entity<unknown>('grant').set('not-object', value)));
      expect(err.code).toBe('INVALID_ENTITY_VALUE');
    }
  });

  test('entity names: 3–60 characters, the manifest pattern, and declared in the manifest', async () => {
    const cases: [string, string][] = [
      ['ab', 'ENTITY_TYPE_TOO_SHORT'],
      ['a'.repeat(61), 'ENTITY_TYPE_TOO_LARGE'],
      ['Grant', 'INVALID_ENTITY_TYPE'],
      ['.grant', 'INVALID_ENTITY_TYPE'],
      ['not-declared', 'INVALID_ENTITY_TYPE'],
    ];
    for (const [name, code] of cases) {
      for (const op of ['get', 'set', 'query'] as const) {
        const err = await rejection(
          h.run<unknown>(({ kvs }) => {
            const e = kvs.entity<Grant>(name);
            if (op === 'get') return e.get('k');
            if (op === 'set') return e.set('k', { status: 'A' });
            return e.query().index('status').getMany();
          }),
        );
        expect([name.slice(0, 12), op, err.code]).toEqual([name.slice(0, 12), op, code]);
      }
    }
  });

  test('entity keys: empty is EMPTY_KEY, the usual length and regex rules otherwise', async () => {
    const cases: [string, string][] = [
      ['', 'EMPTY_KEY'],
      ['k'.repeat(501), 'KEY_TOO_LONG'],
      ['a/b', 'INVALID_KEY'],
    ];
    for (const [key, code] of cases) {
      const err = await rejection(h.run(({ kvs }) => kvs.entity<Grant>('grant').set(key, { status: 'A' })));
      expect(err.code).toBe(code);
    }
  });
});

describe('entity queries', () => {
  const ITEMS = Array.from({ length: 45 }, (_, i) => ({ key: `item-${String(i).padStart(2, '0')}`, seq: (i * 7) % 45, bucket: i % 3 === 0 ? 'A' : 'B' }));
  const BY_SEQ = [...ITEMS].sort((a, b) => a.seq - b.seq).map((i) => i.key);
  let writtenAtS = 0;

  beforeAll(async () => {
    writtenAtS = Math.floor(h.clock.now() / 1000);
    await h.run(async ({ kvs }) => {
      for (const item of shuffled(ITEMS)) await kvs.entity('page-item').set(item.key, { seq: item.seq, bucket: item.bucket });
    });
  });

  async function pages(sort: 'ASC' | 'DESC', limit: number, index = 'seq', partition?: unknown[]): Promise<{ keys: string[]; sizes: number[]; last?: string }> {
    const keys: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.run(({ kvs, Sort }) => {
        const q = kvs
          .entity('page-item')
          .query()
          .index(index, partition ? { partition } : undefined)
          .sort(sort === 'ASC' ? Sort.ASC : Sort.DESC)
          .limit(limit);
        return (cursor ? q.cursor(cursor) : q).getMany();
      });
      keys.push(...page.results.map((r) => r.key));
      sizes.push(page.results.length);
      cursor = page.nextCursor;
    } while (cursor && sizes.length < 50);
    return { keys, sizes, last: cursor };
  }

  test('45 items paged by 10 arrive exactly once, in ascending range order', async () => {
    const { keys, sizes, last } = await pages('ASC', 10);
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(keys).toEqual(BY_SEQ);
    expect(new Set(keys).size).toBe(45);
    expect(last).toBeUndefined();
  });

  test('DESC pages walk the same items in reverse', async () => {
    const { keys, sizes } = await pages('DESC', 10);
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(keys).toEqual([...BY_SEQ].reverse());
  });

  test('request shape: entityName, indexName, partition, range, sort, limit, cursor and filters as {and|or}', async () => {
    const first = await h.run(({ kvs, WhereConditions, FilterConditions, Filter, Sort }) =>
      kvs
        .entity<{ seq: number; bucket: string }>('page-item')
        .query()
        .index('by-bucket', { partition: ['B'] })
        .where(WhereConditions.greaterThan(3))
        .filters(new Filter<{ seq: number; bucket: string }>().or('seq', FilterConditions.lessThan(10)).or('seq', FilterConditions.greaterThan(40)))
        .sort(Sort.DESC)
        .limit(2)
        .getMany(),
    );
    expect(h.calls[0]?.body).toEqual({
      entityName: 'page-item',
      indexName: 'by-bucket',
      partition: ['B'],
      range: { condition: 'GREATER_THAN', values: [3] },
      sort: 'DESC',
      limit: 2,
      filters: {
        or: [
          { property: 'seq', condition: 'LESS_THAN', values: [10] },
          { property: 'seq', condition: 'GREATER_THAN', values: [40] },
        ],
      },
    });
    expect(first.results.map((r) => (r.value as { seq: number }).seq)).toEqual([44, 43]);
  });

  test('the default page size is 10 and the default order ascending', async () => {
    const page = await h.run(({ kvs }) => kvs.entity('page-item').query().index('seq').getMany());
    expect(page.results.map((r) => r.key)).toEqual(BY_SEQ.slice(0, 10));
    expect(h.calls[0]?.body).toEqual({ entityName: 'page-item', indexName: 'seq' });
  });

  test('limit must be 1–100: otherwise COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', async () => {
    const all = await h.run(({ kvs }) => kvs.entity('page-item').query().index('seq').limit(100).getMany());
    expect(all.results).toHaveLength(45);
    expect(all.nextCursor).toBeUndefined();
    for (const limit of [0, 101]) {
      const err = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('seq').limit(limit).getMany()));
      expect([limit, err.code, err.responseDetails?.status]).toEqual([limit, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', 400]);
    }
  });

  test('partitions: only items of that partition, paged within it', async () => {
    const a = await pages('ASC', 4, 'by-bucket', ['A']);
    const expected = [...ITEMS].filter((i) => i.bucket === 'A').sort((x, y) => x.seq - y.seq).map((i) => i.key);
    expect(a.keys).toEqual(expected);
    expect(a.sizes).toEqual([4, 4, 4, 3]);
    const none = await h.run(({ kvs }) => kvs.entity('page-item').query().index('by-bucket', { partition: ['C'] }).getMany());
    expect(none.results).toEqual([]);
  });

  test('a partitioned index needs exactly its partition values', async () => {
    const missing = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('by-bucket').getMany()));
    expect(missing.code).toBe('BAD_REQUEST');
    const extra = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('by-bucket', { partition: ['A', 'B'] }).getMany()));
    expect(extra.code).toBe('BAD_REQUEST');
    const unpartitioned = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('seq', { partition: ['A'] }).getMany()));
    expect(unpartitioned.code).toBe('BAD_REQUEST');
  });

  test('an undeclared index is INVALID_ENTITY_INDEX', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('by-nothing').getMany()));
    expect([err.code, err.responseDetails?.status]).toEqual(['INVALID_ENTITY_INDEX', 400]);
  });

  test('a cursor is bound to its index, partition and sort', async () => {
    const first = await h.run(({ kvs }) => kvs.entity('page-item').query().index('seq').limit(5).getMany());
    const cursor = first.nextCursor as string;
    const otherIndex = await rejection(h.run(({ kvs }) => kvs.entity('page-item').query().index('by-bucket', { partition: ['A'] }).cursor(cursor).getMany()));
    expect(otherIndex.code).toBe('BAD_REQUEST');
    const otherSort = await rejection(h.run(({ kvs, Sort }) => kvs.entity('page-item').query().index('seq').sort(Sort.DESC).cursor(cursor).getMany()));
    expect(otherSort.code).toBe('BAD_REQUEST');
  });

  test('getOne sends limit 1 and returns the first item by range', async () => {
    const one = await h.run(({ kvs, Sort }) => kvs.entity('page-item').query().index('seq').sort(Sort.DESC).getOne());
    expect(one?.key).toBe(BY_SEQ[44]);
    expect(h.calls[0]?.body).toMatchObject({ limit: 1, sort: 'DESC' });
  });

  test('metadataFields given to query(options) come back per result', async () => {
    const page = await h.run(({ kvs, MetadataField }) =>
      kvs.entity('page-item').query({ metadataFields: [MetadataField.CREATED_AT] }).index('seq').limit(1).getMany(),
    );
    expect(page.results[0]).toEqual({ key: BY_SEQ[0], value: expect.any(Object), createdAt: writtenAtS });
    expect(writtenAtS).toBeGreaterThanOrEqual(START_MS / 1000);
    expect(h.calls[0]?.body).toMatchObject({ options: { metadataFields: ['CREATED_AT'] } });
  });
});

describe('range conditions and filters', () => {
  const ROWS: [string, Grant][] = [
    ['r01', { requestId: 'REQ-1', status: 'ACTIVE', owner: 'alice', expiresAt: 1, score: 0.5, tags: ['prod', 'aws'] }],
    ['r02', { requestId: 'REQ-2', status: 'ACTIVE', owner: 'bob', expiresAt: 2, score: 1.5, tags: ['dev'] }],
    ['r03', { requestId: 'REQ-3', status: 'REVOKED', owner: 'alice', expiresAt: 3, score: 2.5 }],
    ['r04', { requestId: 'REQ-10', status: 'ACTIVE', owner: 'alice', expiresAt: 4, score: 3.5, tags: ['prod'] }],
    ['r05', { requestId: 'REQ-11', status: 'EXPIRED', expiresAt: 5, score: 4.5, tags: 'prod-and-dev' }],
    ['r06', { requestId: 'OTHER-1', status: 'ACTIVE', owner: 'carol', expiresAt: 6, score: 5.5 }],
    ['r07', { requestId: 'REQ-4', status: 'PENDING' }],
  ];

  beforeAll(async () => {
    await h.run(async ({ kvs }) => {
      for (const [key, value] of shuffled(ROWS)) await kvs.entity<Grant>('grant').set(key, value);
    });
  });

  async function keysWhere(index: string, where?: unknown): Promise<string[]> {
    const page = await h.run(({ kvs }) => {
      const q = kvs.entity<Grant>('grant').query().index(index).limit(100);
      return (where ? q.where(where as never) : q).getMany();
    });
    return page.results.map((r) => r.key).filter((k) => k.startsWith('r0'));
  }

  test('items missing an index attribute are not in that index (sparse index)', async () => {
    expect(await keysWhere('expiresAt')).toEqual(['r01', 'r02', 'r03', 'r04', 'r05', 'r06']);
    expect(await keysWhere('requestId')).toEqual(['r06', 'r01', 'r04', 'r05', 'r02', 'r03', 'r07']);
  });

  test('each of the seven WhereConditions applies to the range attribute', async () => {
    const W = h.sdk.WhereConditions;
    expect(await keysWhere('expiresAt', W.between(2, 4))).toEqual(['r02', 'r03', 'r04']);
    expect(await keysWhere('expiresAt', W.equalTo(3))).toEqual(['r03']);
    expect(await keysWhere('expiresAt', W.greaterThan(4))).toEqual(['r05', 'r06']);
    expect(await keysWhere('expiresAt', W.greaterThanEqualTo(4))).toEqual(['r04', 'r05', 'r06']);
    expect(await keysWhere('expiresAt', W.lessThan(2))).toEqual(['r01']);
    expect(await keysWhere('expiresAt', W.lessThanEqualTo(2))).toEqual(['r01', 'r02']);
    expect(await keysWhere('requestId', W.beginsWith('REQ-1'))).toEqual(['r01', 'r04', 'r05']);
  });

  test('partition plus range on a composite partition index', async () => {
    const page = await h.run(({ kvs, WhereConditions }) =>
      kvs.entity<Grant>('grant').query().index('by-owner-status', { partition: ['alice', 'ACTIVE'] }).where(WhereConditions.greaterThan(1)).getMany(),
    );
    expect(page.results.map((r) => r.key)).toEqual(['r04']);
    const byStatus = await h.run(({ kvs }) => kvs.entity<Grant>('grant').query().index('by-status-expiry', { partition: ['ACTIVE'] }).getMany());
    expect(byStatus.results.map((r) => r.key)).toEqual(['r01', 'r02', 'r04', 'r06']);
  });

  async function keysFiltered(build: (F: typeof h.sdk.FilterConditions, Filter: typeof h.sdk.Filter) => unknown): Promise<string[]> {
    const page = await h.run(({ kvs, FilterConditions, Filter }) =>
      kvs
        .entity<Grant>('grant')
        .query()
        .index('requestId')
        .filters(build(FilterConditions, Filter) as never)
        .limit(100)
        .getMany(),
    );
    return page.results.map((r) => r.key).filter((k) => k.startsWith('r0')).sort();
  }

  test('each of the twelve FilterConditions', async () => {
    const one = (field: keyof Grant, c: unknown) => (_F: unknown, Filter: typeof h.sdk.Filter) => new Filter<Grant>().and(field, c as never);
    const F = h.sdk.FilterConditions;
    expect(await keysFiltered(one('status', F.equalTo('REVOKED')))).toEqual(['r03']);
    expect(await keysFiltered(one('status', F.notEqualTo('ACTIVE')))).toEqual(['r03', 'r05', 'r07']);
    // Absent attributes are "not equal" too (DynamoDB-style semantics).
    expect(await keysFiltered(one('owner', F.notEqualTo('alice')))).toEqual(['r02', 'r05', 'r06', 'r07']);
    expect(await keysFiltered(one('status', F.beginsWith('RE')))).toEqual(['r03']);
    expect(await keysFiltered(one('status', F.contains('PIRE')))).toEqual(['r05']);
    expect(await keysFiltered(one('tags', F.contains('prod')))).toEqual(['r01', 'r04', 'r05']);
    expect(await keysFiltered(one('tags', F.notContains('prod')))).toEqual(['r02', 'r03', 'r06', 'r07']);
    expect(await keysFiltered(one('owner', F.exists()))).toEqual(['r01', 'r02', 'r03', 'r04', 'r06']);
    expect(await keysFiltered(one('owner', F.notExists()))).toEqual(['r05', 'r07']);
    expect(await keysFiltered(one('score', F.greaterThan(4.5)))).toEqual(['r06']);
    expect(await keysFiltered(one('score', F.greaterThanEqualTo(4.5)))).toEqual(['r05', 'r06']);
    expect(await keysFiltered(one('score', F.lessThan(1.5)))).toEqual(['r01']);
    expect(await keysFiltered(one('score', F.lessThanEqualTo(1.5)))).toEqual(['r01', 'r02']);
    expect(await keysFiltered(one('score', F.between(1, 3)))).toEqual(['r02', 'r03']);
  });

  test('and / or combine conditions', async () => {
    const F = h.sdk.FilterConditions;
    const and = await keysFiltered((_, Filter) => new Filter<Grant>().and('status', F.equalTo('ACTIVE')).and('owner', F.equalTo('alice')));
    expect(and).toEqual(['r01', 'r04']);
    const or = await keysFiltered((_, Filter) => new Filter<Grant>().or('status', F.equalTo('PENDING')).or('owner', F.equalTo('carol')));
    expect(or).toEqual(['r06', 'r07']);
  });

  test('filters apply before the limit, so pages stay full and the cursor walks the rest', async () => {
    const F = h.sdk.FilterConditions;
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await h.run(({ kvs, Filter }) => {
        const q = kvs.entity<Grant>('grant').query().index('expiresAt').filters(new Filter<Grant>().and('status', F.equalTo('ACTIVE'))).limit(3);
        return (cursor ? q.cursor(cursor) : q).getMany();
      });
      seen.push(...page.results.map((r) => r.key));
      sizes.push(page.results.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['r01', 'r02', 'r04', 'r06']);
    expect(sizes).toEqual([3, 1]);
  });

  test('entity queries never return plain keys or other entities', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('r00', { requestId: 'REQ-0' });
      const page = await kvs.entity<Grant>('grant').query().index('requestId').limit(100).getMany();
      expect(page.results.map((r) => r.key)).not.toContain('r00');
    });
  });

  test('ties on the range value are ordered by key, and paging through ties is exact', async () => {
    await h.run(async ({ kvs }) => {
      for (const key of ['tie-c', 'tie-a', 'tie-b']) await kvs.entity<Grant>('grant').set(key, { status: 'TIE', expiresAt: 99 });
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const q = kvs.entity<Grant>('grant').query().index('by-status-expiry', { partition: ['TIE'] }).limit(1);
        const page = await (cursor ? q.cursor(cursor) : q).getMany();
        keys.push(...page.results.map((r) => r.key));
        cursor = page.nextCursor;
      } while (cursor);
      expect(keys).toEqual(['tie-a', 'tie-b', 'tie-c']);
    });
  });

  test('writes between pages: earlier range values are not revisited, later ones appear, deleted ones vanish', async () => {
    await h.run(async ({ kvs }) => {
      const e = kvs.entity<Grant>('grant');
      for (const [k, v] of [['w1', 10], ['w3', 30], ['w5', 50]] as const) await e.set(k, { status: 'LIVE', expiresAt: v });
      const first = await e.query().index('by-status-expiry', { partition: ['LIVE'] }).limit(2).getMany();
      expect(first.results.map((r) => r.key)).toEqual(['w1', 'w3']);
      await e.set('w0', { status: 'LIVE', expiresAt: 5 });
      await e.set('w4', { status: 'LIVE', expiresAt: 40 });
      await e.delete('w5');
      const second = await e.query().index('by-status-expiry', { partition: ['LIVE'] }).limit(2).cursor(first.nextCursor as string).getMany();
      expect(second.results.map((r) => r.key)).toEqual(['w4']);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  test('expired entities drop out of index queries', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.entity<Grant>('grant').set('ttl-1', { status: 'SHORT', expiresAt: 1 }, { ttl: { value: 5, unit: 'SECONDS' } });
      const q = () => kvs.entity<Grant>('grant').query().index('by-status-expiry', { partition: ['SHORT'] }).getMany();
      expect((await q()).results.map((r) => r.key)).toEqual(['ttl-1']);
      h.clock.advance(5_000);
      expect((await q()).results).toEqual([]);
    });
  });
});

describe('query validation (server rules the SDK builders cannot break, sent raw)', () => {
  const base = { entityName: 'grant', indexName: 'expiresAt' };
  const cases: [string, string, Record<string, unknown>][] = [
    ['empty and', 'EMPTY_FILTER_OPERATOR', { filters: { and: [] } }],
    ['and with or', 'INVALID_FILTER_OPERATORS_COMBINATION', { filters: { and: [{ property: 'status', condition: 'EXISTS', values: [true] }], or: [{ property: 'status', condition: 'EXISTS', values: [true] }] } }],
    ['BETWEEN with one value', 'INSUFFICIENT_FILTER_VALUES', { filters: { and: [{ property: 'score', condition: 'BETWEEN', values: [1] }] } }],
    ['range BETWEEN with one value', 'INSUFFICIENT_FILTER_VALUES', { range: { condition: 'BETWEEN', values: [1] } }],
    ['unknown filter condition', 'BAD_REQUEST', { filters: { and: [{ property: 'status', condition: 'LIKE', values: ['x'] }] } }],
    ['CONTAINS as a range condition', 'BAD_REQUEST', { range: { condition: 'CONTAINS', values: ['x'] } }],
    ['sort neither ASC nor DESC', 'BAD_REQUEST', { sort: 'UP' }],
    ['over 100 conditions', 'BAD_REQUEST', { range: { condition: 'GREATER_THAN', values: [0] }, filters: { and: Array.from({ length: 100 }, () => ({ property: 'status', condition: 'EXISTS', values: [true] })) } }],
    ['an unknown request field', 'BAD_REQUEST', { after: 'x' }],
  ];
  test.each(cases)('%s → %s', (_name, code, extra) => {
    const res = h.service.handle('/api/v1/entity/query', { ...base, ...extra });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code });
  });

  test('100 conditions are accepted', () => {
    const res = h.service.handle('/api/v1/entity/query', {
      ...base,
      filters: { and: Array.from({ length: 100 }, () => ({ property: 'status', condition: 'EXISTS', values: [true] })) },
    });
    expect(res.status).toBe(200);
  });
});
