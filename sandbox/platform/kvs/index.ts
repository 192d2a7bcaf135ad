import { STATUS_CODES } from 'node:http';
import type { Clock } from '../clock';
import type { KvsContext } from './context';
import { buildEntitySchemas } from './entities';
import { KvsError, KvsErrorCode } from './errors';
import { KVS_ROUTES } from './routes';
import { KvsStore, compareStrings } from './store';
import type { EntityDefinition, KvsResult, KvsSnapshot } from './types';

export type { EntityAttributeType, EntityDefinition, KvsResult, KvsSnapshot, SnapshotItem } from './types';
export { KvsErrorCode } from './errors';
export * as kvsLimits from './limits';

export interface KvsServiceOptions {
  clock: Clock;
  /** Manifest `app.storage.entities` (empty when the app declares none). */
  entities: EntityDefinition[];
}

/**
 * The emulated Forge KVS and Custom Entity Store for one installation: the platform side of every
 * request @forge/kvs 1.6.5 sends through `__forge_fetch__({type:'kvs'}, path, init)`.
 * See forge-platform-boundary.md §3 for the wire contract and ./limits.ts for the enforced limits.
 */
export class KvsService {
  private readonly ctx: KvsContext;
  /** Operations handled, by path (including rejected ones), so benchmarks can count KVS calls. */
  readonly stats: Record<string, number> = {};

  constructor(opts: KvsServiceOptions) {
    this.ctx = { store: new KvsStore(opts.clock), schemas: buildEntitySchemas(opts.entities) };
  }

  /** Handles one SDK call: the path after the descriptor (e.g. '/api/v1/set') and the parsed JSON body. Never throws. */
  handle(path: string, body: unknown): KvsResult {
    const route = path.split('?')[0] ?? path;
    this.stats[route] = (this.stats[route] ?? 0) + 1;
    const handler = KVS_ROUTES[route];
    if (!handler) {
      return { status: 404, body: { code: KvsErrorCode.NOT_FOUND, message: `No KVS endpoint at ${route}` } };
    }
    try {
      return handler(this.ctx, body);
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: e.toBody() };
      const message = e instanceof Error ? e.message : String(e);
      return { status: 500, body: { code: KvsErrorCode.INTERNAL_SERVER_ERROR, message: `An internal server error has occurred: ${message}` } };
    }
  }

  /** Every live item (plain, secret, entity), JSON-serialisable, for persisting across sandbox restarts. */
  snapshot(): KvsSnapshot {
    return this.ctx.store.snapshot();
  }

  /** Replaces all stored data with the snapshot's. */
  restore(snapshot: KvsSnapshot): void {
    this.ctx.store.restore(snapshot);
  }

  /** For tests that scan storage: every live non-secret value (plain keys and entities) and, separately, secret keys. */
  inspect(): { values: { key: string; entityName?: string; value: unknown }[]; secretKeys: string[] } {
    const snap = this.ctx.store.snapshot();
    const values: { key: string; entityName?: string; value: unknown }[] = snap.plain.map(({ key, value }) => ({ key, value }));
    for (const [entityName, items] of Object.entries(snap.entities)) {
      for (const { key, value } of items) values.push({ key, entityName, value });
    }
    return { values, secretKeys: snap.secrets.map(({ key }) => key).sort(compareStrings) };
  }
}

/** Builds the WHATWG Response the SDK expects: 204 with an empty body, JSON otherwise. */
export function kvsResponse(result: KvsResult): Response {
  const statusText = STATUS_CODES[result.status] ?? '';
  if (result.status === 204 || result.body === undefined) {
    return new Response(null, { status: result.status, statusText });
  }
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Convenience for the `__forge_fetch__` router: `(path, init) => Response` for descriptors of
 * `type: 'kvs'`. The SDK always POSTs a JSON string body; anything else is a 400.
 */
export function kvsFetchHandler(service: KvsService): (path: string, init?: RequestInit) => Response {
  return (path, init) => {
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || typeof init?.body !== 'string') {
      return kvsResponse({ status: 400, body: { code: KvsErrorCode.BAD_REQUEST, message: 'KVS requests must be POST with a JSON string body' } });
    }
    let body: unknown;
    try {
      body = JSON.parse(init.body);
    } catch {
      return kvsResponse({ status: 400, body: { code: KvsErrorCode.BAD_REQUEST, message: 'Provided request body is not valid JSON' } });
    }
    return kvsResponse(service.handle(path, body));
  };
}
