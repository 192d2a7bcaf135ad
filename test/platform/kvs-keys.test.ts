/**
 * Conformance: plain keys and secrets through the real @forge/kvs SDK against KvsService.
 */
import { START_MS, rejection, setupKvsHarness } from './kvs-harness';

const h = setupKvsHarness();
const START_S = START_MS / 1000;

function nest(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { n: v };
  return v;
}

describe('seam: how @forge/kvs reaches the service', () => {
  test('set posts JSON to /api/v1/set with the default kvs descriptor and no proxy headers', async () => {
    await h.run(({ kvs }) => kvs.set('grant:1', { status: 'ACTIVE' }));
    expect(h.calls).toHaveLength(1);
    const [call] = h.calls;
    expect(call?.descriptor).toEqual({ type: 'kvs', provider: 'app', remote: 'kvs' });
    expect(call?.path).toBe('/api/v1/set');
    expect(call?.method).toBe('POST');
    expect(call?.headers).toEqual({ 'content-type': 'application/json' });
    expect(call?.body).toEqual({ key: 'grant:1', value: { status: 'ACTIVE' } });
    expect(call?.status).toBe(204);
  });

  test('a rejected request surfaces as ForgeKvsAPIError with the server code and response details', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.set('bad/key', 1)));
    expect(err).toBeInstanceOf(h.sdk.ForgeKvsAPIError);
    expect(err.name).toBe('ForgeKvsError');
    expect(err.code).toBe('INVALID_KEY');
    expect(err.responseDetails).toMatchObject({ status: 400, statusText: 'Bad Request', httpMethod: 'POST', httpPath: '/api/v1/set' });
  });
});

describe('get / set / delete', () => {
  test('values of every JSON type round-trip unchanged', async () => {
    const values: [string, unknown][] = [
      ['t:string', 'héllo ✓'],
      ['t:number', 42.5],
      ['t:zero', 0],
      ['t:false', false],
      ['t:array', [1, 'two', { three: 3 }]],
      ['t:object', { a: { b: [null, true] }, c: '' }],
    ];
    await h.run(async ({ kvs }) => {
      for (const [k, v] of values) await kvs.set(k, v);
      for (const [k, v] of values) expect(await kvs.get(k)).toEqual(v);
    });
  });

  test('a missing key reads as undefined: the server answers 404 KEY_NOT_FOUND and the SDK swallows it', async () => {
    expect(await h.run(({ kvs }) => kvs.get('never:set'))).toBeUndefined();
    expect(h.calls[0]?.status).toBe(404);
  });

  test('set overwrites by default; delete removes; deleting a missing key resolves', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('lww', 'first');
      await kvs.set('lww', 'second');
      expect(await kvs.get('lww')).toBe('second');
      await kvs.delete('lww');
      expect(await kvs.get('lww')).toBeUndefined();
      await expect(kvs.delete('lww')).resolves.toBeUndefined();
    });
    expect(h.calls.map((c) => [c.path, c.status])).toEqual([
      ['/api/v1/set', 204],
      ['/api/v1/set', 204],
      ['/api/v1/get', 200],
      ['/api/v1/delete', 204],
      ['/api/v1/get', 404],
      ['/api/v1/delete', 404],
    ]);
  });

  test('stored values are copies: mutating a value after set does not change the store', async () => {
    const value = { list: [1] };
    await h.run(async ({ kvs }) => {
      await kvs.set('copy', value);
      value.list.push(2);
      expect(await kvs.get('copy')).toEqual({ list: [1] });
    });
  });
});

describe('metadata fields', () => {
  test('createdAt survives overwrites, updatedAt moves, both in epoch seconds of the virtual clock', async () => {
    const t0 = Math.floor(h.clock.now() / 1000);
    await h.run(async ({ kvs, MetadataField }) => {
      await kvs.set('meta', 1);
      h.clock.advance(5_000);
      await kvs.set('meta', 2);
      const got = await kvs.get('meta', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME] });
      expect(got).toEqual({ key: 'meta', value: 2, createdAt: t0, updatedAt: t0 + 5 });
    });
    expect(t0).toBeGreaterThanOrEqual(START_S);
  });

  test('only the requested fields are returned', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      await kvs.set('meta2', 'x', { ttl: { value: 1, unit: 'HOURS' } });
      const got = await kvs.get('meta2', { metadataFields: [MetadataField.EXPIRE_TIME] });
      expect(Object.keys(got ?? {}).sort()).toEqual(['expireTime', 'key', 'value']);
    });
    expect(h.calls[1]?.body).toEqual({ key: 'meta2', options: { metadataFields: ['EXPIRE_TIME'] } });
  });

  test('an unknown metadata field is a 400 BAD_REQUEST', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.get('meta', { metadataFields: ['INVALID_METADATA_FIELD' as never] })));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.responseDetails?.status).toBe(400);
  });
});

