/** The Hono app serving /rest/api/3/** and /rest/servicedeskapi/** from the route table. */
import { Hono, type Context } from 'hono';
import { UNAUTHENTICATED, resolveActor } from './auth';
import { JiraError, badRequest } from './errors';
import { errorBody, type RouteDef, type SpecName } from './routes/define';
import { JIRA_ROUTES } from './routes/table';
import { type StoreContext } from './store/context';

/** Plain `Hono` so it mounts anywhere; the identity binding is read from `c.env` untyped (see auth.ts). */
export type JiraApp = Hono;

const JSON_TYPE = 'application/json;charset=UTF-8';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

function specOfPath(path: string): SpecName {
  return path.startsWith('/rest/servicedeskapi') ? 'jsm' : 'platform';
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Unexpected character in the request body: it is not valid JSON.');
  }
}

/** `{issueIdOrKey}` → `:issueIdOrKey`. */
function honoPath(specPath: string): string {
  return specPath.replace(/\{([^}]+)\}/g, ':$1');
}

function handle(ctx: StoreContext, def: RouteDef) {
  return async (c: Context): Promise<Response> => {
    try {
      const actor = resolveActor(ctx, c.env, c.req.header('authorization'));
      if (!actor) throw new JiraError('unauthorized', UNAUTHENTICATED);
      const body = def.method === 'GET' ? undefined : await readJson(c.req.raw);
      const result = def.handler({ ctx, actor, params: c.req.param(), url: new URL(c.req.url), body });
      if (result.body === undefined) return new Response(null, { status: result.status });
      return json(result.status, result.body);
    } catch (err) {
      if (err instanceof JiraError) return json(err.status, errorBody(def.spec, err));
      throw err;
    }
  };
}

export function buildApp(ctx: StoreContext): JiraApp {
  const app: JiraApp = new Hono();
  for (const def of JIRA_ROUTES) app.on(def.method, honoPath(def.path), handle(ctx, def));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return json(404, errorBody(specOfPath(path), new JiraError('not-found', `No resource matches ${c.req.method} ${path} in the Jira stand-in.`)));
  });
  app.onError((err, c) => {
    console.error('[jira stand-in] internal error', err);
    const path = new URL(c.req.url).pathname;
    const body = specOfPath(path) === 'jsm' ? { errorMessage: `Internal server error: ${err.message}` } : { errorMessages: [`Internal server error: ${err.message}`], errors: {} };
    return json(500, body);
  });
  return app;
}
