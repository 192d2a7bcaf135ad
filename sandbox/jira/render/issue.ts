/** REST v3 issue representations: field values, issue beans, comments and changelogs. */
import { adfToHtml, textToHtml } from '../adf';
import { SYSTEM_FIELDS, findIssueType, findResolution, statusOrThrow } from '../catalog';
import { type ChangeItem, type CommentRecord, type HistoryRecord, type IssueRecord } from '../model';
import { canBrowse, canSeeComment } from '../permissions';
import { findCustomField, findUser, projectOf, type StoreContext } from '../store/context';
import { friendlyDate, jiraDateTime } from '../time';
import { approvalDto, requestTypeFieldValue } from './jsm';
import { fieldName, fieldSchema, issueTypeBean, projectDetails, resolutionBean, statusBean } from './meta';
import { userDetails } from './users';
import { customValueJson } from './values';

/** Issue fields in Jira's order; `comment` is the only non-navigable one. */
const SYSTEM_ISSUE_FIELDS = SYSTEM_FIELDS.map((f) => f.id).filter((id) => id !== 'issuekey' && id !== 'statusCategory');

export function allIssueFieldIds(ctx: StoreContext): string[] {
  return [...SYSTEM_ISSUE_FIELDS, ...ctx.state.customFields.map((f) => f.id)];
}

export interface FieldSelection {
  fieldIds: string[];
  /** Only `id` was asked for: search returns bare `{id}` objects. */
  idOnly: boolean;
  /** Nothing beyond `id`/`key` was asked for (search then allows its largest pages). */
  keysOnly: boolean;
}

/**
 * Resolves Jira's `fields` parameter: `*all`, `*navigable`, explicit ids, `-id` exclusions;
 * unknown names are ignored as Jira does. Only exclusions means "navigable minus those".
 */
export function resolveFieldSelection(ctx: StoreContext, specs: readonly string[], defaultSpec: '*all' | 'id'): FieldSelection {
  let tokens = specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (tokens.length === 0) tokens = [defaultSpec];
  const all = allIssueFieldIds(ctx);
  const navigable = all.filter((id) => id !== 'comment');
  const positives = tokens.filter((t) => !t.startsWith('-'));
  const negatives = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const chosen = new Set<string>();
  if (positives.includes('*all')) all.forEach((id) => chosen.add(id));
  if (positives.includes('*navigable') || (positives.length === 0 && negatives.size > 0)) navigable.forEach((id) => chosen.add(id));
  for (const p of positives) if (all.includes(p)) chosen.add(p);
  for (const n of negatives) chosen.delete(n);
  const keysOnly = chosen.size === 0 && positives.length > 0 && positives.every((p) => p === 'id' || p === 'key');
  const idOnly = keysOnly && positives.every((p) => p === 'id');
  return { fieldIds: all.filter((id) => chosen.has(id)), idOnly, keysOnly };
}

export function visibleComments(ctx: StoreContext, issue: IssueRecord, viewerId: string): CommentRecord[] {
  return issue.comments.filter((c) => canSeeComment(ctx.state, viewerId, issue, c));
}