describe('TTL against the virtual clock', () => {
  test('an item expires exactly when its TTL has passed, then behaves as missing', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      await kvs.set('ttl:a', 'v', { ttl: { value: 30, unit: 'SECONDS' } });
      const written = h.clock.now();
      const got = await kvs.get('ttl:a', { metadataFields: [MetadataField.EXPIRE_TIME] });
      expect(got?.expireTime).toBe(new Date(written + 30_000).toISOString());
      h.clock.advance(29_000);
      expect(await kvs.get('ttl:a')).toBe('v');
      h.clock.advance(1_000);
      expect(await kvs.get('ttl:a')).toBeUndefined();
      await kvs.set('ttl:a', 'again', { keyPolicy: 'FAIL_IF_EXISTS' });
      expect(await kvs.get('ttl:a')).toBe('again');
    });
  });

  test('each TTL unit converts to the right expiry', async () => {
    const units = [
      ['SECONDS', 1_000],
      ['MINUTES', 60_000],
      ['HOURS', 3_600_000],
      ['DAYS', 86_400_000],
    ] as const;
    await h.run(async ({ kvs, MetadataField }) => {
      for (const [unit, ms] of units) {
        await kvs.set(`ttl:${unit}`, 1, { ttl: { value: 2, unit } });
        const got = await kvs.get(`ttl:${unit}`, { metadataFields: [MetadataField.EXPIRE_TIME] });
        expect(got?.expireTime).toBe(new Date(h.clock.now() + 2 * ms).toISOString());
      }
    });
  });

  test('a write without TTL clears an earlier TTL', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('ttl:cleared', 1, { ttl: { value: 1, unit: 'SECONDS' } });
      await kvs.set('ttl:cleared', 2);
      h.clock.advance(2_000);
      expect(await kvs.get('ttl:cleared')).toBe(2);
    });
  });

  test('TTL of one year (365 days) is accepted; more, zero, negative, fractional or unknown units are rejected', async () => {
    await h.run(({ kvs }) => kvs.set('ttl:year', 1, { ttl: { value: 365, unit: 'DAYS' } }));
    const bad = [
      { value: 366, unit: 'DAYS' },
      { value: 8761, unit: 'HOURS' },
      { value: 0, unit: 'SECONDS' },
      { value: -1, unit: 'SECONDS' },
      { value: 1.5, unit: 'MINUTES' },
      { value: 1, unit: 'WEEKS' },
    ];
    for (const ttl of bad) {
      const err = await rejection(h.run(({ kvs }) => kvs.set('ttl:bad', 1, { ttl: ttl as never })));
      expect([ttl, err.code, err.responseDetails?.status]).toEqual([ttl, 'BAD_REQUEST', 400]);
    }
    expect(await h.run(({ kvs }) => kvs.get('ttl:bad'))).toBeUndefined();
  });
});

