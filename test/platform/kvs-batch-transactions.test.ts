/**
 * Conformance: batch set/get/delete and transactions through the real SDK.
 */
import type { EntityDefinition } from '../../sandbox/platform/kvs';
import { rejection, setupKvsHarness } from './kvs-harness';

interface Grant {
  status?: string;
  version?: number;
  owner?: string;
}

const ENTITIES: EntityDefinition[] = [
  { name: 'grant', attributes: { status: { type: 'string' }, version: { type: 'integer' }, owner: { type: 'string' } }, indexes: ['status'] },
];

const h = setupKvsHarness(ENTITIES);
const range = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('batchSet', () => {
  test('mixed plain and entity items with TTL: the SDK posts a bare array; every key succeeds', async () => {
    const items = [
      { key: 'b:plain', value: 'v1', options: { ttl: { value: 1, unit: 'MINUTES' as const } } },
      { key: 'b:grant', value: { status: 'ACTIVE' }, entityName: 'grant' },
    ];
    const res = await h.run(({ kvs }) => kvs.batchSet<unknown>(items));
    expect(res).toEqual({ successfulKeys: [{ key: 'b:plain' }, { key: 'b:grant', entityName: 'grant' }], failedKeys: [] });
    expect(h.calls[0]?.path).toBe('/api/v1/batch/set');
    expect(h.calls[0]?.body).toEqual(items);
    await h.run(async ({ kvs }) => {
      expect(await kvs.get('b:plain')).toBe('v1');
      expect(await kvs.entity('grant').get('b:grant')).toEqual({ status: 'ACTIVE' });
      h.clock.advance(60_000);
      expect(await kvs.get('b:plain')).toBeUndefined();
      expect(await kvs.entity('grant').get('b:grant')).toEqual({ status: 'ACTIVE' });
    });
  });

  test('invalid items fail individually with their error; valid ones are stored', async () => {
    const res = await h.run(({ kvs }) =>
      kvs.batchSet<unknown>([
        { key: 'ok:1', value: 1 },
        { key: 'bad/key', value: 1 },
        { key: 'ok:2', value: { status: 5 }, entityName: 'grant' },
        { key: 'ok:3', value: 'x', entityName: 'nope-entity' },
        { key: 'ok:4', value: 'x'.repeat(240 * 1024) },
        { key: 'ok:5', value: 5, options: { ttl: { value: 0, unit: 'SECONDS' } } },
      ]),
    );
    expect(res.successfulKeys).toEqual([{ key: 'ok:1' }]);
    expect(res.failedKeys.map((f) => [f.key, f.entityName, f.error.code])).toEqual([
      ['bad/key', undefined, 'INVALID_KEY'],
      ['ok:2', 'grant', 'INVALID_ENTITY_VALUE'],
      ['ok:3', 'nope-entity', 'INVALID_ENTITY_TYPE'],
      ['ok:4', undefined, 'MAX_SIZE'],
      ['ok:5', undefined, 'BAD_REQUEST'],
    ]);
    expect(res.failedKeys.every((f) => typeof f.error.message === 'string' && f.error.message.length > 0)).toBe(true);
    await h.run(async ({ kvs }) => {
      expect(await kvs.get('ok:1')).toBe(1);
      expect(await kvs.entity('grant').get('ok:2')).toBeUndefined();
      expect(await kvs.get('ok:4')).toBeUndefined();
    });
  });

  test('25 items are accepted; 26, none, or a repeated key fail the whole batch and store nothing', async () => {
    const ok = await h.run(({ kvs }) => kvs.batchSet(range(25, 'max:').map((key) => ({ key, value: key }))));
    expect(ok.successfulKeys).toHaveLength(25);
    const bad: { key: string; value: unknown; entityName?: string }[][] = [
      range(26, 'over:').map((key) => ({ key, value: 1 })),
      [],
      [
        { key: 'dup:1', value: 1 },
        { key: 'dup:1', value: 2 },
      ],
      [
        { key: 'dup:2', value: { status: 'A' }, entityName: 'grant' },
        { key: 'dup:2', value: { status: 'B' }, entityName: 'grant' },
      ],
    ];
    for (const items of bad) {
      const err = await rejection(h.run(({ kvs }) => kvs.batchSet(items)));
      expect([items.length, err.code, err.responseDetails?.status]).toEqual([items.length, 'BAD_REQUEST', 400]);
    }
    const page = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('over:')).getMany());
    expect(page.results).toEqual([]);
    expect(await h.run(({ kvs }) => kvs.get('dup:1'))).toBeUndefined();
  });

  test('the same key in different key spaces is not a duplicate', async () => {
    const res = await h.run(({ kvs }) =>
      kvs.batchSet<unknown>([
        { key: 'same', value: 'plain' },
        { key: 'same', value: { status: 'E' }, entityName: 'grant' },
      ]),
    );
    expect(res.failedKeys).toEqual([]);
  });

  test('a batch payload over 4 MB is rejected as a whole', async () => {
    const big = 'x'.repeat(200 * 1024);
    const items = range(21, 'mb:').map((key) => ({ key, value: big }));
    const err = await rejection(h.run(({ kvs }) => kvs.batchSet(items)));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/payload/);
    const fits = await h.run(({ kvs }) => kvs.batchSet(items.slice(0, 20)));
    expect(fits.successfulKeys).toHaveLength(20);
  });
});

