import { accessDenied, notFound } from '../errors';
import { checkFilter, matches, parseFilter, type FilterRules, type FilterValue } from '../filter';
import type { OktaGroup } from '../model';
import { renderGroup, renderUser } from '../render';
import { param, requireGroup, type DefineRoute, type RouteContext, type RouteHandler } from './context';
import { linkHeaders, pageOf } from './paging';

const GROUP_DATE_ATTRIBUTES = new Set(['created', 'lastUpdated', 'lastMembershipUpdated']);
const SEARCH_RULES: FilterRules = {
  attribute: (attr) => attr === 'id' || attr === 'type' || GROUP_DATE_ATTRIBUTES.has(attr) || /^profile\.\w+$/.test(attr),
  op: () => true,
};
/** Okta's group `filter` covers id, type and the two update stamps only. */
const FILTER_RULES: FilterRules = {
  attribute: (attr) => attr === 'id' || attr === 'type' || attr === 'lastUpdated' || attr === 'lastMembershipUpdated',
  op: (attr, op) => op === 'eq' || (GROUP_DATE_ATTRIBUTES.has(attr) && ['gt', 'ge', 'lt', 'le'].includes(op)),
};

function readGroup(group: OktaGroup): (attr: string) => FilterValue | undefined {
  return (attr) => {
    if (attr === 'profile.name') return group.name;
    if (attr === 'profile.description') return group.description;
    if (attr === 'id' || attr === 'type') return group[attr];
    if (GROUP_DATE_ATTRIBUTES.has(attr)) return group[attr as 'created'];
    return undefined;
  };
}

const listGroups: RouteHandler = (ctx) => {
  const { query, store } = ctx;
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');
  let groups = store.listGroups();
  if (search !== null) {
    const node = parseFilter(search);
    checkFilter(node, SEARCH_RULES);
    groups = groups.filter((g) => matches(node, readGroup(g), GROUP_DATE_ATTRIBUTES));
  } else if (filter !== null) {
    const node = parseFilter(filter);
    checkFilter(node, FILTER_RULES);
    groups = groups.filter((g) => matches(node, readGroup(g), GROUP_DATE_ATTRIBUTES));
  }
  if (q !== null) groups = groups.filter((g) => g.name.toLowerCase().startsWith(q.toLowerCase()));
  const page = pageOf(groups, query, q !== null ? 300 : 10_000, 10_000);
  return { status: 200, body: page.items.map((g) => renderGroup(g, ctx.base)), headers: { Link: linkHeaders(ctx.base, ctx.path, query, page) } };
};

const getGroup: RouteHandler = (ctx) => ({ status: 200, body: renderGroup(requireGroup(ctx, param(ctx, 'groupId')), ctx.base) });

const listMembers: RouteHandler = (ctx) => {
  const group = requireGroup(ctx, param(ctx, 'groupId'));
  const members = ctx.store.memberIds(group.id).flatMap((id) => ctx.store.getUser(id) ?? []);
  const page = pageOf(members, ctx.query, 1000, 10_000);
  return {
    status: 200,
    body: page.items.map((u) => renderUser(u, ctx.base, false)),
    headers: { Link: linkHeaders(ctx.base, ctx.path, ctx.query, page) },
  };
};

/**
 * Okta lets the API change memberships of OKTA_GROUP groups only; a group carrying an admin role
 * additionally needs a super admin, which a service app's token is not.
 */
function membershipTarget(ctx: RouteContext): { group: OktaGroup; userId: string } {
  const group = requireGroup(ctx, param(ctx, 'groupId'));
  const userId = param(ctx, 'userId');
  if (!ctx.store.getUser(userId)) throw notFound(userId, 'User');
  if (group.type !== 'OKTA_GROUP') throw accessDenied();
  if (group.protected && !ctx.principal.superAdmin) throw accessDenied();
  return { group, userId };
}

const assignMember: RouteHandler = (ctx) => {
  const { group, userId } = membershipTarget(ctx);
  ctx.store.addMember(group.id, userId);
  return { status: 204 };
};

const unassignMember: RouteHandler = (ctx) => {
  const { group, userId } = membershipTarget(ctx);
  ctx.store.removeMember(group.id, userId);
  return { status: 204 };
};

export function registerGroupRoutes(define: DefineRoute): void {
  define('GET', '/api/v1/groups', listGroups);
  define('GET', '/api/v1/groups/{groupId}/users', listMembers);
  define('PUT', '/api/v1/groups/{groupId}/users/{userId}', assignMember);
  define('DELETE', '/api/v1/groups/{groupId}/users/{userId}', unassignMember);
  define('GET', '/api/v1/groups/{groupId}', getGroup);
}