export function commentBean(ctx: StoreContext, issue: IssueRecord, c: CommentRecord, rendered: boolean): Record<string, unknown> {
  const author = findUser(ctx, c.authorId);
  const updateAuthor = findUser(ctx, c.updateAuthorId);
  const out: Record<string, unknown> = {
    self: `${ctx.siteUrl}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    body: c.body,
    created: jiraDateTime(c.created),
    updated: jiraDateTime(c.updated),
  };
  if (author) out.author = userDetails(ctx, author);
  if (updateAuthor) out.updateAuthor = userDetails(ctx, updateAuthor);
  if (projectOf(ctx, issue).projectTypeKey === 'service_desk') {
    out.jsdPublic = !c.internal;
    out.jsdAuthorCanSeeRequest = canBrowse(ctx.state, c.authorId, issue);
  }
  const props = Object.entries(c.properties);
  if (props.length) out.properties = props.map(([key, value]) => ({ key, value }));
  if (rendered) out.renderedBody = adfToHtml(c.body);
  return out;
}

/** ChangeDetails: the spec types from/to as (non-nullable) strings, so empty sides are omitted. */
function changeItemBean(item: ChangeItem): Record<string, unknown> {
  const entries: [string, string | null][] = [
    ['field', item.field],
    ['fieldtype', item.fieldtype],
    ['fieldId', item.fieldId],
    ['from', item.from],
    ['fromString', item.fromString],
    ['to', item.to],
    ['toString', item.toString],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== null));
}

export function changelogBean(ctx: StoreContext, h: HistoryRecord, items: readonly ChangeItem[] = h.items): Record<string, unknown> {
  const author = findUser(ctx, h.authorId);
  const out: Record<string, unknown> = { id: h.id, created: jiraDateTime(h.created), items: items.map(changeItemBean) };
  if (author) out.author = userDetails(ctx, author);
  return out;
}

/** The embedded changelog Jira caps at the 100 most recent histories, newest first. */
export const EMBEDDED_CHANGELOG_LIMIT = 100;

export function embeddedChangelog(ctx: StoreContext, issue: IssueRecord): Record<string, unknown> {
  const recent = issue.histories.slice(-EMBEDDED_CHANGELOG_LIMIT).reverse();
  return { startAt: 0, maxResults: recent.length, total: issue.histories.length, histories: recent.map((h) => changelogBean(ctx, h)) };
}

function userField(ctx: StoreContext, accountId: string | null): Record<string, unknown> | null {
  const user = accountId ? findUser(ctx, accountId) : undefined;
  return user ? userDetails(ctx, user) : null;
}

/** The REST v3 value of one field of `issue` as `viewerId` sees it. */
export function fieldValue(ctx: StoreContext, issue: IssueRecord, fieldId: string, viewerId: string): unknown {
  switch (fieldId) {
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description;
    case 'issuetype': {
      const t = findIssueType(issue.issueTypeId);
      return t ? issueTypeBean(ctx, t) : null;
    }
    case 'project':
      return projectDetails(ctx, projectOf(ctx, issue));
    case 'status':
      return statusBean(ctx, statusOrThrow(issue.statusId));
    case 'resolution': {
      const r = issue.resolutionId ? findResolution(issue.resolutionId) : undefined;
      return r ? resolutionBean(ctx, r) : null;
    }
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : jiraDateTime(issue.resolutionDate);
    case 'reporter':
      return userField(ctx, issue.reporterId);
    case 'creator':
      return userField(ctx, issue.creatorId);
    case 'assignee':
      return userField(ctx, issue.assigneeId);
    case 'created':
      return jiraDateTime(issue.created);
    case 'updated':
      return jiraDateTime(issue.updated);
    case 'labels':
      return [...issue.labels];
    case 'comment': {
      const comments = visibleComments(ctx, issue, viewerId).map((c) => commentBean(ctx, issue, c, false));
      return { comments, self: `${ctx.siteUrl}/rest/api/3/issue/${issue.id}/comment`, maxResults: comments.length, total: comments.length, startAt: 0 };
    }
  }
  const cf = findCustomField(ctx, fieldId);
  if (!cf) return undefined;
  switch (cf.kind) {
    case 'sd-request-type':
      return requestTypeFieldValue(ctx, issue);
    case 'sd-participants':
      return issue.requestTypeId ? issue.participantIds.map((id) => userField(ctx, id)).filter((u) => u !== null) : null;
    case 'sd-approvals':
      return issue.approvals.length ? issue.approvals.map((a) => approvalDto(ctx, issue, a, viewerId)) : null;
    default:
      return customValueJson(ctx, cf, issue.customFields[cf.id], 'platform');
  }
}

function renderedValue(ctx: StoreContext, issue: IssueRecord, fieldId: string): unknown {
  switch (fieldId) {
    case 'description':
      return issue.description ? adfToHtml(issue.description) : null;
    case 'created':
      return friendlyDate(issue.created);
    case 'updated':
      return friendlyDate(issue.updated);
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : friendlyDate(issue.resolutionDate);
  }
  const cf = findCustomField(ctx, fieldId);
  const value = issue.customFields[fieldId];
  if (cf?.kind === 'textarea' && typeof value === 'string') return textToHtml(value);
  return null;
}

export interface IssueBeanOptions {
  selection: FieldSelection;
  expand: ReadonlySet<string>;
  /** Issue property keys to include, or `*all`. */
  properties: readonly string[];
  viewerId: string;
  /** Rendered transitions, when `expand=transitions` was asked for. */
  transitions?: Record<string, unknown>[];
}

export function issueSelf(ctx: StoreContext, issue: IssueRecord): string {
  return `${ctx.siteUrl}/rest/api/3/issue/${issue.id}`;
}

export function issueBean(ctx: StoreContext, issue: IssueRecord, opts: IssueBeanOptions): Record<string, unknown> {
  if (opts.selection.idOnly && opts.expand.size === 0 && opts.properties.length === 0) return { id: issue.id };
  const fields: Record<string, unknown> = {};
  for (const id of opts.selection.fieldIds) {
    const v = fieldValue(ctx, issue, id, opts.viewerId);
    if (v !== undefined) fields[id] = v;
  }
  const out: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: issueSelf(ctx, issue),
    key: issue.key,
    fields,
  };
  if (opts.expand.has('renderedFields')) {
    const rendered: Record<string, unknown> = {};
    for (const id of Object.keys(fields)) rendered[id] = renderedValue(ctx, issue, id);
    out.renderedFields = rendered;
  }
  if (opts.expand.has('names')) {
    const names: Record<string, string> = {};
    for (const id of Object.keys(fields)) names[id] = fieldName(ctx, id) ?? id;
    out.names = names;
  }
  if (opts.expand.has('schema')) {
    const schema: Record<string, unknown> = {};
    for (const id of Object.keys(fields)) {
      const s = fieldSchema(ctx, id);
      if (s) schema[id] = s;
    }
    out.schema = schema;
  }
  if (opts.expand.has('changelog')) out.changelog = embeddedChangelog(ctx, issue);
  if (opts.expand.has('transitions') && opts.transitions) out.transitions = opts.transitions;
  if (opts.properties.length) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(issue.properties)) if (opts.properties.includes('*all') || opts.properties.includes(k)) props[k] = v;
    out.properties = props;
  }
  return out;
}

