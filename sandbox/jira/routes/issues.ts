/** Issue create/read/edit/delete, assignee, and workflow transitions. */
import { isAdfDoc, type AdfDoc } from '../adf';
import { statusOrThrow } from '../catalog';
import { badRequest, fieldErrors } from '../errors';
import { type IssueRecord } from '../model';
import { issueBean, issueSelf, resolveFieldSelection } from '../render/issue';
import { statusBean } from '../render/meta';
import { visibleIssue, type StoreContext } from '../store/context';
import { addComment } from '../store/comments';
import { editIssue, isInternalByProperties } from '../store/edit';
import { createIssue, deleteIssue, type CreateIssueInput } from '../store/issues';
import { availableTransitions, transitionIssue } from '../store/transitions';
import { type TransitionDef } from '../workflow';
import { asObject, expandSet, noContent, ok, queryBool, queryString, queryValues, route, type RouteDef } from './define';

const SYSTEM_CREATE_FIELDS = new Set(['project', 'issuetype', 'summary', 'description', 'reporter', 'assignee', 'labels']);

function idOrName(v: unknown): { id?: string; key?: string; name?: string } {
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  const str = (x: unknown): string | undefined => (typeof x === 'string' || typeof x === 'number' ? String(x) : undefined);
  return { id: str(o.id), key: str(o.key), name: str(o.name) };
}

function accountIdField(v: unknown): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  const id = (v as { accountId?: unknown }).accountId;
  return typeof id === 'string' ? id : null;
}

/** Turns REST `fields` of POST /issue into the domain's CreateIssueInput. */
function createInput(fields: Record<string, unknown>, properties: unknown): CreateIssueInput {
  const errors: Record<string, string> = {};
  const project = idOrName(fields.project);
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SYSTEM_CREATE_FIELDS.has(k)) continue;
    if (k.startsWith('customfield_')) custom[k] = v;
    else errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  if (Object.keys(errors).length) throw fieldErrors(errors);
  const props: Record<string, unknown> = {};
  if (Array.isArray(properties)) {
    for (const p of properties) {
      const { key, value } = (p ?? {}) as { key?: unknown; value?: unknown };
      if (typeof key === 'string') props[key] = value;
    }
  }
  const description = fields.description;
  return {
    project: project.id ?? project.key ?? '',
    issueType: idOrName(fields.issuetype),
    summary: typeof fields.summary === 'string' ? fields.summary : '',
    description: description === undefined || description === null ? null : (description as AdfDoc),
    reporterId: accountIdField(fields.reporter),
    assigneeId: accountIdField(fields.assignee) ?? null,
    labels: fields.labels as string[] | undefined,
    customFields: custom,
    properties: props,
  };
}

export function transitionBean(ctx: StoreContext, t: TransitionDef): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    to: statusBean(ctx, statusOrThrow(t.to)),
    hasScreen: false,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

export function beanFor(ctx: StoreContext, issue: IssueRecord, actorId: string, url: URL, defaultFields: '*all' | 'id'): Record<string, unknown> {
  const expand = expandSet(url);
  return issueBean(ctx, issue, {
    selection: resolveFieldSelection(ctx, url.searchParams.getAll('fields'), defaultFields),
    expand,
    properties: queryValues(url, 'properties'),
    viewerId: actorId,
    transitions: expand.has('transitions') ? availableTransitions(ctx, actorId, issue).map((t) => transitionBean(ctx, t)) : undefined,
  });
}

/** Comments passed as `update.comment[].add` (transition and edit screens). */
function addUpdateComments(ctx: StoreContext, actorId: string, issue: IssueRecord, comments: { body: unknown; internal: boolean }[]): void {
  for (const c of comments) {
    if (!isAdfDoc(c.body)) throw fieldErrors({ comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
    addComment(ctx, actorId, issue, { body: c.body, internal: c.internal });
  }
}

export const issueRoutes: RouteDef[] = [
  route('platform', 'POST', '/rest/api/3/issue', ({ ctx, actor, body }) => {
    const req = asObject(body);
    const fields = asObject(req.fields ?? {}, 'fields');
    const issue = createIssue(ctx, actor.accountId, createInput(fields, req.properties));
    return ok({ id: issue.id, key: issue.key, self: issueSelf(ctx, issue) }, 201);
  }),

  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}', ({ ctx, actor, params, url }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return ok(beanFor(ctx, issue, actor.accountId, url, '*all'));
  }),

  route('platform', 'PUT', '/rest/api/3/issue/{issueIdOrKey}', ({ ctx, actor, params, url, body }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const req = asObject(body);
    const outcome = editIssue(ctx, actor.accountId, issue, {
      fields: req.fields === undefined ? undefined : asObject(req.fields, 'fields'),
      update: req.update === undefined ? undefined : asObject(req.update, 'update'),
    });
    addUpdateComments(ctx, actor.accountId, issue, outcome.comments);
    if (queryBool(url, 'returnIssue', false)) return ok(beanFor(ctx, issue, actor.accountId, url, '*all'));
    return noContent();
  }),

  route('platform', 'DELETE', '/rest/api/3/issue/{issueIdOrKey}', ({ ctx, actor, params }) => {
    deleteIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return noContent();
  }),

  route('platform', 'PUT', '/rest/api/3/issue/{issueIdOrKey}/assignee', ({ ctx, actor, params, body }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const req = asObject(body);
    if (!('accountId' in req)) throw badRequest('You must specify the accountId of the assignee (null to unassign).');
    const id = req.accountId;
    if (id !== null && typeof id !== 'string') throw badRequest("'accountId' must be a string or null.");
    editIssue(ctx, actor.accountId, issue, { fields: { assignee: id === null ? null : { accountId: id } } });
    return noContent();
  }),

  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', ({ ctx, actor, params, url }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const only = queryString(url, 'transitionId');
    const transitions = availableTransitions(ctx, actor.accountId, issue).filter((t) => only === undefined || t.id === only);
    return ok({ expand: 'transitions', transitions: transitions.map((t) => transitionBean(ctx, t)) });
  }),

  route('platform', 'POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', ({ ctx, actor, params, body }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const req = asObject(body);
    const transitionId = idOrName(req.transition).id;
    if (!transitionId) throw badRequest('', { transition: "Missing 'transition' identifier" });
    const fields = req.fields === undefined ? {} : asObject(req.fields, 'fields');
    const unsupported = Object.keys(fields).find((k) => k !== 'resolution');
    if (unsupported) throw fieldErrors({ [unsupported]: `Field '${unsupported}' cannot be set. It is not on the appropriate screen, or unknown.` });
    const resolution = fields.resolution === undefined ? undefined : idOrName(fields.resolution);
    const update = req.update === undefined ? {} : asObject(req.update, 'update');
    const comments: { body: unknown; internal: boolean }[] = [];
    for (const op of Array.isArray(update.comment) ? (update.comment as unknown[]) : []) {
      const add = (op as { add?: { body?: unknown; properties?: unknown } } | null)?.add;
      if (add) comments.push({ body: add.body, internal: isInternalByProperties(add.properties) });
    }
    // Validate comment bodies before transitioning, so a bad body changes nothing.
    if (comments.some((c) => !isAdfDoc(c.body))) throw fieldErrors({ comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
    transitionIssue(ctx, actor.accountId, issue, transitionId, { resolution });
    addUpdateComments(ctx, actor.accountId, issue, comments);
    return noContent();
  }),
];
