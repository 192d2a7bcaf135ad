import { malformedBody, notFound } from '../errors';
import type { OktaGroup, OktaUser } from '../model';
import type { Principal } from '../oauth/access-tokens';
import type { OktaStore } from '../store';

/** What a route handler gets: the org, the caller, and the request already taken apart. */
export interface RouteContext {
  store: OktaStore;
  principal: Principal;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Base for links: the org URL, or the local origin plus mount prefix when called that way. */
  base: string;
  /** Org-relative path, e.g. `/api/v1/users`. */
  path: string;
  body(): Promise<unknown>;
}

export interface RouteResult {
  status: number;
  /** Absent means an empty body (Okta answers lifecycle calls with 200 and no body). */
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult> | RouteResult;

/** Registers a handler for a route of OKTA_ROUTES (unknown routes are a programming error). */
export type DefineRoute = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler) => void;

/** Parses a JSON request body; Okta answers E0000003 when it is missing or not JSON. */
export async function readJsonBody(text: string): Promise<unknown> {
  if (text.trim() === '') throw malformedBody();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedBody();
  }
}

export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformedBody();
  return value as Record<string, unknown>;
}

/** Okta's boolean query parameters: only `true`/`false` change the default. */
export function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  return fallback;
}

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

/** `{id}` may be an id, a login or a unique login shortname, as on Okta. */
export function requireUser(ctx: RouteContext, idOrLogin: string): OktaUser {
  const user = ctx.store.findUser(idOrLogin);
  if (!user) throw notFound(idOrLogin, 'User');
  return user;
}

export function requireGroup(ctx: RouteContext, groupId: string): OktaGroup {
  const group = ctx.store.getGroup(groupId);
  if (!group) throw notFound(groupId, 'UserGroup');
  return group;
}
