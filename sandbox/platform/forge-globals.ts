import { currentInvocation, type InvocationScope } from './invocation-context';

/** The first argument @forge/api and @forge/kvs pass to `__forge_fetch__` (boundary doc §1.1). */
export interface ForgeFetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
  service?: string;
}

export type ForgeFetchHandler = (
  descriptor: ForgeFetchDescriptor,
  path: string,
  init: RequestInit | undefined,
  scope: InvocationScope | undefined,
) => Promise<Response>;

export type ExternalFetchHandler = (
  input: string | URL | Request,
  init: RequestInit | undefined,
  scope: InvocationScope,
) => Promise<Response>;

interface GlobalHandlers {
  forgeFetch: ForgeFetchHandler;
  externalFetch: ExternalFetchHandler;
}

const GLOBAL_KEY = '__sandboxForgeHandlers__';
type SandboxGlobal = typeof globalThis & {
  [GLOBAL_KEY]?: GlobalHandlers;
  __sandboxRealFetch__?: typeof fetch;
  __forge_fetch__?: unknown;
  __forge_runtime__?: unknown;
};

/** The process's own fetch, untouched by the egress guard (tests and the sandbox server use it). */
export function realFetch(): typeof fetch {
  const g = globalThis as SandboxGlobal;
  return g.__sandboxRealFetch__ ?? fetch;
}

/**
 * Installs the globals the real @forge/* packages expect: `__forge_runtime__` (per-invocation,
 * through AsyncLocalStorage) and `__forge_fetch__`, and replaces `fetch` with an egress guard
 * that applies inside invocations only. Must run before @forge/api is first required, because
 * @forge/api captures `fetch` at load time. Calling it again re-points the handlers.
 */
export function installForgeGlobals(handlers: GlobalHandlers): void {
  const g = globalThis as SandboxGlobal;
  g[GLOBAL_KEY] = handlers;
  if (g.__sandboxRealFetch__) return;
  const original = g.fetch.bind(globalThis);
  g.__sandboxRealFetch__ = original;
  Object.defineProperty(g, '__forge_runtime__', {
    configurable: true,
    get: () => currentInvocation()?.runtime,
  });
  g.__forge_fetch__ = (descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit) =>
    (g[GLOBAL_KEY] as GlobalHandlers).forgeFetch(descriptor, path, init, currentInvocation());
  g.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const scope = currentInvocation();
    if (!scope) return original(input, init);
    return (g[GLOBAL_KEY] as GlobalHandlers).externalFetch(input, init, scope);
  }) as typeof fetch;
}