describe('set options: keyPolicy and returnValue', () => {
  test('FAIL_IF_EXISTS creates once, then fails with 409 KEY_CONFLICT and leaves the value alone', async () => {
    await h.run(({ kvs }) => kvs.set('lock:1', 'owner-a', { keyPolicy: 'FAIL_IF_EXISTS' }));
    const err = await rejection(h.run(({ kvs }) => kvs.set('lock:1', 'owner-b', { keyPolicy: 'FAIL_IF_EXISTS' })));
    expect(err.code).toBe('KEY_CONFLICT');
    expect(err.responseDetails?.status).toBe(409);
    expect(await h.run(({ kvs }) => kvs.get('lock:1'))).toBe('owner-a');
    await h.run(({ kvs }) => kvs.set('lock:1', 'owner-c', { keyPolicy: 'OVERRIDE' }));
    expect(await h.run(({ kvs }) => kvs.get('lock:1'))).toBe('owner-c');
  });

  test('returnValue LATEST returns the new item with the requested metadata', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      await kvs.set('rv:1', 'old');
      h.clock.advance(3_000);
      const now = Math.floor(h.clock.now() / 1000);
      const res = await kvs.set('rv:1', 'new', {
        keyPolicy: 'OVERRIDE',
        returnValue: 'LATEST',
        returnMetadataFields: [MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME],
        ttl: { value: 10, unit: 'MINUTES' },
      });
      expect(res).toEqual({ key: 'rv:1', value: 'new', updatedAt: now, expireTime: new Date(h.clock.now() + 600_000).toISOString() });
    });
  });

  test('returnValue PREVIOUS returns the prior item, or undefined (204) when there was none', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      const created = Math.floor(h.clock.now() / 1000);
      expect(await kvs.set('rv:2', 'first', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
      h.clock.advance(1_000);
      const prev = await kvs.set('rv:2', 'second', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', returnMetadataFields: [MetadataField.CREATED_AT] });
      expect(prev).toEqual({ key: 'rv:2', value: 'first', createdAt: created });
      expect(await kvs.get('rv:2')).toBe('second');
    });
    expect(h.calls.map((c) => c.status)).toEqual([204, 200, 200]);
  });

  test('without returnValue, set resolves to undefined', async () => {
    expect(await h.run(({ kvs }) => kvs.set('rv:3', 1, { keyPolicy: 'OVERRIDE' }))).toBeUndefined();
  });

  test('invalid keyPolicy / returnValue / unknown option fields are 400 BAD_REQUEST', async () => {
    for (const options of [{ keyPolicy: 'SOMETIMES' }, { keyPolicy: 'OVERRIDE', returnValue: 'BOTH' }, { ttl: { value: 1, unit: 'DAYS' }, retries: 3 }]) {
      const err = await rejection(h.run(({ kvs }) => kvs.set('opt', 1, options as never)));
      expect(err.code).toBe('BAD_REQUEST');
    }
  });
});

describe('key rules (1–500 chars, documented regex)', () => {
  test('empty key: KEY_TOO_SHORT; 501 chars: KEY_TOO_LONG; outside the regex: INVALID_KEY — on get, set and delete', async () => {
    const cases: [string, string][] = [
      ['', 'KEY_TOO_SHORT'],
      ['k'.repeat(501), 'KEY_TOO_LONG'],
      ['a/b', 'INVALID_KEY'],
      ['a$b', 'INVALID_KEY'],
      ['naïve', 'INVALID_KEY'],
      ['   ', 'INVALID_KEY'],
    ];
    for (const [key, code] of cases) {
      for (const op of ['get', 'set', 'delete'] as const) {
        const err = await rejection(
          h.run(({ kvs }) => (op === 'get' ? kvs.get(key) : op === 'set' ? kvs.set(key, 1) : kvs.delete(key))),
        );
        expect([key.slice(0, 10), op, err.code, err.responseDetails?.status]).toEqual([key.slice(0, 10), op, code, 400]);
      }
    }
  });

  test('500 characters and every allowed character class are accepted', async () => {
    await h.run(async ({ kvs }) => {
      const long = 'k'.repeat(500);
      await kvs.set(long, 'max');
      expect(await kvs.get(long)).toBe('max');
      const odd = 'Az09:._-# with spaces\tand tab';
      await kvs.set(odd, 'ok');
      expect(await kvs.get(odd)).toBe('ok');
    });
  });
});

describe('value rules (240 KiB, depth 32, no null)', () => {
  const MAX = 240 * 1024;

  test('a value of exactly 240 KiB of JSON is stored; one byte more is MAX_SIZE', async () => {
    await h.run(({ kvs }) => kvs.set('big:ok', 'x'.repeat(MAX - 2)));
    expect((await h.run(({ kvs }) => kvs.get<string>('big:ok')))?.length).toBe(MAX - 2);
    const err = await rejection(h.run(({ kvs }) => kvs.set('big:no', 'x'.repeat(MAX - 1))));
    expect([err.code, err.responseDetails?.status]).toEqual(['MAX_SIZE', 400]);
  });

  test('size is measured in UTF-8 bytes, not characters', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.set('big:utf8', 'é'.repeat(MAX / 2))));
    expect(err.code).toBe('MAX_SIZE');
    await h.run(({ kvs }) => kvs.set('big:utf8', 'é'.repeat(MAX / 2 - 1)));
  });

  test('objects nest up to depth 32; depth 33 is MAX_DEPTH (arrays count too)', async () => {
    await h.run(({ kvs }) => kvs.set('deep:ok', nest(32)));
    expect(await h.run(({ kvs }) => kvs.get('deep:ok'))).toEqual(nest(32));
    const err = await rejection(h.run(({ kvs }) => kvs.set('deep:no', nest(33))));
    expect([err.code, err.responseDetails?.status]).toEqual(['MAX_DEPTH', 400]);
    const arr = await rejection(h.run(({ kvs }) => kvs.set('deep:arr', [nest(32)])));
    expect(arr.code).toBe('MAX_DEPTH');
  });

  test('null and undefined values are rejected with BAD_REQUEST', async () => {
    for (const value of [null, undefined]) {
      const err = await rejection(h.run(({ kvs }) => kvs.set('nullish', value)));
      expect(err.code).toBe('BAD_REQUEST');
    }
  });
});

