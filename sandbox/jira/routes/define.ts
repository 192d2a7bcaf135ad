/**
 * Route definitions: each route names its spec path template, so the route table doubles as
 * the list the conformance test must cover. Handlers return status + JSON; errors are thrown
 * as JiraError and rendered in the shape of the API the route belongs to.
 */
import { badRequest, type JiraError } from '../errors';
import { type UserRecord } from '../model';
import { type StoreContext } from '../store/context';

export type SpecName = 'platform' | 'jsm';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  ctx: StoreContext;
  actor: UserRecord;
  params: Record<string, string>;
  url: URL;
  /** The parsed JSON body; undefined when there is none. */
  body: unknown;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export type Handler = (rc: RouteContext) => RouteResult;

export interface RouteDef {
  method: Method;
  /** Path template exactly as the official spec writes it, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  path: string;
  spec: SpecName;
  handler: Handler;
}

export function route(spec: SpecName, method: Method, path: string, handler: Handler): RouteDef {
  return { method, path, spec, handler };
}

export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
export const noContent = (): RouteResult => ({ status: 204 });

/** Jira's ErrorCollection or JSM's ErrorResponse for a thrown JiraError. */
export function errorBody(spec: SpecName, err: JiraError): unknown {
  if (spec === 'jsm') {
    const detail = Object.values(err.fieldErrors);
    const message = err.message || detail.join(' ');
    return { errorMessage: message, i18nErrorMessage: { i18nKey: err.i18nKey, parameters: [] } };
  }
  return { errorMessages: err.errorMessages, errors: err.fieldErrors };
}

// ---- query and body helpers ----

export function queryValues(url: URL, name: string): string[] {
  return url.searchParams.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export function queryString(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  return v === null ? undefined : v;
}

export function queryInt(url: URL, name: string, fallback: number, min = 0): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw badRequest(`The '${name}' parameter must be an integer of at least ${min}.`);
  return n;
}

export function queryBool(url: URL, name: string, fallback: boolean): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  return raw === 'true';
}

export function asObject(body: unknown, what = 'request body'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`The ${what} must be a JSON object.`);
  return body as Record<string, unknown>;
}

export function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw badRequest(`'${key}' must be a string.`);
  return String(v);
}

export function stringArray(v: unknown, key: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) throw badRequest(`'${key}' must be an array of strings.`);
  return v.map(String);
}

/** Expand lists arrive comma-separated and/or repeated. */
export function expandSet(url: URL): Set<string> {
  return new Set(queryValues(url, 'expand'));
}