describe('batchGet', () => {
  test('found items return value and entityName; missing and expired keys fail with KEY_NOT_FOUND', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('g:1', 'one');
      await kvs.set('g:ttl', 'soon', { ttl: { value: 1, unit: 'SECONDS' } });
      await kvs.entity<Grant>('grant').set('g:2', { status: 'ACTIVE' });
      await kvs.setSecret('g:3', 'secret');
      h.clock.advance(1_000);
    });
    const res = await h.run(({ kvs }) =>
      kvs.batchGet([{ key: 'g:1' }, { key: 'g:2', entityName: 'grant' }, { key: 'g:3' }, { key: 'g:ttl' }, { key: 'g:2' }]),
    );
    expect(h.calls.at(-1)?.path).toBe('/api/v1/batch/get');
    expect(h.calls.at(-1)?.body).toEqual([{ key: 'g:1' }, { key: 'g:2', entityName: 'grant' }, { key: 'g:3' }, { key: 'g:ttl' }, { key: 'g:2' }]);
    expect(res.successfulKeys).toEqual([
      { key: 'g:1', value: 'one' },
      { key: 'g:2', entityName: 'grant', value: { status: 'ACTIVE' } },
    ]);
    expect(res.failedKeys.map((f) => [f.key, f.error.code])).toEqual([
      ['g:3', 'KEY_NOT_FOUND'],
      ['g:ttl', 'KEY_NOT_FOUND'],
      ['g:2', 'KEY_NOT_FOUND'],
    ]);
  });

  test('per-item metadataFields are honoured', async () => {
    const res = await h.run(({ kvs, MetadataField }) =>
      kvs.batchGet([{ key: 'g:1', options: { metadataFields: [MetadataField.UPDATED_AT] } } as { key: string }]),
    );
    expect(res.successfulKeys).toEqual([{ key: 'g:1', value: 'one', updatedAt: expect.any(Number) }]);
  });

  test('limits: 25 keys, no repeats, at least one', async () => {
    expect((await h.run(({ kvs }) => kvs.batchGet(range(25, 'g:').map((key) => ({ key }))))).failedKeys).toHaveLength(24);
    for (const items of [range(26, 'g:').map((key) => ({ key })), [], [{ key: 'g:1' }, { key: 'g:1' }]]) {
      const err = await rejection(h.run(({ kvs }) => kvs.batchGet(items)));
      expect(err.code).toBe('BAD_REQUEST');
    }
  });
});

describe('batchDelete', () => {
  test('deletes plain and entity keys; missing keys also succeed; invalid keys fail individually', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('d:1', 1);
      await kvs.entity<Grant>('grant').set('d:2', { status: 'ACTIVE' });
    });
    const res = await h.run(({ kvs }) =>
      kvs.batchDelete([{ key: 'd:1' }, { key: 'd:2', entityName: 'grant' }, { key: 'd:missing' }, { key: '' }]),
    );
    expect(h.calls.at(-1)?.path).toBe('/api/v1/batch/delete');
    expect(res.successfulKeys).toEqual([{ key: 'd:1' }, { key: 'd:2', entityName: 'grant' }, { key: 'd:missing' }]);
    expect(res.failedKeys.map((f) => [f.key, f.error.code])).toEqual([['', 'KEY_TOO_SHORT']]);
    await h.run(async ({ kvs }) => {
      expect(await kvs.get('d:1')).toBeUndefined();
      expect(await kvs.entity('grant').get('d:2')).toBeUndefined();
    });
  });

  test('more than 25 keys fail the whole batch', async () => {
    await h.run(({ kvs }) => kvs.set('d:keep', 1));
    const err = await rejection(h.run(({ kvs }) => kvs.batchDelete([{ key: 'd:keep' }, ...range(25, 'd:x').map((key) => ({ key }))])));
    expect(err.code).toBe('BAD_REQUEST');
    expect(await h.run(({ kvs }) => kvs.get('d:keep'))).toBe(1);
  });
});

