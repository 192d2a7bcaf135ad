import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { RealDate } from './clock';
import type { ForgeRuntime, InvocationScope } from './invocation-context';
import { InvocationCrashedError, invocationStorage } from './invocation-context';
import type { InvocationLog, InvocationRecord } from './invocation-log';
import { functionContext, type Installation } from './installation';
import type { AppManifest } from './manifest';

export type ModuleType = 'resolver' | 'trigger' | 'scheduledTrigger' | 'webtrigger' | 'consumer';

/** Forge's documented per-kind limits (forge-and-api-facts.md §1.2). */
const DEFAULT_LIMIT_SECONDS: Record<ModuleType, number> = {
  resolver: 25,
  webtrigger: 55,
  // Product triggers have no documented row; the general 25 s applies.
  trigger: 25,
  consumer: 55,
  scheduledTrigger: 55,
};
const MAX_LONG_RUNNING_SECONDS = 900;

export interface RunRequest {
  functionKey: string;
  moduleKey: string;
  moduleType: ModuleType;
  payload: unknown;
  principalAccountId?: string;
}

export type RunOutcome =
  | { ok: true; result: unknown; record: InvocationRecord }
  | { ok: false; error: Error; timedOut: boolean; record: InvocationRecord };

export class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
}

/** Per-invocation bookkeeping the platform's fetch routers add to (see InvocationRecord.calls). */
export const recordOf = new WeakMap<InvocationScope, InvocationRecord>();

/**
 * Runs one handler the way the Forge runtime wrapper does: resolves `handler` to an export of
 * src/<module>, builds `__forge_runtime__` for the invocation, calls `fn(payload, context)` inside
 * its async-local scope, and enforces the module's time limit on real time.
 */
export class FunctionRunner {
  /** Lower it in tests to exercise time limits quickly; 1 means Forge's real limits. */
  timeLimitScale = 1;

  constructor(
    private readonly projectRoot: string,
    private readonly manifest: AppManifest,
    private readonly installation: Installation,
    private readonly log: InvocationLog,
    private readonly virtualNow: () => number,
  ) {}

  timeLimitSeconds(functionKey: string, moduleType: ModuleType): number {
    const fn = this.manifest.functions.get(functionKey);
    if (moduleType === 'consumer' || moduleType === 'scheduledTrigger') {
      return Math.min(fn?.timeoutSeconds ?? DEFAULT_LIMIT_SECONDS[moduleType], MAX_LONG_RUNNING_SECONDS);
    }
    return DEFAULT_LIMIT_SECONDS[moduleType];
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const fn = this.manifest.functions.get(request.functionKey);
    if (!fn) throw new Error(`manifest has no function '${request.functionKey}'`);
    const invocationId = randomUUID();
    const limitMs = this.timeLimitSeconds(request.functionKey, request.moduleType) * 1000 * this.timeLimitScale;
    const realStart = RealDate.now();
    const record: InvocationRecord = {
      invocationId,
      functionKey: request.functionKey,
      moduleKey: request.moduleKey,
      moduleType: request.moduleType,
      start: new RealDate(this.virtualNow()).toISOString(),
      outcome: 'running',
      principalAccountId: request.principalAccountId,
      calls: {},
      logs: [],
    };
    this.log.add(record);
    const scope: InvocationScope = {
      invocationId,
      functionKey: request.functionKey,
      moduleKey: request.moduleKey,
      moduleType: request.moduleType,
      principalAccountId: request.principalAccountId,
      runtime: this.runtimeFor(invocationId, request, realStart + limitMs),
    };
    recordOf.set(scope, record);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new InvocationTimeoutError(`${request.functionKey} exceeded its ${limitMs / 1000} s time limit`)), limitMs);
    });
    const finish = (outcome: InvocationRecord['outcome'], error?: Error) => {
      clearTimeout(timer);
      record.outcome = outcome;
      record.end = new RealDate(this.virtualNow()).toISOString();
      record.durationMs = RealDate.now() - realStart;
      if (error) record.error = `${error.name}: ${error.message}`;
    };
    try {
      const handler = this.resolveHandler(fn.handler);
      const context = functionContext(this.installation, request.principalAccountId);
      const result = await Promise.race([invocationStorage.run(scope, () => handler(request.payload, context)), timeout]);
      // A crashed invocation failed whatever the app code made of it afterwards.
      if (scope.crashed) throw new InvocationCrashedError('the invocation crashed (sandbox fault)');
      const asRetry = result as { _retry?: unknown } | undefined;
      finish(asRetry && asRetry._retry === true ? 'retry-requested' : 'success');
      return { ok: true, result, record };
    } catch (thrown) {
      const crash = scope.crashed && !(thrown instanceof InvocationCrashedError) ? new InvocationCrashedError('the invocation crashed (sandbox fault)') : undefined;
      const error = crash ?? (thrown instanceof Error ? thrown : new Error(String(thrown)));
      const timedOut = error instanceof InvocationTimeoutError;
      finish(timedOut ? 'timeout' : 'error', error);
      return { ok: false, error, timedOut, record };
    }
  }

  private resolveHandler(handler: string): (payload: unknown, context: unknown) => unknown {
    const [moduleName, exportName] = handler.split('.') as [string, string];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app is loaded the way Forge's wrapper loads it
    const loaded = require(path.join(this.projectRoot, 'src', moduleName)) as Record<string, unknown>;
    const fn = loaded[exportName];
    if (typeof fn !== 'function') throw new Error(`src/${moduleName} has no exported function '${exportName}'`);
    return fn as (payload: unknown, context: unknown) => unknown;
  }

  private runtimeFor(invocationId: string, request: RunRequest, realDeadline: number): ForgeRuntime {
    const noop = () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {}, set() {}, measure: () => ({ stop() {} }) });
    return {
      appContext: {
        appId: this.installation.appId,
        appVersion: this.installation.appVersion,
        environmentId: this.installation.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId,
        installationId: this.installation.installationId,
        functionKey: request.functionKey,
        moduleType: request.moduleType,
        moduleKey: request.moduleKey,
        permissions: { scopes: this.manifest.scopes, external: { fetch: { backend: this.manifest.egressBackend } } },
      },
      lambdaContext: { awsRequestId: invocationId, getRemainingTimeInMillis: () => Math.max(0, realDeadline - RealDate.now()) },
      contextAri: this.installation.contextAri,
      ...(request.principalAccountId ? { aaid: request.principalAccountId } : {}),
      metrics: { counter: noop, timing: noop, gauge: noop },
      proxy: { token: 'sandbox', url: '' },
      tracing: { traceId: invocationId.replace(/-/g, ''), spanId: invocationId.slice(0, 16) },
      container: { appCodeDir: this.projectRoot },
      realtime: {},
      featureFlags: () => false,
      externalAuth: [],
    };
  }
}
