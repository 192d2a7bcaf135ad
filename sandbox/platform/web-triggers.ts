import { createHash } from 'node:crypto';
import type { FunctionRunner } from './function-runner';
import type { Installation } from './installation';
import type { WebTriggerModule } from './manifest';

type HttpResult = { status: number; body?: unknown };

/** The largest request body the sandbox passes to a web trigger (Forge caps invocation payloads at 5 MB). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Web triggers: stable URLs per trigger key (`<origin>/x1/<id>`, so @forge/api's deleteUrl regex
 * works), the GraphQL calls `webTrigger.getUrl/queryUrls/deleteUrl` make, and HTTP handling with
 * Forge's request shape (raw body, array-valued headers) and response contract.
 */
export class WebTriggers {
  private readonly deleted = new Set<string>();

  constructor(
    private readonly modules: WebTriggerModule[],
    private readonly installation: Installation,
    private readonly runner: FunctionRunner,
    private readonly origin: () => string,
  ) {}

  idFor(triggerKey: string): string {
    return createHash('sha256').update(`${this.installation.installationId}/${triggerKey}`).digest('hex').slice(0, 32);
  }

  urlFor(triggerKey: string): string {
    return `${this.origin()}/x1/${this.idFor(triggerKey)}`;
  }

  graphql(request: unknown): HttpResult {
    const { query, variables } = (request ?? {}) as { query?: string; variables?: Record<string, unknown> };
    if (typeof query !== 'string') return { status: 400, body: { errors: [{ message: 'query is required' }] } };
    if (query.includes('forge_app_createWebTriggerUrl')) {
      const input = (variables?.input ?? {}) as { triggerKey?: string };
      const module = this.modules.find((m) => m.key === input.triggerKey);
      if (!module) return { status: 200, body: { errors: [{ message: `no webtrigger '${String(input.triggerKey)}' in the manifest` }] } };
      this.deleted.delete(this.idFor(module.key));
      return { status: 200, body: { data: { createWebTriggerUrl: { url: this.urlFor(module.key) } } } };
    }
    if (query.includes('forge_app_deleteWebTriggerUrl')) {
      const id = String(variables?.id ?? '');
      const known = this.modules.some((m) => this.idFor(m.key) === id);
      if (known) this.deleted.add(id);
      return { status: 200, body: { data: { deleteWebTriggerUrl: { success: known, message: known ? 'deleted' : 'not found' } } } };
    }
    if (query.includes('forge_app_webTriggerUrlsByAppContext')) {
      const urls = this.modules
        .filter((m) => !this.deleted.has(this.idFor(m.key)))
        .map((m) => ({ triggerKey: m.key, url: this.urlFor(m.key) }));
      return { status: 200, body: { data: { webTriggerUrlsByAppContext: urls } } };
    }
    return { status: 200, body: { errors: [{ message: 'operation not supported by the Provisio sandbox' }] } };
  }

  /** Handles an HTTP request to `/x1/<id>[/userPath]`. */
  async handle(id: string, userPath: string, request: Request): Promise<Response> {
    const module = this.modules.find((m) => this.idFor(m.key) === id);
    if (!module || this.deleted.has(id)) return new Response('Web trigger not found', { status: 404 });
    const body = await request.text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return new Response('Payload too large', { status: 413 });
    const url = new URL(request.url);
    const headers: Record<string, string[]> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value.split(/,\s*/);
    });
    const queryParameters: Record<string, string[]> = {};
    url.searchParams.forEach((value, name) => {
      (queryParameters[name] ??= []).push(value);
    });
    const payload = { method: request.method, path: url.pathname, userPath, body, headers, queryParameters };
    const outcome = await this.runner.run({ functionKey: module.function, moduleKey: module.key, moduleType: 'webtrigger', payload });
    if (!outcome.ok) return new Response('Internal Server Error', { status: outcome.timedOut ? 504 : 500 });
    return toHttpResponse(outcome.result);
  }
}

/** Maps a `{statusCode, statusText?, headers?: {name: string[]}, body?}` result; anything else is a 500, as on Forge. */
function toHttpResponse(result: unknown): Response {
  const r = result as { statusCode?: unknown; statusText?: unknown; headers?: unknown; body?: unknown } | null;
  if (!r || typeof r !== 'object' || typeof r.statusCode !== 'number' || r.statusCode < 200 || r.statusCode > 599) {
    return new Response('Internal Server Error: invalid web trigger response', { status: 500 });
  }
  if (r.body !== undefined && typeof r.body !== 'string') return new Response('Internal Server Error: body must be a string', { status: 500 });
  const headers = new Headers();
  if (r.headers !== undefined) {
    if (typeof r.headers !== 'object' || r.headers === null) return new Response('Internal Server Error: invalid headers', { status: 500 });
    for (const [name, values] of Object.entries(r.headers as Record<string, unknown>)) {
      if (!Array.isArray(values)) return new Response('Internal Server Error: header values must be arrays', { status: 500 });
      for (const value of values) headers.append(name, String(value));
    }
  }
  const noBody = r.statusCode === 204 || r.statusCode === 304;
  return new Response(noBody ? null : (r.body as string | undefined) ?? '', {
    status: r.statusCode,
    ...(typeof r.statusText === 'string' ? { statusText: r.statusText } : {}),
    headers,
  });
}
