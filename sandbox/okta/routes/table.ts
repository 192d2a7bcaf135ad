import type { OktaRateBucket } from '../rate-limits';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Every route the stand-in serves, written with the spec's path templates so tests can look
 * each one up in the official OpenAPI files (and check `scope` against the spec's security).
 */
export interface OktaRoute {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/users/{id}`. */
  path: string;
  spec: 'management' | 'oauth';
  bucket: OktaRateBucket;
  /** OAuth scope the route needs (read routes also accept the matching manage scope). */
  scope?: string;
}

export const OKTA_ROUTES: readonly OktaRoute[] = [
  { method: 'POST', path: '/oauth2/v1/token', spec: 'oauth', bucket: 'token' },
  { method: 'GET', path: '/api/v1/users', spec: 'management', bucket: 'users-list', scope: 'okta.users.read' },
  { method: 'POST', path: '/api/v1/users', spec: 'management', bucket: 'users-create', scope: 'okta.users.manage' },
  { method: 'GET', path: '/api/v1/users/{id}', spec: 'management', bucket: 'users-get', scope: 'okta.users.read' },
  { method: 'POST', path: '/api/v1/users/{id}', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'DELETE', path: '/api/v1/users/{id}', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'GET', path: '/api/v1/users/{id}/groups', spec: 'management', bucket: 'users-get', scope: 'okta.users.read' },
  { method: 'POST', path: '/api/v1/users/{id}/lifecycle/activate', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'POST', path: '/api/v1/users/{id}/lifecycle/deactivate', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'POST', path: '/api/v1/users/{id}/lifecycle/suspend', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'POST', path: '/api/v1/users/{id}/lifecycle/unsuspend', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'POST', path: '/api/v1/users/{id}/lifecycle/reactivate', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  // The spec guards session revocation with okta.users.manage (not okta.sessions.manage).
  { method: 'DELETE', path: '/api/v1/users/{userId}/sessions', spec: 'management', bucket: 'users-update', scope: 'okta.users.manage' },
  { method: 'GET', path: '/api/v1/groups', spec: 'management', bucket: 'groups', scope: 'okta.groups.read' },
  { method: 'GET', path: '/api/v1/groups/{groupId}', spec: 'management', bucket: 'groups', scope: 'okta.groups.read' },
  { method: 'GET', path: '/api/v1/groups/{groupId}/users', spec: 'management', bucket: 'groups', scope: 'okta.groups.read' },
  { method: 'PUT', path: '/api/v1/groups/{groupId}/users/{userId}', spec: 'management', bucket: 'group-memberships', scope: 'okta.groups.manage' },
  { method: 'DELETE', path: '/api/v1/groups/{groupId}/users/{userId}', spec: 'management', bucket: 'group-memberships', scope: 'okta.groups.manage' },
];

export function findRoute(method: string, path: string): OktaRoute {
  const route = OKTA_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`${method} ${path} is not in OKTA_ROUTES`);
  return route;
}

/** `/api/v1/users/{id}` → `/api/v1/users/:id` (Hono's syntax). */
export function honoPattern(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Whether an org-relative path fits a template (for 405 versus 404 on unserved requests). */
export function templateMatches(template: string, path: string): boolean {
  const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
  return pattern.test(path);
}