describe('transactions', () => {
  test('plain set and delete commit together; the SDK omits empty operation lists', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('tx:old', 'bye');
      await kvs.transact().set('tx:a', 1, undefined, { ttl: { value: 5, unit: 'SECONDS' } }).set('tx:b', { two: 2 }).delete('tx:old').execute();
      expect(await kvs.get('tx:a')).toBe(1);
      expect(await kvs.get('tx:b')).toEqual({ two: 2 });
      expect(await kvs.get('tx:old')).toBeUndefined();
      h.clock.advance(5_000);
      expect(await kvs.get('tx:a')).toBeUndefined();
    });
    expect(h.calls[1]?.path).toBe('/api/v1/transaction');
    expect(h.calls[1]?.body).toEqual({
      set: [
        { key: 'tx:a', value: 1, options: { ttl: { value: 5, unit: 'SECONDS' } } },
        { key: 'tx:b', value: { two: 2 } },
      ],
      delete: [{ key: 'tx:old' }],
    });
    expect(h.calls[1]?.status).toBe(204);
  });

  test('entity operations with conditions that hold are applied', async () => {
    await h.run(async ({ kvs, Filter, FilterConditions }) => {
      await kvs.entity<Grant>('grant').set('tx:g1', { status: 'PENDING', version: 1 });
      await kvs.entity<Grant>('grant').set('tx:g2', { status: 'ACTIVE', version: 7 });
      await kvs
        .transact()
        .set<Grant>('tx:g1', { status: 'ACTIVE', version: 2 }, { entityName: 'grant', conditions: new Filter<Grant>().and('version', FilterConditions.equalTo(1)) })
        .check<Grant>('tx:g2', { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.equalTo('ACTIVE')) })
        .delete<Grant>('tx:g3', { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.notExists()) })
        .execute();
      expect(await kvs.entity('grant').get('tx:g1')).toEqual({ status: 'ACTIVE', version: 2 });
    });
    expect(h.calls[2]?.body).toEqual({
      set: [{ key: 'tx:g1', value: { status: 'ACTIVE', version: 2 }, entityName: 'grant', conditions: { and: [{ property: 'version', condition: 'EQUAL_TO', values: [1] }] } }],
      delete: [{ key: 'tx:g3', entityName: 'grant', conditions: { and: [{ property: 'status', condition: 'NOT_EXISTS', values: [true] }] } }],
      check: [{ key: 'tx:g2', entityName: 'grant', conditions: { and: [{ property: 'status', condition: 'EQUAL_TO', values: ['ACTIVE'] }] } }],
    });
  });

  test('a failed check rolls back every operation with 409 CONDITIONAL_CHECK_FAILED', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('rb:plain', 'before');
      await kvs.entity<Grant>('grant').set('rb:g', { status: 'ACTIVE', version: 1 });
      await kvs.entity<Grant>('grant').set('rb:check', { status: 'REVOKED' });
    });
    const err = await rejection(
      h.run(({ kvs, Filter, FilterConditions }) =>
        kvs
          .transact()
          .set('rb:plain', 'after')
          .set('rb:new', 'created')
          .set<Grant>('rb:g', { status: 'REVOKED', version: 2 }, { entityName: 'grant' })
          .delete('rb:plain-2')
          .check<Grant>('rb:check', { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.equalTo('ACTIVE')) })
          .execute(),
      ),
    );
    expect(err).toBeInstanceOf(h.sdk.ForgeKvsAPIError);
    expect([err.code, err.responseDetails?.status, err.responseDetails?.httpPath]).toEqual(['CONDITIONAL_CHECK_FAILED', 409, '/api/v1/transaction']);
    expect(err.context).toEqual({ failedOperations: [{ operation: 'check', key: 'rb:check', entityName: 'grant' }] });
    await h.run(async ({ kvs }) => {
      expect(await kvs.get('rb:plain')).toBe('before');
      expect(await kvs.get('rb:new')).toBeUndefined();
      expect(await kvs.entity('grant').get('rb:g')).toEqual({ status: 'ACTIVE', version: 1 });
    });
  });

  test('failed conditions on set and delete also cancel the whole transaction, listing each failure', async () => {
    await h.run(({ kvs }) => kvs.entity<Grant>('grant').set('cf:1', { status: 'ACTIVE', version: 3 }));
    const err = await rejection(
      h.run(({ kvs, Filter, FilterConditions }) =>
        kvs
          .transact()
          .set<Grant>('cf:1', { version: 4 }, { entityName: 'grant', conditions: new Filter<Grant>().and('version', FilterConditions.equalTo(2)) })
          .delete<Grant>('cf:2', { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.exists()) })
          .set('cf:plain', 'never')
          .execute(),
      ),
    );
    expect(err.context).toEqual({
      failedOperations: [
        { operation: 'set', key: 'cf:1', entityName: 'grant' },
        { operation: 'delete', key: 'cf:2', entityName: 'grant' },
      ],
    });
    expect(await h.run(({ kvs }) => kvs.entity('grant').get('cf:1'))).toEqual({ status: 'ACTIVE', version: 3 });
    expect(await h.run(({ kvs }) => kvs.get('cf:plain'))).toBeUndefined();
  });

  test('conditions on a missing item: only absence tests hold, so create-if-absent works', async () => {
    const create = (owner: string) =>
      h.run(({ kvs, Filter, FilterConditions }) =>
        kvs
          .transact()
          .set<Grant>('cia:1', { status: 'ACTIVE', owner }, { entityName: 'grant', conditions: new Filter<Grant>().and('status', FilterConditions.notExists()) })
          .execute(),
      );
    await create('alice');
    expect((await rejection(create('bob'))).code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(await h.run(({ kvs }) => kvs.entity('grant').get('cia:1'))).toEqual({ status: 'ACTIVE', owner: 'alice' });
  });

  test('or-conditions hold when any item holds', async () => {
    await h.run(async ({ kvs, Filter, FilterConditions }) => {
      await kvs.entity<Grant>('grant').set('or:1', { status: 'PENDING' });
      await kvs
        .transact()
        .check<Grant>('or:1', { entityName: 'grant', conditions: new Filter<Grant>().or('status', FilterConditions.equalTo('ACTIVE')).or('status', FilterConditions.equalTo('PENDING')) })
        .set('or:done', true)
        .execute();
      expect(await kvs.get('or:done')).toBe(true);
    });
  });

  test('25 operations are accepted; 26 are rejected with nothing written', async () => {
    await h.run(async ({ kvs }) => {
      const tx = kvs.transact();
      for (const key of range(25, 'tx25:')) tx.set(key, 1);
      await tx.execute();
      expect(await kvs.get('tx25:24')).toBe(1);
    });
    const err = await rejection(
      h.run(({ kvs }) => {
        const tx = kvs.transact();
        for (const key of range(26, 'tx26:')) tx.set(key, 1);
        return tx.execute();
      }),
    );
    expect([err.code, err.responseDetails?.status]).toEqual(['BAD_REQUEST', 400]);
    expect(await h.run(({ kvs }) => kvs.get('tx26:0'))).toBeUndefined();
  });

  test('each key only once per transaction (the same key in another key space is fine)', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.transact().set('once', 1).delete('once').execute()));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/once/);
    await h.run(({ kvs }) => kvs.transact().set('once', 1).set<Grant>('once', { status: 'A' }, { entityName: 'grant' }).execute());
    expect(await h.run(({ kvs }) => kvs.get('once'))).toBe(1);
  });

  test('an invalid operation rejects the whole transaction with its own error code', async () => {
    const err = await rejection(
      h.run(({ kvs }) => kvs.transact().set('inv:ok', 1).set<Grant>('inv:bad', { version: 1.5 }, { entityName: 'grant' }).execute()),
    );
    expect([err.code, err.responseDetails?.status]).toEqual(['INVALID_ENTITY_VALUE', 400]);
    expect(await h.run(({ kvs }) => kvs.get('inv:ok'))).toBeUndefined();
    const badKey = await rejection(h.run(({ kvs }) => kvs.transact().set('inv:key/x', 1).execute()));
    expect(badKey.code).toBe('INVALID_KEY');
  });

  test('an empty transaction is rejected by the server; an empty condition builder by the SDK before sending', async () => {
    const empty = await rejection(h.run(({ kvs }) => kvs.transact().execute()));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(h.calls[0]?.body).toEqual({});
    const builder = await rejection(
      h.run(({ kvs, Filter }) => kvs.transact().check('x', { entityName: 'grant', conditions: new Filter<Grant>() as never }).execute()),
    );
    expect(builder.message).toBe('Builder must have at least one condition set');
    expect(h.calls).toHaveLength(1);
  });

  test('a transaction payload over 4 MB is rejected', async () => {
    const big = 'x'.repeat(200 * 1024);
    const err = await rejection(
      h.run(({ kvs }) => {
        const tx = kvs.transact();
        for (const key of range(21, 'txbig:')) tx.set(key, big);
        return tx.execute();
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/payload/);
  });

  test('raw rules: check needs conditions; conditions need an entity', () => {
    const check = h.service.handle('/api/v1/transaction', { check: [{ key: 'k', entityName: 'grant' }] });
    expect([check.status, (check.body as { code: string }).code]).toEqual([400, 'BAD_REQUEST']);
    const plain = h.service.handle('/api/v1/transaction', {
      set: [{ key: 'k', value: 1, conditions: { and: [{ property: 'a', condition: 'EXISTS', values: [true] }] } }],
    });
    expect([plain.status, (plain.body as { code: string }).code]).toEqual([400, 'BAD_REQUEST']);
    const emptyOr = h.service.handle('/api/v1/transaction', { check: [{ key: 'k', entityName: 'grant', conditions: { or: [] } }] });
    expect((emptyOr.body as { code: string }).code).toBe('EMPTY_FILTER_OPERATOR');
  });
});
