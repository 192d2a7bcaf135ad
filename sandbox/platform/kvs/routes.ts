import { batchDelete, batchGet, batchSet } from './batch';
import type { KvsContext } from './context';
import { queryEntities } from './entity-query';
import { deleteOne, getOne, setOne } from './key-ops';
import { queryKeys } from './key-query';
import { transact } from './transactions';
import type { KvsResult } from './types';

type Handler = (ctx: KvsContext, body: unknown) => KvsResult;

/** Every path @forge/kvs 1.6.5 posts to (`kvs/out/storage-api.js`; boundary doc §3.2). */
export const KVS_ROUTES: Readonly<Record<string, Handler>> = {
  '/api/v1/get': (ctx, body) => getOne(ctx, 'plain', body),
  '/api/v1/set': (ctx, body) => setOne(ctx, 'plain', body),
  '/api/v1/delete': (ctx, body) => deleteOne(ctx, 'plain', body),
  '/api/v1/secret/get': (ctx, body) => getOne(ctx, 'secret', body),
  '/api/v1/secret/set': (ctx, body) => setOne(ctx, 'secret', body),
  '/api/v1/secret/delete': (ctx, body) => deleteOne(ctx, 'secret', body),
  '/api/v1/entity/get': (ctx, body) => getOne(ctx, 'entity', body),
  '/api/v1/entity/set': (ctx, body) => setOne(ctx, 'entity', body),
  '/api/v1/entity/delete': (ctx, body) => deleteOne(ctx, 'entity', body),
  '/api/v1/entity/query': queryEntities,
  '/api/v1/query': queryKeys,
  '/api/v1/batch/set': batchSet,
  '/api/v1/batch/get': batchGet,
  '/api/v1/batch/delete': batchDelete,
  '/api/v1/transaction': transact,
};
