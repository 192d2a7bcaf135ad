import { AsyncLocalStorage } from 'node:async_hooks';

/** The shape of `global.__forge_runtime__` that @forge/api reads (see forge-platform-boundary.md §1.2). */
export interface ForgeRuntime {
  appContext: {
    appId: string;
    appVersion: string;
    environmentId: string;
    environmentType: string;
    invocationId: string;
    installationId: string;
    functionKey: string;
    moduleType: string;
    moduleKey: string;
    permissions: { scopes: string[]; external: Record<string, unknown> };
  };
  lambdaContext: { awsRequestId: string; getRemainingTimeInMillis(): number };
  contextAri: string;
  aaid?: string;
  metrics: unknown;
  proxy: { token: string; url: string };
  tracing: { traceId: string; spanId: string };
  container: { appCodeDir?: string };
  realtime: Record<string, unknown>;
  featureFlags: (flag: string) => boolean;
  externalAuth: unknown[];
}

/** What the platform knows about the invocation in progress. */
export interface InvocationScope {
  invocationId: string;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  /** The user the invocation runs for (resolvers); absent for triggers, consumers, web triggers. */
  principalAccountId?: string;
  runtime: ForgeRuntime;
  /** Set by a crash fault: the invocation is dead, and nothing it still tries reaches anything. */
  crashed?: boolean;
}

/** What app code sees when the sandbox kills its invocation (a crash fault). */
export class InvocationCrashedError extends Error {
  override readonly name = 'InvocationCrashedError';
}

/** One store per process: concurrent invocations each see their own runtime. */
export const invocationStorage = new AsyncLocalStorage<InvocationScope>();

export function currentInvocation(): InvocationScope | undefined {
  return invocationStorage.getStore();
}
