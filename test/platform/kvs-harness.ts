/**
 * Conformance harness: the real, unmodified @forge/kvs talks to KvsService through the sandbox's
 * `__forge_fetch__`, inside an invocation scope, exactly as app code does in the sandbox.
 * Not a test file itself (jest collects *.test.ts only).
 */
import { VirtualClock } from '../../sandbox/platform/clock';
import { installForgeGlobals, type ForgeFetchDescriptor } from '../../sandbox/platform/forge-globals';
import { invocationStorage, type InvocationScope } from '../../sandbox/platform/invocation-context';
import { KvsService, kvsFetchHandler, type EntityDefinition } from '../../sandbox/platform/kvs';
// Type-only: erased at compile time, so @forge/kvs is still first required after the globals exist.
import type * as ForgeKvsModule from '@forge/kvs';

export type ForgeKvs = typeof ForgeKvsModule;

export interface RecordedCall {
  descriptor: ForgeFetchDescriptor;
  path: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

/** 2026-01-01T00:00:00Z, so timestamps in assertions are readable. */
export const START_MS = Date.UTC(2026, 0, 1);

export function invocationScope(): InvocationScope {
  const appId = '5e0c7a52-2d1f-4b0e-9a49-provisio0001';
  return {
    invocationId: 'inv-kvs-test',
    functionKey: 'kvs-test-fn',
    moduleKey: 'kvs-test',
    moduleType: 'core:function',
    runtime: {
      appContext: {
        appId,
        appVersion: '1.0.0',
        environmentId: 'env-test',
        environmentType: 'DEVELOPMENT',
        invocationId: 'inv-kvs-test',
        installationId: 'install-test',
        functionKey: 'kvs-test-fn',
        moduleType: 'core:function',
        moduleKey: 'kvs-test',
        permissions: { scopes: ['storage:app'], external: {} },
      },
      lambdaContext: { awsRequestId: 'req-kvs-test', getRemainingTimeInMillis: () => 25_000 },
      contextAri: 'ari:cloud:jira::site/00000000-0000-0000-0000-000000000001',
      metrics: {},
      proxy: { token: 'sandbox', url: '' },
      tracing: { traceId: 'trace-kvs', spanId: 'span-kvs' },
      container: {},
      realtime: {},
      featureFlags: () => false,
      externalAuth: [],
    },
  };
}

export interface KvsHarness {
  clock: VirtualClock;
  readonly service: KvsService;
  readonly sdk: ForgeKvs;
  calls: RecordedCall[];
  /** Runs `fn` inside an invocation, as app code runs. */
  run<T>(fn: (sdk: ForgeKvs) => Promise<T>): Promise<T>;
  /** Swaps in a fresh service (same clock), e.g. to restore a snapshot into. */
  replaceService(entities?: EntityDefinition[]): KvsService;
}

/**
 * Call at the top of a describe block. Installs the globals in beforeAll and only then requires
 * @forge/kvs, as the sandbox does before it loads app code.
 */
export function setupKvsHarness(entities: EntityDefinition[] = []): KvsHarness {
  // Frozen between advance() calls (constant realNow), so timestamps in assertions are exact.
  const clock = new VirtualClock(START_MS, () => 0);
  let service = new KvsService({ clock, entities });
  let sdk: ForgeKvs | undefined;
  const calls: RecordedCall[] = [];

  const harness: KvsHarness = {
    clock,
    calls,
    get service() {
      return service;
    },
    get sdk() {
      if (!sdk) throw new Error('harness not installed yet (use inside tests)');
      return sdk;
    },
    run: (fn) => invocationStorage.run(invocationScope(), () => fn(harness.sdk)),
    replaceService: (defs = entities) => {
      service = new KvsService({ clock, entities: defs });
      return service;
    },
  };

  beforeAll(() => {
    installForgeGlobals({
      forgeFetch: async (descriptor, path, init, scope) => {
        if (descriptor.type !== 'kvs') throw new Error(`unexpected descriptor ${JSON.stringify(descriptor)}`);
        if (!scope) throw new Error('KVS call outside an invocation');
        const response = kvsFetchHandler(service)(path, init);
        calls.push({
          descriptor,
          path,
          method: init?.method,
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
          status: response.status,
        });
        return response;
      },
      externalFetch: async () => {
        throw new Error('no external fetch in KVS tests');
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('@forge/kvs') as ForgeKvs;
  });

  beforeEach(() => {
    calls.length = 0;
  });

  return harness;
}

/** The rejection a KVS call produced, for asserting on `code`, `message` and `responseDetails`. */
export async function rejection(promise: Promise<unknown>): Promise<{
  name: string;
  code?: string;
  message: string;
  context?: Record<string, unknown>;
  responseDetails?: { status: number; statusText: string; httpMethod: string; httpPath: string };
}> {
  try {
    await promise;
  } catch (e) {
    return e as Awaited<ReturnType<typeof rejection>>;
  }
  throw new Error('expected the KVS call to be rejected, but it resolved');
}
