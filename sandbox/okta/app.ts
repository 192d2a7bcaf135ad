import { Hono, type Context } from 'hono';
import { decodeJwt } from 'jose';
import {
  OAuthError,
  OktaApiError,
  ResourceChallenge,
  TOKEN_ENDPOINT_RATE_LIMIT_SUMMARY,
  methodNotAllowed,
  pathNotFound,
  rateLimited,
} from './errors';
import type { AuthKind } from './model';
import type { AccessTokens, Principal } from './oauth/access-tokens';
import { exchangeToken } from './oauth/token-endpoint';
import { rateLimitHeaders, type OktaRateBucket } from './rate-limits';
import { readJsonBody, type DefineRoute, type RouteHandler, type RouteResult } from './routes/context';
import { registerGroupRoutes } from './routes/groups';
import { OKTA_ROUTES, findRoute, honoPattern, templateMatches, type OktaRoute } from './routes/table';
import { registerUserRoutes } from './routes/users';
import type { OktaStore } from './store';

export interface OktaAppDeps {
  store: OktaStore;
  tokens: AccessTokens;
  orgUrl: string;
}

/** A request's place in the org, whether it came in as `https://org/...` or under a local mount prefix. */
interface RequestParts {
  /** Org-relative path with percent-encoding decoded (what Okta compares a DPoP `htu` with). */
  path: string;
  query: URLSearchParams;
  base: string;
  /** URLs naming this endpoint: via the org URL and via the URL actually called. */
  urls: string[];
}

const ORG_PATH = /^(.*?)(\/(?:api\/v1|oauth2\/v1)(?:\/.*)?)$/;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function requestParts(c: Context, orgUrl: string): RequestParts {
  const url = new URL(c.req.url);
  const match = ORG_PATH.exec(url.pathname);
  const prefix = match?.[1] ?? '';
  const path = (match?.[2] ?? url.pathname).split('/').map(safeDecode).join('/');
  const viaOrg = url.origin === new URL(orgUrl).origin && prefix === '';
  const base = viaOrg ? orgUrl : `${url.origin}${prefix}`;
  return { path, query: url.searchParams, base, urls: [...new Set([`${orgUrl}${path}`, `${url.origin}${prefix}${path}`])] };
}

function toResponse(result: RouteResult, extra: Record<string, string>): Response {
  const headers = new Headers(extra);
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

function errorResult(error: unknown): RouteResult {
  if (error instanceof OktaApiError) return { status: error.status, body: error.body(), headers: error.headers };
  if (error instanceof OAuthError) return { status: error.status, body: error.body(), headers: error.headers };
  if (error instanceof ResourceChallenge) return { status: error.status, headers: error.headers };
  console.error('okta stand-in: unexpected error', error);
  return { status: 500, body: new OktaApiError(500, 'E0000009', 'Internal Server Error').body() };
}

/**
 * The Okta org as a Hono app: routes at the root (`/oauth2/v1/token`, `/api/v1/...`) so it can be
 * mounted under any prefix. Every response carries the bucket's `X-Rate-Limit-*` headers and is
 * written to the request log.
 */
export function createOktaApp(deps: OktaAppDeps): Hono {
  const { store, tokens, orgUrl } = deps;
  const app = new Hono();
  const served = new Set<OktaRoute>();

  const finish = (c: Context, bucket: OktaRateBucket, parts: RequestParts, result: RouteResult, decision: ReturnType<typeof store.rateLimiter.take>, who: { auth: AuthKind; clientId?: string }): Response => {
    store.logRequest({
      method: c.req.method,
      path: parts.path,
      ...(parts.query.size > 0 ? { query: parts.query.toString() } : {}),
      status: result.status,
      ...(who.clientId ? { clientId: who.clientId } : {}),
      auth: who.auth,
      bucket,
      at: store.now(),
    });
    return toResponse(result, rateLimitHeaders(decision));
  };

  app.post('/oauth2/v1/token', async (c) => {
    const parts = requestParts(c, orgUrl);
    const decision = store.rateLimiter.take('token');
    const form = new URLSearchParams(await c.req.text());
    const claimedClient = clientOfAssertion(form.get('client_assertion'));
    let result: RouteResult;
    let clientId: string | undefined;
    try {
      if (!decision.allowed) throw new OktaApiError(429, 'E0000047', TOKEN_ENDPOINT_RATE_LIMIT_SUMMARY);
      const exchanged = await exchangeToken({ form, authorization: c.req.header('authorization'), dpop: c.req.header('dpop'), urls: parts.urls }, store, tokens);
      clientId = exchanged.clientId;
      result = { status: 200, body: exchanged.body, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } };
    } catch (error) {
      result = errorResult(error);
    }
    return finish(c, 'token', parts, result, decision, { auth: 'client_assertion', clientId: clientId ?? claimedClient });
  });

  const define: DefineRoute = (method, path, handler) => {
    const route = findRoute(method, path);
    served.add(route);
    app.on(method, honoPattern(path), (c) => serveApi(c, route, handler));
  };

  const serveApi = async (c: Context, route: OktaRoute, handler: RouteHandler): Promise<Response> => {
    const parts = requestParts(c, orgUrl);
    const decision = store.rateLimiter.take(route.bucket);
    let principal: Principal | undefined;
    let result: RouteResult;
    const resource = { authorization: c.req.header('authorization'), dpop: c.req.header('dpop'), method: c.req.method, urls: parts.urls, path: parts.path };
    try {
      if (!decision.allowed) throw rateLimited();
      principal = await tokens.authenticate(resource);
      if (route.scope) tokens.requireScope(principal, route.scope, resource);
      result = await handler({
        store,
        principal,
        params: c.req.param() as Record<string, string>,
        query: parts.query,
        base: parts.base,
        path: parts.path,
        body: async () => readJsonBody(await c.req.text()),
      });
    } catch (error) {
      result = errorResult(error);
    }
    return finish(c, route.bucket, parts, result, decision, { auth: principal?.auth ?? authKindOf(resource.authorization), clientId: principal?.clientId });
  };

  registerUserRoutes(define);
  registerGroupRoutes(define);
  const unserved = OKTA_ROUTES.filter((r) => r.spec === 'management' && !served.has(r));
  if (unserved.length > 0) throw new Error(`OKTA_ROUTES lists routes nobody serves: ${unserved.map((r) => `${r.method} ${r.path}`).join(', ')}`);

  // Paths the stand-in does not serve answer as Okta would: 405 for a known path, else 404.
  const unknown = (c: Context): Response => {
    const parts = requestParts(c, orgUrl);
    const decision = store.rateLimiter.take('other');
    const knownPath = OKTA_ROUTES.some((r) => templateMatches(r.path, parts.path));
    const error = knownPath ? methodNotAllowed() : pathNotFound();
    return finish(c, 'other', parts, errorResult(error), decision, { auth: authKindOf(c.req.header('authorization')) });
  };
  app.all('/api/v1/*', unknown);
  app.all('/oauth2/v1/*', unknown);
  return app;
}

function authKindOf(authorization: string | undefined): AuthKind {
  const scheme = authorization?.trim().split(' ')[0]?.toLowerCase();
  return scheme === 'ssws' ? 'ssws' : scheme === 'bearer' ? 'bearer' : scheme === 'dpop' ? 'dpop' : 'none';
}

/** For the request log only: which client a (possibly invalid) assertion claims to be. */
function clientOfAssertion(assertion: string | null): string | undefined {
  if (!assertion) return undefined;
  try {
    const sub = decodeJwt(assertion).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
