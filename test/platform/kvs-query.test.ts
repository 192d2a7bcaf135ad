/**
 * Conformance: `kvs.query()` (plain keys, BEGINS_WITH, limit, cursor) through the real SDK.
 */
import { START_MS, rejection, setupKvsHarness } from './kvs-harness';

const h = setupKvsHarness([{ name: 'grant', attributes: { status: { type: 'string' } }, indexes: ['status'] }]);

const pad = (n: number): string => String(n).padStart(3, '0');
const GRANT_KEYS = Array.from({ length: 25 }, (_, i) => `grant:${pad(i)}`);

beforeAll(async () => {
  await h.run(async ({ kvs }) => {
    // Written in reverse so insertion order differs from key order.
    for (const key of [...GRANT_KEYS].reverse()) await kvs.set(key, { n: key });
    await kvs.set('Grant:upper', 'U');
    await kvs.set('other:1', 'o');
    await kvs.setSecret('grant:secret', 'S');
    await kvs.entity('grant').set('grant:entity', { status: 'ACTIVE' });
  });
});

async function collect(prefix: string, limit: number): Promise<{ keys: string[]; pages: number[]; cursors: (string | undefined)[] }> {
  const keys: string[] = [];
  const pages: number[] = [];
  const cursors: (string | undefined)[] = [];
  let cursor: string | undefined;
  do {
    const page = await h.run(({ kvs, WhereConditions }) => {
      const q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
      return (cursor ? q.cursor(cursor) : q).getMany();
    });
    keys.push(...page.results.map((r) => r.key));
    pages.push(page.results.length);
    cursor = page.nextCursor;
    cursors.push(cursor);
  } while (cursor && pages.length < 100);
  return { keys, pages, cursors };
}

