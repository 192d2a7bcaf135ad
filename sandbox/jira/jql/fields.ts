/**
 * The JQL fields the stand-in searches: how each reads an issue, which operators it takes,
 * and its sort key. Custom fields are reachable as `cf[10010]`, `customfield_10010` or by name.
 */
import { ISSUE_TYPES, RESOLUTIONS, STATUSES, categoryOf, statusOrThrow } from '../catalog';
import { JqlError } from '../errors';
import { type CustomFieldRecord, type IssueRecord } from '../model';
import { findRequestType, findUser, projectOf, type StoreContext } from '../store/context';
import { type FieldRef, type Operator } from './ast';

export type FieldKind =
  | 'project'
  | 'key'
  | 'status'
  | 'statusCategory'
  | 'issuetype'
  | 'user'
  | 'users'
  | 'datetime'
  | 'date'
  | 'resolution'
  | 'text'
  | 'option'
  | 'options'
  | 'labels'
  | 'number'
  | 'requesttype';

export type SortValue = string | number | null;

export interface JqlField {
  /** Name used in messages (Jira quotes the clause name). */
  name: string;
  kind: FieldKind;
  custom?: CustomFieldRecord;
  /** The issue's value(s): ids, account ids, epoch ms, text … Empty when the field is empty. */
  values(issue: IssueRecord): (string | number)[];
  sortKey(issue: IssueRecord): SortValue;
}

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in', 'is', 'is not'];
const ORDERED: Operator[] = [...EQUALITY, '>', '>=', '<', '<='];

export const OPERATORS_BY_KIND: Record<FieldKind, readonly Operator[]> = {
  project: EQUALITY,
  key: ['=', '!=', 'in', 'not in', '>', '>=', '<', '<='],
  status: EQUALITY,
  statusCategory: EQUALITY,
  issuetype: EQUALITY,
  user: EQUALITY,
  users: EQUALITY,
  datetime: ORDERED,
  date: ORDERED,
  resolution: EQUALITY,
  text: ['~', '!~', 'is', 'is not'],
  option: EQUALITY,
  options: EQUALITY,
  labels: EQUALITY,
  number: ORDERED,
  requesttype: EQUALITY,
};

const lower = (s: string | null | undefined): string | null => (s ? s.toLowerCase() : null);

function statusOrdinal(statusId: string): number {
  const s = statusOrThrow(statusId);
  const categoryRank = ['new', 'indeterminate', 'done'].indexOf(s.category);
  return categoryRank * 1000 + STATUSES.findIndex((x) => x.id === statusId);
}

/** Keys sort by project key, then number: `ITS-0000000012`. */
export function keySortValue(issue: IssueRecord): string {
  const [project, num] = issue.key.split('-');
  return `${project}-${(num ?? '').padStart(10, '0')}`;
}

function userName(ctx: StoreContext, id: string | null): string | null {
  return id ? lower(findUser(ctx, id)?.displayName ?? id) : null;
}

function system(ctx: StoreContext, name: string): JqlField | undefined {
  const userField = (label: string, get: (i: IssueRecord) => string | null): JqlField => ({
    name: label,
    kind: 'user',
    values: (i) => {
      const v = get(i);
      return v ? [v] : [];
    },
    sortKey: (i) => userName(ctx, get(i)),
  });
  const dateField = (label: string, get: (i: IssueRecord) => number | null): JqlField => ({
    name: label,
    kind: 'datetime',
    values: (i) => {
      const v = get(i);
      return v === null ? [] : [v];
    },
    sortKey: (i) => get(i),
  });
  switch (name) {
    case 'project':
      return { name: 'project', kind: 'project', values: (i) => [i.projectId], sortKey: (i) => projectOf(ctx, i).key };
    case 'key':
    case 'issuekey':
    case 'issue':
    case 'id':
      return { name: 'key', kind: 'key', values: (i) => [i.id], sortKey: keySortValue };
    case 'status':
      return { name: 'status', kind: 'status', values: (i) => [i.statusId], sortKey: (i) => statusOrdinal(i.statusId) };
    case 'statuscategory':
      return {
        name: 'statusCategory',
        kind: 'statusCategory',
        values: (i) => [statusOrThrow(i.statusId).category],
        sortKey: (i) => categoryOf(statusOrThrow(i.statusId).category).id,
      };
    case 'issuetype':
    case 'type':
      return { name: 'issuetype', kind: 'issuetype', values: (i) => [i.issueTypeId], sortKey: (i) => lower(ISSUE_TYPES.find((t) => t.id === i.issueTypeId)?.name) };
    case 'reporter':
      return userField('reporter', (i) => i.reporterId);
    case 'assignee':
      return userField('assignee', (i) => i.assigneeId);
    case 'creator':
      return userField('creator', (i) => i.creatorId);
    case 'created':
    case 'createddate':
      return dateField('created', (i) => i.created);
    case 'updated':
    case 'updateddate':
      return dateField('updated', (i) => i.updated);
    case 'resolutiondate':
    case 'resolved':
      return dateField('resolutiondate', (i) => i.resolutionDate);
    case 'resolution':
      return {
        name: 'resolution',
        kind: 'resolution',
        values: (i) => (i.resolutionId ? [i.resolutionId] : []),
        sortKey: (i) => lower(RESOLUTIONS.find((r) => r.id === i.resolutionId)?.name),
      };
    case 'summary':
      return { name: 'summary', kind: 'text', values: (i) => [i.summary], sortKey: (i) => lower(i.summary) };
    case 'description':
      return {
        name: 'description',
        kind: 'text',
        values: (i) => (i.description ? [descriptionText(i)] : []),
        sortKey: (i) => lower(i.description ? descriptionText(i) : null),
      };
    case 'labels':
      return { name: 'labels', kind: 'labels', values: (i) => [...i.labels], sortKey: (i) => lower(i.labels.join(' ')) };
    default:
      return undefined;
  }
}

