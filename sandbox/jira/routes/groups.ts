/** Group membership (site admin only for changes, like Jira Cloud) and the group picker. */
import { badRequest, forbidden, notFound } from '../errors';
import { type GroupRecord } from '../model';
import { hasGlobalPermission } from '../permissions';
import { userDetails } from '../render/users';
import { findUser, type StoreContext } from '../store/context';
import { addUserToGroup, findGroup, removeUserFromGroup } from '../store/users';
import { asObject, ok, optionalString, queryBool, queryInt, queryString, queryValues, route, type RouteDef } from './define';

const GROUP_MEMBER_PAGE_MAX = 50;

function groupFromQuery(ctx: StoreContext, url: URL): GroupRecord {
  const groupId = queryString(url, 'groupId');
  const groupname = queryString(url, 'groupname');
  if (groupId !== undefined && groupname !== undefined) throw badRequest('You must provide either groupId or groupname, not both.');
  if (groupId === undefined && groupname === undefined) throw badRequest('You must specify a group by groupId or groupname.');
  const group = findGroup(ctx, { groupId, groupname });
  if (!group) throw notFound(`Group with ${groupId !== undefined ? `groupId '${groupId}'` : `name '${groupname}'`} does not exist.`);
  return group;
}

function groupBean(ctx: StoreContext, group: GroupRecord): Record<string, unknown> {
  return {
    name: group.name,
    groupId: group.groupId,
    self: `${ctx.siteUrl}/rest/api/3/group?groupId=${group.groupId}`,
    users: { size: group.memberIds.length, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
    expand: 'users',
  };
}

export const groupRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/group/member', ({ ctx, actor, url }) => {
    if (!hasGlobalPermission(ctx.state, actor.accountId, 'USER_PICKER')) throw forbidden('You do not have permission to browse groups.');
    const group = groupFromQuery(ctx, url);
    const includeInactive = queryBool(url, 'includeInactiveUsers', false);
    const startAt = queryInt(url, 'startAt', 0);
    const maxResults = Math.min(queryInt(url, 'maxResults', GROUP_MEMBER_PAGE_MAX, 1), GROUP_MEMBER_PAGE_MAX);
    const members = group.memberIds
      .map((id) => findUser(ctx, id))
      .filter((u) => u !== undefined && (includeInactive || u.active))
      .map((u) => userDetails(ctx, u as NonNullable<typeof u>));
    const values = members.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= members.length;
    const self = new URL(`${ctx.siteUrl}/rest/api/3/group/member`);
    self.searchParams.set('groupId', group.groupId);
    self.searchParams.set('includeInactiveUsers', String(includeInactive));
    self.searchParams.set('startAt', String(startAt));
    self.searchParams.set('maxResults', String(maxResults));
    const body: Record<string, unknown> = { self: self.toString(), maxResults, startAt, total: members.length, isLast, values };
    if (!isLast) {
      self.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = self.toString();
    }
    return ok(body);
  }),

  route('platform', 'POST', '/rest/api/3/group/user', ({ ctx, actor, url, body }) => {
    const group = groupFromQuery(ctx, url);
    const accountId = optionalString(asObject(body), 'accountId');
    if (!accountId) throw badRequest('You must specify the accountId of the user to add.');
    addUserToGroup(ctx, actor.accountId, group, accountId);
    return ok(groupBean(ctx, group), 201);
  }),

  route('platform', 'DELETE', '/rest/api/3/group/user', ({ ctx, actor, url }) => {
    const group = groupFromQuery(ctx, url);
    const accountId = queryString(url, 'accountId');
    if (!accountId) throw badRequest("The query parameter 'accountId' is required.");
    removeUserFromGroup(ctx, actor.accountId, group, accountId);
    return { status: 200 };
  }),

  route('platform', 'GET', '/rest/api/3/groups/picker', ({ ctx, url }) => {
    const query = (queryString(url, 'query') ?? '').toLowerCase();
    const excluded = new Set(queryValues(url, 'exclude').map((e) => e.toLowerCase()));
    const excludedIds = new Set(queryValues(url, 'excludeId'));
    const maxResults = queryInt(url, 'maxResults', 20, 1);
    const matches = ctx.state.groups
      .filter((g) => g.name.toLowerCase().includes(query) && !excluded.has(g.name.toLowerCase()) && !excludedIds.has(g.groupId))
      .sort((a, b) => a.name.localeCompare(b.name));
    const shown = matches.slice(0, maxResults);
    const highlight = (name: string): string => {
      if (!query) return name;
      const i = name.toLowerCase().indexOf(query);
      return `${name.slice(0, i)}<b>${name.slice(i, i + query.length)}</b>${name.slice(i + query.length)}`;
    };
    return ok({
      header: `Showing ${shown.length} of ${matches.length} matching groups`,
      total: matches.length,
      groups: shown.map((g) => ({ name: g.name, html: highlight(g.name), labels: [], groupId: g.groupId })),
    });
  }),
];