describe('kvs.query', () => {
  test('request shape: where BEGINS_WITH on key, limit, and the cursor sent back as `after`', async () => {
    const first = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('grant:')).limit(5).getMany());
    await h.run(({ kvs, WhereConditions }) =>
      kvs.query().where('key', WhereConditions.beginsWith('grant:')).limit(5).cursor(first.nextCursor as string).getMany(),
    );
    expect(h.calls.map((c) => [c.path, c.body])).toEqual([
      ['/api/v1/query', { limit: 5, where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['grant:'] }] }],
      ['/api/v1/query', { limit: 5, after: first.nextCursor, where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['grant:'] }] }],
    ]);
  });

  test('results are {key, value} in ascending key order, only plain keys with the prefix', async () => {
    const page = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('grant:')).limit(3).getMany());
    expect(page.results).toEqual([
      { key: 'grant:000', value: { n: 'grant:000' } },
      { key: 'grant:001', value: { n: 'grant:001' } },
      { key: 'grant:002', value: { n: 'grant:002' } },
    ]);
    expect(typeof page.nextCursor).toBe('string');
  });

  test('paging by 7 returns every matching key exactly once, in order; the last page has no cursor', async () => {
    const { keys, pages, cursors } = await collect('grant:', 7);
    expect(keys).toEqual(GRANT_KEYS);
    expect(pages).toEqual([7, 7, 7, 4]);
    expect(cursors[cursors.length - 1]).toBeUndefined();
    expect(keys).not.toContain('grant:secret');
    expect(keys).not.toContain('grant:entity');
  });

  test('an exact multiple of the limit ends without an empty extra page', async () => {
    const { pages } = await collect('grant:', 5);
    expect(pages).toEqual([5, 5, 5, 5, 5]);
  });

  test('the default page size is 10', async () => {
    const page = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('grant:')).getMany());
    expect(page.results).toHaveLength(10);
    expect(h.calls[0]?.body).toEqual({ where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['grant:'] }] });
  });

  test('limit 100 is the maximum; 101 and 0 are rejected with BAD_REQUEST', async () => {
    const page = await h.run(({ kvs }) => kvs.query().limit(100).getMany());
    expect(page.results.map((r) => r.key)).toEqual(['Grant:upper', ...GRANT_KEYS, 'other:1']);
    expect(page.nextCursor).toBeUndefined();
    for (const limit of [101, 0, 2.5]) {
      const err = await rejection(h.run(({ kvs }) => kvs.query().limit(limit).getMany()));
      expect([limit, err.code, err.responseDetails?.status]).toEqual([limit, 'BAD_REQUEST', 400]);
    }
  });

  test('without where, every plain key is listed in code-unit order (upper case first)', async () => {
    const page = await h.run(({ kvs }) => kvs.query().limit(2).getMany());
    expect(page.results.map((r) => r.key)).toEqual(['Grant:upper', 'grant:000']);
  });

  test('getOne sends limit 1 and returns the first key, or undefined when nothing matches', async () => {
    const one = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('other')).getOne());
    expect(one).toEqual({ key: 'other:1', value: 'o' });
    expect(h.calls[0]?.body).toMatchObject({ limit: 1 });
    const none = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('zzz')).getOne());
    expect(none).toBeUndefined();
  });

  test('metadataFields given to kvs.query(options) are returned per result', async () => {
    const page = await h.run(({ kvs, WhereConditions, MetadataField }) =>
      kvs.query({ metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] }).where('key', WhereConditions.beginsWith('other')).getMany(),
    );
    expect(page.results).toEqual([{ key: 'other:1', value: 'o', createdAt: START_MS / 1000, updatedAt: START_MS / 1000 }]);
  });

  test('a cursor is bound to its query: another prefix or a forged cursor is rejected', async () => {
    const first = await h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('grant:')).limit(2).getMany());
    const other = await rejection(
      h.run(({ kvs, WhereConditions }) => kvs.query().where('key', WhereConditions.beginsWith('other')).cursor(first.nextCursor as string).getMany()),
    );
    expect(other.code).toBe('BAD_REQUEST');
    const forged = await rejection(h.run(({ kvs }) => kvs.query().cursor('not-a-cursor').getMany()));
    expect(forged.code).toBe('BAD_REQUEST');
  });

  test('writes between pages: keys before the cursor are not revisited, later keys appear, deleted keys vanish', async () => {
    await h.run(async ({ kvs, WhereConditions }) => {
      await kvs.set('page:b', 1);
      await kvs.set('page:d', 1);
      await kvs.set('page:f', 1);
      const first = await kvs.query().where('key', WhereConditions.beginsWith('page:')).limit(2).getMany();
      expect(first.results.map((r) => r.key)).toEqual(['page:b', 'page:d']);
      await kvs.set('page:a', 1);
      await kvs.set('page:e', 1);
      await kvs.delete('page:f');
      const second = await kvs.query().where('key', WhereConditions.beginsWith('page:')).limit(2).cursor(first.nextCursor as string).getMany();
      expect(second.results.map((r) => r.key)).toEqual(['page:e']);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  test('expired keys are not listed', async () => {
    await h.run(async ({ kvs, WhereConditions }) => {
      await kvs.set('exp:1', 1, { ttl: { value: 10, unit: 'SECONDS' } });
      await kvs.set('exp:2', 2);
      h.clock.advance(10_000);
      const page = await kvs.query().where('key', WhereConditions.beginsWith('exp:')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['exp:2']);
    });
  });

  test('only key BEGINS_WITH is supported as a where condition', async () => {
    const badProperty = await rejection(
      h.run(({ kvs, WhereConditions }) => kvs.query().where('value' as 'key', WhereConditions.beginsWith('x')).getMany()),
    );
    expect(badProperty.code).toBe('BAD_REQUEST');
    const badCondition = await rejection(
      h.run(({ kvs, FilterConditions }) => kvs.query().where('key', FilterConditions.equalTo('x') as never).getMany()),
    );
    expect(badCondition.code).toBe('BAD_REQUEST');
  });
});
