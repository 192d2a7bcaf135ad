import type { ForgeFetchDescriptor } from './forge-globals';
import { InvocationCrashedError, type InvocationScope } from './invocation-context';

type HttpResult = { status: number; body?: unknown };

export interface ProductApi {
  /** Performs a Jira REST request as the given account. */
  fetchAs(accountId: string, request: Request): Promise<Response>;
}

export interface ForgeFetchTargets {
  siteUrl: () => string;
  appAccountId: string;
  kvs: { handle(path: string, body: unknown): HttpResult };
  queues: { publish(body: unknown): HttpResult; stats(body: unknown): HttpResult; cancel(body: unknown): HttpResult };
  webTriggers: { graphql(body: unknown): HttpResult };
  product: () => ProductApi | undefined;
  count: (scope: InvocationScope | undefined, target: string) => void;
}

/** A platform-level refusal, signalled the way the real proxy does (boundary doc §1.1). */
function proxyError(status: number, code: string): Response {
  return new Response(JSON.stringify({ message: code }), {
    status,
    headers: { 'forge-proxy-error': code, 'content-type': 'application/json' },
  });
}

function json(result: HttpResult): Response {
  if (result.status === 204 || result.body === undefined) return new Response(null, { status: result.status });
  return new Response(JSON.stringify(result.body), { status: result.status, headers: { 'content-type': 'application/json' } });
}

async function bodyJson(init: RequestInit | undefined): Promise<unknown> {
  const body = init?.body;
  if (body === undefined || body === null) return {};
  const text = typeof body === 'string' ? body : await new Response(body as BodyInit).text();
  return text === '' ? {} : JSON.parse(text);
}

/** Routes every `__forge_fetch__` call of @forge/api, @forge/kvs and @forge/events to the sandbox's services. */
export function createForgeFetchRouter(targets: ForgeFetchTargets) {
  return async (descriptor: ForgeFetchDescriptor, path: string, init: RequestInit | undefined, scope: InvocationScope | undefined): Promise<Response> => {
    if (!scope) return proxyError(500, 'NO_INVOCATION_CONTEXT');
    if (scope.crashed) throw new InvocationCrashedError('the invocation has crashed');
    if (descriptor.type === 'kvs') {
      targets.count(scope, 'kvs');
      let parsed: unknown;
      try {
        parsed = await bodyJson(init);
      } catch {
        return json({ status: 400, body: { code: 'BAD_REQUEST', message: 'request body is not JSON' } });
      }
      return json(targets.kvs.handle(path, parsed));
    }
    if (descriptor.type !== 'fpp') return proxyError(400, 'NOT_SUPPORTED_BY_SANDBOX');

    if (descriptor.remote === 'stargate') {
      const body = await bodyJson(init);
      if (path.startsWith('/webhook/queue/publish/')) {
        targets.count(scope, 'queue');
        return json(targets.queues.publish(body));
      }
      if (path.startsWith('/webhook/queue/stats/')) return json(targets.queues.stats(body));
      if (path.startsWith('/webhook/queue/cancel/')) return json(targets.queues.cancel(body));
      if (path === '/graphql') return json(targets.webTriggers.graphql(body));
      return proxyError(400, 'NOT_SUPPORTED_BY_SANDBOX');
    }

    const product = targets.product();
    if (descriptor.remote !== 'jira' || !product) return proxyError(400, 'INVALID_REMOTE');
    let accountId: string | undefined;
    if (descriptor.provider === 'app') accountId = targets.appAccountId;
    else if (descriptor.provider === 'user') accountId = descriptor.accountId ?? scope.principalAccountId;
    // The top-level requestJira export (provider 'none') has no documented identity; refuse it so the app is explicit.
    else return proxyError(400, 'PROVIDER_NOT_SUPPORTED_USE_ASAPP_OR_ASUSER');
    if (!accountId) return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
    targets.count(scope, 'jira');
    const headers = new Headers(init?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const request = new Request(`${targets.siteUrl()}${path}`, { ...init, headers });
    return product.fetchAs(accountId, request);
  };
}
