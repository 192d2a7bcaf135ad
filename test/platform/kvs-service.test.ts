/**
 * KvsService as the sandbox uses it: persistence (snapshot/restore), inspection, stats, the
 * Response it hands back to the SDK, and coverage of every path the SDK calls.
 */
import { VirtualClock } from '../../sandbox/platform/clock';
import { KvsService, kvsFetchHandler, kvsResponse, type EntityDefinition, type KvsSnapshot } from '../../sandbox/platform/kvs';
import { KVS_ROUTES } from '../../sandbox/platform/kvs/routes';
import { START_MS, setupKvsHarness } from './kvs-harness';

interface Grant {
  status: string;
  expiresAt: number;
}

const ENTITIES: EntityDefinition[] = [
  {
    name: 'grant',
    attributes: { status: { type: 'string' }, expiresAt: { type: 'integer' } },
    indexes: [{ name: 'by-status', partition: ['status'], range: ['expiresAt'] }],
  },
];

const h = setupKvsHarness(ENTITIES);

describe('seam coverage', () => {
  test('exercising every @forge/kvs method reaches exactly the service routes, and every route answers 2xx', async () => {
    await h.run(async ({ kvs, WhereConditions, Filter, FilterConditions }) => {
      await kvs.set('cov:1', 1);
      await kvs.get('cov:1');
      await kvs.delete('cov:1');
      await kvs.setSecret('cov:s', 's');
      await kvs.getSecret('cov:s');
      await kvs.deleteSecret('cov:s');
      await kvs.entity<Grant>('grant').set('cov:e', { status: 'A', expiresAt: 1 });
      await kvs.entity<Grant>('grant').get('cov:e');
      await kvs.entity<Grant>('grant').query().index('by-status', { partition: ['A'] }).where(WhereConditions.greaterThan(0)).getMany();
      await kvs.entity<Grant>('grant').delete('cov:e');
      await kvs.query().where('key', WhereConditions.beginsWith('cov')).getMany();
      await kvs.batchSet([{ key: 'cov:b', value: 1 }]);
      await kvs.batchGet([{ key: 'cov:b' }]);
      await kvs.batchDelete([{ key: 'cov:b' }]);
      await kvs
        .transact()
        .set('cov:t', 1)
        .check<Grant>('cov:t2', { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.notExists()) })
        .execute();
    });
    const paths = [...new Set(h.calls.map((c) => c.path))].sort();
    expect(paths).toEqual(Object.keys(KVS_ROUTES).sort());
    expect(h.calls.filter((c) => c.status >= 300)).toEqual([]);
    expect(new Set(h.calls.map((c) => JSON.stringify(c.descriptor)))).toEqual(new Set([JSON.stringify({ type: 'kvs', provider: 'app', remote: 'kvs' })]));
    expect(h.calls.every((c) => c.method === 'POST' && c.headers['content-type'] === 'application/json')).toBe(true);
  });

  test('stats count operations by path, including rejected ones', async () => {
    const before = { ...h.service.stats };
    await h.run(async ({ kvs }) => {
      await kvs.set('st:1', 1);
      await kvs.set('st:2', 2);
      await kvs.get('st:missing');
      await kvs.set('bad/key', 1).catch(() => undefined);
    });
    expect((h.service.stats['/api/v1/set'] ?? 0) - (before['/api/v1/set'] ?? 0)).toBe(3);
    expect((h.service.stats['/api/v1/get'] ?? 0) - (before['/api/v1/get'] ?? 0)).toBe(1);
  });
});

describe('snapshot / restore', () => {
  test('a JSON round trip into a fresh service restores plain keys, secrets, entities, metadata and TTLs', async () => {
    h.replaceService();
    await h.run(async ({ kvs }) => {
      await kvs.set('snap:plain', { nested: [1, 'two'] });
      await kvs.set('snap:ttl', 'short', { ttl: { value: 30, unit: 'SECONDS' } });
      await kvs.setSecret('snap:secret', 'SECRET-VALUE');
      await kvs.entity<Grant>('grant').set('snap:g1', { status: 'ACTIVE', expiresAt: 5 });
      await kvs.entity<Grant>('grant').set('snap:g2', { status: 'ACTIVE', expiresAt: 3 });
    });
    const createdS = Math.floor(h.clock.now() / 1000);
    h.clock.advance(10_000);
    const text = JSON.stringify(h.service.snapshot());

    const fresh = h.replaceService();
    expect(fresh.inspect().values).toEqual([]);
    fresh.restore(JSON.parse(text) as KvsSnapshot);

    await h.run(async ({ kvs, MetadataField }) => {
      expect(await kvs.get('snap:plain', { metadataFields: [MetadataField.CREATED_AT] })).toEqual({
        key: 'snap:plain',
        value: { nested: [1, 'two'] },
        createdAt: createdS,
      });
      expect(await kvs.getSecret('snap:secret')).toBe('SECRET-VALUE');
      const page = await kvs.entity<Grant>('grant').query().index('by-status', { partition: ['ACTIVE'] }).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['snap:g2', 'snap:g1']);
      expect(await kvs.get('snap:ttl')).toBe('short');
      h.clock.advance(20_000);
      expect(await kvs.get('snap:ttl')).toBeUndefined();
    });
  });

  test('snapshots leave out expired items and restore replaces existing data', async () => {
    const clock = new VirtualClock(START_MS, () => 0);
    const a = new KvsService({ clock, entities: ENTITIES });
    a.handle('/api/v1/set', { key: 'keep', value: 1 });
    a.handle('/api/v1/set', { key: 'gone', value: 1, options: { ttl: { value: 1, unit: 'SECONDS' } } });
    clock.advance(1_000);
    const snap = a.snapshot();
    expect(snap.plain.map((i) => i.key)).toEqual(['keep']);

    const b = new KvsService({ clock, entities: ENTITIES });
    b.handle('/api/v1/set', { key: 'old', value: 1 });
    b.restore(snap);
    expect(b.inspect().values).toEqual([{ key: 'keep', value: 1 }]);
  });

  test('an unknown snapshot version is refused', () => {
    expect(() => h.service.restore({ version: 2 } as unknown as KvsSnapshot)).toThrow(/version/);
  });
});

