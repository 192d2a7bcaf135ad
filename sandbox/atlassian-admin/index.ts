import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Clock } from '../platform/clock';

/**
 * A stand-in for the Atlassian organization admin API at api.atlassian.com: one organization,
 * its directory of users and groups, and the group-membership calls Provisio makes with an org
 * admin API key as a Bearer token (facts §10.7):
 *
 *   GET    /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships[?cursor=]
 *   POST   /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships   {"account_id": "…"}
 *   DELETE /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships/{accountId}
 *
 * As on the real API: a site API token or a wrong key is 401; the user must be in the
 * organization's directory; a group synced from an identity provider cannot be changed; and
 * org-admins is a role now, so its membership cannot be changed through groups.
 */
export interface DirectoryUser {
  accountId: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
}

export interface DirectoryGroup {
  id: string;
  name: string;
  /** Synced from an identity provider: read-only here. */
  managedExternally: boolean;
  memberIds: string[];
}

export interface AtlassianAdminState {
  orgId: string;
  orgName: string;
  apiKeys: string[];
  users: DirectoryUser[];
  groups: DirectoryGroup[];
}

export interface AtlassianAdminRequest {
  method: string;
  path: string;
  status: number;
  atMs: number;
}

export interface AtlassianAdminStandIn {
  app: Hono;
  handle(request: Request): Promise<Response>;
  readonly orgId: string;
  /** Issues an org admin API key (what an org admin creates in admin.atlassian.com). */
  createApiKey(): string;
  revokeApiKey(key: string): void;
  addUser(user: Omit<DirectoryUser, 'status'> & { status?: DirectoryUser['status'] }): DirectoryUser;
  createGroup(input: { name: string; managedExternally?: boolean }): DirectoryGroup;
  group(idOrName: string): DirectoryGroup | undefined;
  /** Changes a membership directly, the way an admin would in admin.atlassian.com (no API call logged). */
  setMember(groupId: string, accountId: string, member: boolean): void;
  members(groupId: string): string[];
  /** Membership changes made so far, newest last, with their virtual time. */
  changes(): { kind: 'added' | 'removed'; groupId: string; accountId: string; atMs: number }[];
  requestLog(): AtlassianAdminRequest[];
  snapshot(): AtlassianAdminState;
  restore(state: AtlassianAdminState): void;
}

const PAGE_SIZE = 50;
const MEMBERSHIPS = /^\/admin\/v1\/orgs\/([^/]+)\/directory\/groups\/([^/]+)\/memberships(?:\/([^/]+))?\/?$/;