describe('secrets', () => {
  test('secrets are a separate namespace from plain keys', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.set('okta:key', 'plain-value');
      await kvs.setSecret('okta:key', { privateKey: 'SECRET-PEM' });
      expect(await kvs.get('okta:key')).toBe('plain-value');
      expect(await kvs.getSecret('okta:key')).toEqual({ privateKey: 'SECRET-PEM' });
      await kvs.deleteSecret('okta:key');
      expect(await kvs.getSecret('okta:key')).toBeUndefined();
      expect(await kvs.get('okta:key')).toBe('plain-value');
    });
    expect(h.calls.map((c) => c.path)).toEqual([
      '/api/v1/set',
      '/api/v1/secret/set',
      '/api/v1/get',
      '/api/v1/secret/get',
      '/api/v1/secret/delete',
      '/api/v1/secret/get',
      '/api/v1/get',
    ]);
  });

  test('secrets are never returned by kvs.query, with or without a prefix', async () => {
    await h.run(async ({ kvs }) => {
      await kvs.setSecret('hidden:1', 'SECRET-1');
      await kvs.set('visible:1', 'v');
      const all = await kvs.query().limit(100).getMany();
      const prefixed = await kvs.query().where('key', h.sdk.WhereConditions.beginsWith('hidden')).getMany();
      expect(all.results.map((r) => r.key)).not.toContain('hidden:1');
      expect(prefixed.results).toEqual([]);
    });
    const inspected = h.service.inspect();
    expect(inspected.secretKeys).toContain('hidden:1');
    expect(JSON.stringify(inspected.values)).not.toContain('SECRET-1');
  });

  test('secret values are capped at 128 KiB, below the plain limit', async () => {
    const max = 128 * 1024;
    await h.run(({ kvs }) => kvs.setSecret('sec:big', 'x'.repeat(max - 2)));
    const err = await rejection(h.run(({ kvs }) => kvs.setSecret('sec:big2', 'x'.repeat(max - 1))));
    expect([err.code, err.responseDetails?.httpPath]).toEqual(['MAX_SIZE', '/api/v1/secret/set']);
    await h.run(({ kvs }) => kvs.set('plain:big', 'x'.repeat(max - 1)));
  });

  test('secret set options and metadata behave like plain set', async () => {
    await h.run(async ({ kvs, MetadataField }) => {
      await kvs.setSecret('sec:opt', 'a', { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 1, unit: 'MINUTES' } });
      const conflict = await rejection(kvs.setSecret('sec:opt', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }));
      expect(conflict.code).toBe('KEY_CONFLICT');
      const prev = await kvs.setSecret('sec:opt', 'c', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
      expect(prev).toEqual({ key: 'sec:opt', value: 'a' });
      const got = await kvs.getSecret('sec:opt', { metadataFields: [MetadataField.CREATED_AT] });
      expect(got).toEqual({ key: 'sec:opt', value: 'c', createdAt: Math.floor(h.clock.now() / 1000) });
      h.clock.advance(60_000);
      expect(await kvs.getSecret('sec:opt')).toBe('c');
      await kvs.setSecret('sec:ttl', 'gone', { ttl: { value: 1, unit: 'SECONDS' } });
      h.clock.advance(1_000);
      expect(await kvs.getSecret('sec:ttl')).toBeUndefined();
    });
  });

  test('secret keys follow the same key rules', async () => {
    const err = await rejection(h.run(({ kvs }) => kvs.getSecret('')));
    expect(err.code).toBe('KEY_TOO_SHORT');
  });
});