function descriptionText(issue: IssueRecord): string {
  const parts: string[] = [];
  const walk = (n: { text?: string; content?: unknown[] }): void => {
    if (n.text) parts.push(n.text);
    for (const c of n.content ?? []) walk(c as { text?: string; content?: unknown[] });
  };
  issue.description?.content.forEach((n) => walk(n));
  return parts.join(' ');
}

function custom(ctx: StoreContext, cf: CustomFieldRecord): JqlField {
  const raw = (i: IssueRecord): unknown => i.customFields[cf.id];
  const list = (i: IssueRecord): string[] => {
    const v = raw(i);
    return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
  };
  const optionValue = (id: string): string => cf.options.find((o) => o.id === id)?.value ?? id;
  const base = { name: cf.name, custom: cf };
  switch (cf.kind) {
    case 'text':
    case 'textarea':
      return { ...base, kind: 'text', values: list, sortKey: (i) => lower(list(i)[0]) };
    case 'select':
      return { ...base, kind: 'option', values: list, sortKey: (i) => lower(list(i).map(optionValue)[0]) };
    case 'multiselect':
      return { ...base, kind: 'options', values: list, sortKey: (i) => lower(list(i).map(optionValue).join(', ')) };
    case 'labels':
      return { ...base, kind: 'labels', values: list, sortKey: (i) => lower(list(i).join(' ')) };
    case 'number':
    case 'datetime':
      return {
        ...base,
        kind: cf.kind === 'number' ? 'number' : 'datetime',
        values: (i) => (typeof raw(i) === 'number' ? [raw(i) as number] : []),
        sortKey: (i) => (typeof raw(i) === 'number' ? (raw(i) as number) : null),
      };
    case 'date':
      // Stored as yyyy-MM-dd; the evaluator maps it to midnight in the caller's zone.
      return { ...base, kind: 'date', values: list, sortKey: (i) => list(i)[0] ?? null };
    case 'sd-request-type':
      return {
        ...base,
        kind: 'requesttype',
        values: (i) => (i.requestTypeId ? [i.requestTypeId] : []),
        sortKey: (i) => lower(i.requestTypeId ? findRequestType(ctx, i.requestTypeId)?.name : null),
      };
    case 'sd-participants':
      return { ...base, kind: 'users', values: (i) => [...i.participantIds], sortKey: (i) => i.participantIds.map((id) => userName(ctx, id)).join(', ') || null };
    case 'sd-approvals':
      throw new JqlError(`Field '${cf.name}' is not searchable in the Jira stand-in.`);
  }
}

export function resolveField(ctx: StoreContext, ref: FieldRef): JqlField {
  const name = ref.name.trim().toLowerCase();
  const sys = system(ctx, name);
  if (sys) return sys;
  const cfMatch = /^cf\[(\d+)\]$/.exec(name) ?? /^customfield_(\d+)$/.exec(name);
  const cf = cfMatch
    ? ctx.state.customFields.find((f) => f.numericId === Number(cfMatch[1]))
    : ctx.state.customFields.find((f) => f.name.toLowerCase() === name);
  if (cf) return custom(ctx, cf);
  throw new JqlError(`Field '${ref.name}' does not exist or you do not have permission to view it.`);
}