export function createAtlassianAdminStandIn(options: { clock: Clock; orgId?: string; orgName?: string }): AtlassianAdminStandIn {
  let state: AtlassianAdminState = {
    orgId: options.orgId ?? `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`,
    orgName: options.orgName ?? 'Provisio Demo',
    apiKeys: [],
    users: [],
    groups: [],
  };
  const log: AtlassianAdminRequest[] = [];
  const changes: { kind: 'added' | 'removed'; groupId: string; accountId: string; atMs: number }[] = [];

  const json = (status: number, body: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const problem = (status: number, message: string) => json(status, { code: status, message });
  const findGroup = (idOrName: string) => state.groups.find((g) => g.id === idOrName || g.name === idOrName);
  const setMember = (group: DirectoryGroup, accountId: string, member: boolean) => {
    const has = group.memberIds.includes(accountId);
    if (member && !has) {
      group.memberIds.push(accountId);
      changes.push({ kind: 'added', groupId: group.id, accountId, atMs: options.clock.now() });
    } else if (!member && has) {
      group.memberIds = group.memberIds.filter((id) => id !== accountId);
      changes.push({ kind: 'removed', groupId: group.id, accountId, atMs: options.clock.now() });
    }
  };

  const serve = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const auth = request.headers.get('authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (!bearer || !state.apiKeys.includes(bearer)) return problem(401, 'Unauthorized: send an organization API key as a Bearer token.');
    const match = MEMBERSHIPS.exec(url.pathname);
    if (!match) return problem(404, `No such resource: ${request.method} ${url.pathname}`);
    const [, orgId, groupId, accountPath] = match.map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
    if (orgId !== state.orgId) return problem(403, 'The API key does not belong to this organization.');
    const group = state.groups.find((g) => g.id === groupId);
    if (!group) return problem(404, `Group ${groupId} was not found in the directory.`);

    if (request.method === 'GET' && !accountPath) {
      const start = Number(url.searchParams.get('cursor') ?? '0');
      if (!Number.isInteger(start) || start < 0) return problem(400, 'The cursor is not valid.');
      const members = group.memberIds.flatMap((id) => state.users.find((u) => u.accountId === id) ?? []);
      const page = members.slice(start, start + PAGE_SIZE);
      const self = `${url.origin}${url.pathname}`;
      return json(200, {
        data: page.map((u) => ({ account_id: u.accountId, account_type: 'atlassian', account_status: u.status, name: u.name, email: u.email })),
        links: { self: `${self}${start ? `?cursor=${start}` : ''}`, ...(start + PAGE_SIZE < members.length ? { next: `${url.pathname}?cursor=${start + PAGE_SIZE}` } : {}) },
      });
    }
    const refuseChange = () => {
      if (group.managedExternally) return problem(403, "You can't change a group synced from an identity provider. Manage this group in your identity provider instead.");
      if (group.name === 'org-admins') return problem(400, 'Organization admin is a role: use the organization role assignment endpoints instead of group membership.');
      return undefined;
    };
    if (request.method === 'POST' && !accountPath) {
      const body = (await request.json().catch(() => undefined)) as { account_id?: unknown } | undefined;
      const accountId = body?.account_id;
      if (typeof accountId !== 'string' || accountId === '') return problem(400, 'The request body must be {"account_id": "…"}.');
      const refused = refuseChange();
      if (refused) return refused;
      if (!state.users.some((u) => u.accountId === accountId)) return problem(404, `User ${accountId} is not in the organization's directory; the user must be in the same directory as the group.`);
      setMember(group, accountId, true);
      return json(204, undefined);
    }
    if (request.method === 'DELETE' && accountPath) {
      const refused = refuseChange();
      if (refused) return refused;
      if (!group.memberIds.includes(accountPath)) return problem(404, `User ${accountPath} is not a member of ${group.name}.`);
      setMember(group, accountPath, false);
      return json(204, undefined);
    }
    return problem(405, `${request.method} is not allowed here.`);
  };

  const handle = async (request: Request): Promise<Response> => {
    const response = await serve(request);
    log.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, atMs: options.clock.now() });
    if (log.length > 5000) log.splice(0, log.length - 5000);
    return response;
  };

  const app = new Hono();
  // Mounted under a prefix for browsing: rebuild the URL as api.atlassian.com would see it.
  app.all('*', (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.replace(/^.*?(\/admin\/)/, '$1');
    return handle(new Request(`https://api.atlassian.com${path}${url.search}`, c.req.raw));
  });

  return {
    app,
    handle,
    get orgId() {
      return state.orgId;
    },
    createApiKey: () => {
      const key = `ATCTT3xFfGN0${randomBytes(48).toString('base64url')}`;
      state.apiKeys.push(key);
      return key;
    },
    revokeApiKey: (key) => {
      state.apiKeys = state.apiKeys.filter((k) => k !== key);
    },
    addUser: (user) => {
      const existing = state.users.find((u) => u.accountId === user.accountId);
      if (existing) return existing;
      const created: DirectoryUser = { status: 'active', ...user };
      state.users.push(created);
      return created;
    },
    createGroup: (input) => {
      const existing = findGroup(input.name);
      if (existing) return existing;
      const group: DirectoryGroup = { id: `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-4${randomBytes(2).toString('hex').slice(1)}-a${randomBytes(2).toString('hex').slice(1)}-${randomBytes(6).toString('hex')}`, name: input.name, managedExternally: input.managedExternally ?? false, memberIds: [] };
      state.groups.push(group);
      return group;
    },
    group: (idOrName) => findGroup(idOrName),
    setMember: (groupId, accountId, member) => {
      const group = findGroup(groupId);
      if (!group) throw new Error(`no group ${groupId}`);
      setMember(group, accountId, member);
    },
    members: (groupId) => [...(findGroup(groupId)?.memberIds ?? [])],
    changes: () => changes.map((c) => ({ ...c })),
    requestLog: () => log.map((e) => ({ ...e })),
    snapshot: () => structuredClone(state),
    restore: (saved) => {
      state = structuredClone(saved);
    },
  };
}
