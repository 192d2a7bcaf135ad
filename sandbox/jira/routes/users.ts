/** /myself, /user, /user/search, /users/search. */
import { badRequest, forbidden, notFound } from '../errors';
import { hasGlobalPermission } from '../permissions';
import { userBean } from '../render/users';
import { findUser } from '../store/context';
import { matchesUserQuery } from '../store/users';
import { expandSet, ok, queryInt, queryString, route, type RouteDef } from './define';

export const userRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/myself', ({ ctx, actor, url }) => ok(userBean(ctx, actor, expandSet(url)))),

  route('platform', 'GET', '/rest/api/3/user', ({ ctx, url }) => {
    const accountId = queryString(url, 'accountId');
    if (!accountId) throw badRequest("The query parameter 'accountId' is required.");
    const user = findUser(ctx, accountId);
    if (!user) throw notFound(`User with accountId '${accountId}' does not exist.`);
    return ok(userBean(ctx, user, expandSet(url)));
  }),

  route('platform', 'GET', '/rest/api/3/user/search', ({ ctx, actor, url }) => {
    const query = queryString(url, 'query');
    const accountId = queryString(url, 'accountId');
    if (!query && !accountId) throw badRequest("One of 'query' or 'accountId' query parameters must be provided.");
    const startAt = queryInt(url, 'startAt', 0);
    const maxResults = Math.min(queryInt(url, 'maxResults', 50, 1), 1000);
    // Without "Browse users and groups" Jira answers an empty list rather than an error.
    if (!hasGlobalPermission(ctx.state, actor.accountId, 'USER_PICKER')) return ok([]);
    const users = Object.values(ctx.state.users).filter(
      (u) => u.active && (accountId ? u.accountId === accountId : true) && (query ? matchesUserQuery(u, query) : true),
    );
    return ok(users.slice(startAt, startAt + maxResults).map((u) => userBean(ctx, u)));
  }),

  route('platform', 'GET', '/rest/api/3/users/search', ({ ctx, actor, url }) => {
    if (!hasGlobalPermission(ctx.state, actor.accountId, 'USER_PICKER')) throw forbidden('You do not have permission to browse users.');
    const startAt = queryInt(url, 'startAt', 0);
    const maxResults = Math.min(queryInt(url, 'maxResults', 50, 1), 1000);
    return ok(Object.values(ctx.state.users).slice(startAt, startAt + maxResults).map((u) => userBean(ctx, u)));
  }),
];
