/** Projects, fields, statuses and status categories. */
import { STATUSES, STATUS_CATEGORIES } from '../catalog';
import { notFound } from '../errors';
import { type ProjectRecord } from '../model';
import { projectPermissions } from '../permissions';
import { fieldDetailsList, projectBean, statusBean, statusCategoryBean } from '../render/meta';
import { findProject, findUser, now } from '../store/context';
import { jiraDateTime } from '../time';
import { expandSet, ok, queryInt, queryString, queryValues, route, type RouteDef } from './define';

const ACTION_PERMISSION: Record<string, string[]> = {
  view: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'],
  browse: ['BROWSE_PROJECTS'],
  edit: ['ADMINISTER_PROJECTS'],
  create: ['CREATE_ISSUES'],
};

export const metaRoutes: RouteDef[] = [
  // The site's own address: what apps use to link to an issue (`${baseUrl}/browse/KEY`).
  route('platform', 'GET', '/rest/api/3/serverInfo', ({ ctx }) =>
    ok({
      baseUrl: ctx.siteUrl,
      displayUrl: ctx.siteUrl,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100_285,
      buildDate: '2026-01-05T08:00:00.000+0000',
      serverTime: jiraDateTime(now(ctx)),
      scmInfo: 'provisio-sandbox',
      serverTitle: 'Jira',
    }),
  ),

  route('platform', 'GET', '/rest/api/3/project/search', ({ ctx, actor, url }) => {
    const startAt = queryInt(url, 'startAt', 0);
    // Jira caps maxResults at 100 silently.
    const maxResults = Math.min(queryInt(url, 'maxResults', 50, 1), 100);
    const action = queryString(url, 'action') ?? 'view';
    const needed = ACTION_PERMISSION[action] ?? ACTION_PERMISSION.view ?? [];
    const keys = new Set(queryValues(url, 'keys').map((k) => k.toUpperCase()));
    const ids = new Set(queryValues(url, 'id'));
    const types = new Set(queryValues(url, 'typeKey'));
    const query = queryString(url, 'query')?.toLowerCase();
    const orderBy = queryString(url, 'orderBy') ?? 'key';
    const desc = orderBy.startsWith('-');
    const by = orderBy.replace(/^[-+]/, '');
    const projects = ctx.state.projects
      .filter((p) => {
        const perms = projectPermissions(ctx.state, actor.accountId, p);
        if (!needed.some((n) => perms.has(n))) return false;
        if (keys.size && !keys.has(p.key)) return false;
        if (ids.size && !ids.has(p.id)) return false;
        if (types.size && !types.has(p.projectTypeKey)) return false;
        if (query && !p.key.toLowerCase().includes(query) && !p.name.toLowerCase().includes(query)) return false;
        return true;
      })
      .sort((a: ProjectRecord, b: ProjectRecord) => {
        const av = by === 'name' ? a.name : by === 'owner' ? (findUser(ctx, a.leadAccountId)?.displayName ?? '') : a.key;
        const bv = by === 'name' ? b.name : by === 'owner' ? (findUser(ctx, b.leadAccountId)?.displayName ?? '') : b.key;
        return (desc ? -1 : 1) * av.localeCompare(bv);
      });
    const values = projects.slice(startAt, startAt + maxResults).map((p) => projectBean(ctx, p, expandSet(url), false));
    const isLast = startAt + values.length >= projects.length;
    const self = new URL(`${ctx.siteUrl}/rest/api/3/project/search`);
    self.searchParams.set('startAt', String(startAt));
    self.searchParams.set('maxResults', String(maxResults));
    const body: Record<string, unknown> = { self: self.toString(), maxResults, startAt, total: projects.length, isLast, values };
    if (!isLast) {
      self.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = self.toString();
    }
    return ok(body);
  }),

  route('platform', 'GET', '/rest/api/3/project/{projectIdOrKey}', ({ ctx, actor, params, url }) => {
    const ref = params.projectIdOrKey ?? '';
    const project = findProject(ctx, ref);
    const perms = project ? projectPermissions(ctx.state, actor.accountId, project) : new Set<string>();
    if (!project || !(perms.has('BROWSE_PROJECTS') || perms.has('ADMINISTER_PROJECTS'))) {
      throw notFound(`No project could be found with key '${ref}'.`);
    }
    return ok(projectBean(ctx, project, expandSet(url), true));
  }),

  route('platform', 'GET', '/rest/api/3/field', ({ ctx }) => ok(fieldDetailsList(ctx))),

  route('platform', 'GET', '/rest/api/3/status', ({ ctx }) => ok(STATUSES.map((s) => statusBean(ctx, s)))),

  route('platform', 'GET', '/rest/api/3/statuscategory', ({ ctx }) => ok(STATUS_CATEGORIES.map((c) => statusCategoryBean(ctx, c)))),
];