describe('inspect', () => {
  test('lists plain and entity values with their entity, and secret keys without their values', async () => {
    h.replaceService();
    await h.run(async ({ kvs }) => {
      await kvs.set('i:plain', 'p');
      await kvs.entity<Grant>('grant').set('i:entity', { status: 'A', expiresAt: 1 });
      await kvs.setSecret('i:secret', 'TOP-SECRET');
    });
    const view = h.service.inspect();
    expect(view.values).toEqual([
      { key: 'i:plain', value: 'p' },
      { key: 'i:entity', entityName: 'grant', value: { status: 'A', expiresAt: 1 } },
    ]);
    expect(view.secretKeys).toEqual(['i:secret']);
    expect(JSON.stringify(view)).not.toContain('TOP-SECRET');
  });
});

describe('kvsResponse / kvsFetchHandler', () => {
  test('204 has an empty body; JSON results carry content-type and status text', async () => {
    const empty = kvsResponse({ status: 204 });
    expect([empty.status, empty.statusText, await empty.text()]).toEqual([204, 'No Content', '']);
    const ok = kvsResponse({ status: 200, body: { key: 'k', value: 1 } });
    expect([ok.status, ok.headers.get('content-type'), await ok.json()]).toEqual([200, 'application/json', { key: 'k', value: 1 }]);
    const err = kvsResponse({ status: 404, body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } });
    expect([err.ok, err.statusText]).toEqual([false, 'Not Found']);
  });

  test('an unknown path is 404 NOT_FOUND (not KEY_NOT_FOUND, so the SDK would not hide it)', () => {
    expect(h.service.handle('/api/v2/get', { key: 'k' })).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'No KVS endpoint at /api/v2/get' } });
  });

  test('handle never throws: an unexpected failure becomes 500 INTERNAL_SERVER_ERROR', () => {
    const hostile = { toJSON: () => { throw new Error('boom'); } };
    const res = h.service.handle('/api/v1/set', { key: 'k', value: hostile });
    expect(res).toEqual({ status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred: boom' } });
  });

  test('malformed requests are 400 BAD_REQUEST', async () => {
    const handler = kvsFetchHandler(h.service);
    expect(h.service.handle('/api/v1/get', 'not an object')).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(h.service.handle('/api/v1/batch/get', { key: 'k' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(h.service.handle('/api/v1/get', { key: 'k', extra: true })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    const notJson = handler('/api/v1/get', { method: 'POST', body: '{' });
    expect([notJson.status, ((await notJson.json()) as { code: string }).code]).toEqual([400, 'BAD_REQUEST']);
    const notPost = handler('/api/v1/get', { method: 'GET' });
    expect(notPost.status).toBe(400);
  });
});

describe('entity definitions', () => {
  const clock = new VirtualClock(START_MS, () => 0);
  test.each<[string, EntityDefinition[]]>([
    ['an index on an undeclared attribute', [{ name: 'grant', attributes: { a: { type: 'string' } }, indexes: ['b'] }]],
    ['a duplicate entity', [{ name: 'grant', attributes: {} }, { name: 'grant', attributes: {} }]],
    ['a name under 3 characters', [{ name: 'ab', attributes: {} }]],
    ['an upper-case name', [{ name: 'Grant', attributes: {} }]],
    ['an unknown attribute type', [{ name: 'grant', attributes: { a: { type: 'date' as never } } }]],
    ['a duplicate index name', [{ name: 'grant', attributes: { a: { type: 'string' } }, indexes: ['a', { name: 'a', range: ['a'] }] }]],
  ])('%s is refused at construction', (_name, entities) => {
    expect(() => new KvsService({ clock, entities })).toThrow(/invalid entity definition/);
  });

  test('a string index means range [attr] and no partition', () => {
    const service = new KvsService({ clock, entities: [{ name: 'thing', attributes: { n: { type: 'integer' } }, indexes: ['n'] }] });
    for (const n of [3, 1, 2]) service.handle('/api/v1/entity/set', { entityName: 'thing', key: `k${n}`, value: { n } });
    const res = service.handle('/api/v1/entity/query', { entityName: 'thing', indexName: 'n' });
    expect(res).toEqual({ status: 200, body: { data: [1, 2, 3].map((n) => ({ key: `k${n}`, value: { n } })) } });
  });
});
