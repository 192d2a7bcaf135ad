/** /mypermissions and /permissions/check (what @forge/api's authorize() calls). */
import { PERMISSIONS, findPermission } from '../catalog';
import { badRequest, forbidden, notFound } from '../errors';
import { type IssueRecord, type ProjectRecord } from '../model';
import { canBrowse, globalPermissions, issuePermissions, projectPermissions } from '../permissions';
import { findIssue, findProject, findUser } from '../store/context';
import { asObject, ok, queryString, queryValues, route, stringArray, type RouteDef } from './define';

export const permissionRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/mypermissions', ({ ctx, actor, url }) => {
    const keys = queryValues(url, 'permissions');
    if (keys.length === 0) throw badRequest("The 'permissions' query parameter is required.");
    const unknown = keys.find((k) => !findPermission(k));
    if (unknown) throw badRequest(`The permission key '${unknown}' is invalid.`);
    const state = ctx.state;
    const me = actor.accountId;
    const issueRef = queryString(url, 'issueId') ?? queryString(url, 'issueKey');
    const projectRef = queryString(url, 'projectId') ?? queryString(url, 'projectKey');
    let projectSet: Set<string>;
    if (issueRef !== undefined) {
      const issue = findIssue(ctx, issueRef);
      if (!issue || !canBrowse(state, me, issue)) throw notFound(`Issue does not exist or you do not have permission to see it.`);
      projectSet = issuePermissions(state, me, issue);
    } else if (projectRef !== undefined) {
      const project = findProject(ctx, projectRef);
      if (!project || projectPermissions(state, me, project).size === 0) throw notFound(`No project could be found with key '${projectRef}'.`);
      projectSet = projectPermissions(state, me, project);
    } else {
      // Global context: a project permission held in any project counts.
      projectSet = new Set(state.projects.flatMap((p) => [...projectPermissions(state, me, p)]));
    }
    const globals = globalPermissions(state, me);
    const permissions: Record<string, unknown> = {};
    for (const key of keys) {
      const def = findPermission(key);
      if (!def) continue;
      permissions[key] = {
        id: def.id,
        key: def.key,
        name: def.name,
        type: def.type,
        description: def.description,
        havePermission: def.type === 'GLOBAL' ? globals.has(key) : projectSet.has(key),
      };
    }
    return ok({ permissions });
  }),

  route('platform', 'POST', '/rest/api/3/permissions/check', ({ ctx, actor, body }) => {
    const req = asObject(body);
    const state = ctx.state;
    let subjectId = actor.accountId;
    if (req.accountId !== undefined && req.accountId !== null) {
      subjectId = String(req.accountId);
      // Checking someone else needs Administer Jira, except for apps (Connect/Forge app rule).
      if (subjectId !== actor.accountId && actor.accountType !== 'app' && !globalPermissions(state, actor.accountId).has('ADMINISTER')) {
        throw forbidden('You do not have the permission to check permissions of other users.');
      }
      if (!findUser(ctx, subjectId)) throw badRequest(`The account ID '${subjectId}' is invalid.`);
    }
    const requestedGlobal = stringArray(req.globalPermissions, 'globalPermissions');
    for (const key of requestedGlobal) if (findPermission(key)?.type !== 'GLOBAL') throw badRequest(`Invalid global permission: ${key}`);
    const granted = globalPermissions(state, subjectId);
    const entries = req.projectPermissions === undefined || req.projectPermissions === null ? [] : req.projectPermissions;
    if (!Array.isArray(entries)) throw badRequest("'projectPermissions' must be an array.");
    const merged = new Map<string, { projects: Set<number>; issues: Set<number> }>();
    for (const raw of entries) {
      const entry = asObject(raw, 'projectPermissions entry');
      const perms = stringArray(entry.permissions, 'permissions').filter((p) => p !== '');
      if (perms.length === 0) throw badRequest('At least one project permission must be provided.');
      for (const key of perms) if (findPermission(key)?.type !== 'PROJECT') throw badRequest(`Invalid project permission: ${key}`);
      const projectIds = (Array.isArray(entry.projects) ? entry.projects : []).filter((x) => x !== null).map(Number);
      const issueIds = (Array.isArray(entry.issues) ? entry.issues : []).filter((x) => x !== null).map(Number);
      if (projectIds.length > 1000 || issueIds.length > 1000) throw badRequest('A maximum of 1000 projects and 1000 issues can be checked.');
      // Invalid ids are ignored, as the spec says.
      const projects = projectIds.map((id) => state.projects.find((p) => p.id === String(id))).filter((p): p is ProjectRecord => !!p);
      const issues = issueIds.map((id) => state.issues[String(id)]).filter((i): i is IssueRecord => !!i);
      for (const key of perms) {
        const out = merged.get(key) ?? { projects: new Set<number>(), issues: new Set<number>() };
        for (const p of projects) if (projectPermissions(state, subjectId, p).has(key)) out.projects.add(Number(p.id));
        for (const i of issues) if (issuePermissions(state, subjectId, i).has(key)) out.issues.add(Number(i.id));
        merged.set(key, out);
      }
    }
    return ok({
      globalPermissions: PERMISSIONS.filter((p) => requestedGlobal.includes(p.key) && granted.has(p.key)).map((p) => p.key),
      projectPermissions: [...merged].map(([permission, v]) => ({ permission, projects: [...v.projects], issues: [...v.issues] })),
    });
  }),
];
