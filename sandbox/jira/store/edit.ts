/** PUT /issue semantics: field `set`s and `update` operations, one changelog entry, events. */
import { adfToText, isAdfDoc } from '../adf';
import { fieldErrors, forbidden } from '../errors';
import { emitAssigned, emitUpdated } from '../events';
import { type ChangeItem, type CustomFieldValue, type IssueRecord } from '../model';
import { issuePermissions } from '../permissions';
import { findCustomField, findUser, projectOf, type StoreContext } from './context';
import { displayCustomValue, normaliseCustomValue, rawCustomValue, sameValue } from './field-values';
import { jiraItem, recordHistory } from './history';
import { SUMMARY_LIMIT, assignable } from './issues';

/** One field operation of PUT /issue's `fields` (set) or `update` (set/add/remove). */
type FieldOp = { op: 'set' | 'add' | 'remove'; value: unknown };

export interface EditIssueInput {
  /** REST v3 `fields`: each is a `set`. */
  fields?: Record<string, unknown>;
  /** REST v3 `update`: `{labels: [{add: 'x'}], comment: [{add: {body}}]}`. */
  update?: Record<string, unknown>;
}

function collectOps(input: EditIssueInput, errors: Record<string, string>): Map<string, FieldOp[]> {
  const ops = new Map<string, FieldOp[]>();
  for (const [field, value] of Object.entries(input.fields ?? {})) ops.set(field, [{ op: 'set', value }]);
  for (const [field, list] of Object.entries(input.update ?? {})) {
    if (ops.has(field)) {
      errors[field] = `Field '${field}' cannot be set in both fields and update.`;
      continue;
    }
    if (!Array.isArray(list)) {
      errors[field] = `Update operations for '${field}' must be an array.`;
      continue;
    }
    const fieldOps: FieldOp[] = [];
    for (const entry of list as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      for (const [op, value] of Object.entries(entry)) {
        if (op === 'set' || op === 'add' || op === 'remove') fieldOps.push({ op, value });
        else errors[field] = `Operation '${op}' is not supported for field '${field}'.`;
      }
    }
    ops.set(field, fieldOps);
  }
  return ops;
}

function accountIdOf(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'object' && value !== null && 'accountId' in value) {
    const id = (value as { accountId: unknown }).accountId;
    if (id === null) return null;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

function applyListOps(current: readonly string[], ops: FieldOp[], toItem: (v: unknown) => string | undefined): string[] | undefined {
  let next = [...current];
  for (const { op, value } of ops) {
    if (op === 'set') {
      if (value === null) next = [];
      else if (!Array.isArray(value)) return undefined;
      else {
        const items = value.map(toItem);
        if (items.some((i) => i === undefined)) return undefined;
        next = [...new Set(items as string[])];
      }
    } else {
      const item = toItem(value);
      if (item === undefined) return undefined;
      next = op === 'add' ? (next.includes(item) ? next : [...next, item]) : next.filter((x) => x !== item);
    }
  }
  return next;
}

export interface EditOutcome {
  changed: boolean;
  comments: { body: unknown; internal: boolean }[];
}

function userDisplay(ctx: StoreContext, id: string | null): string | null {
  return id ? (findUser(ctx, id)?.displayName ?? id) : null;
}

/**
 * PUT /issue semantics: validates every operation first (all-or-nothing, 400 with field
 * errors), applies them, records one changelog entry, and emits `updated` (+ `assigned`).
 * Comments in `update.comment` are returned for the caller to add after the edit.
 */
export function editIssue(ctx: StoreContext, actorId: string, issue: IssueRecord, input: EditIssueInput): EditOutcome {
  const errors: Record<string, string> = {};
  const ops = collectOps(input, errors);
  const perms = issuePermissions(ctx.state, actorId, issue);
  const project = projectOf(ctx, issue);
  const items: ChangeItem[] = [];
  const apply: (() => void)[] = [];
  const comments: EditOutcome['comments'] = [];
  const needs = (perm: string, field: string): boolean => {
    if (perms.has(perm)) return true;
    errors[field] = perm === 'ASSIGN_ISSUES' ? 'You do not have permission to assign issues.' : 'You do not have permission to edit issues in this project.';
    return false;
  };
  let assigneeChanged = false;

  for (const [field, fieldOps] of ops) {
    const last = fieldOps[fieldOps.length - 1];
    if (!last) continue;
    switch (field) {
      case 'summary': {
        if (!needs('EDIT_ISSUES', field)) break;
        const v = typeof last.value === 'string' ? last.value.trim() : '';
        if (!v) errors.summary = 'You must specify a summary of the issue.';
        else if (v.length > SUMMARY_LIMIT) errors.summary = `Summary must be less than ${SUMMARY_LIMIT} characters.`;
        else if (v !== issue.summary) {
          items.push(jiraItem('summary', null, issue.summary, null, v));
          apply.push(() => (issue.summary = v));
        }
        break;
      }
      case 'description': {
        if (!needs('EDIT_ISSUES', field)) break;
        const v = last.value;
        if (v !== null && !isAdfDoc(v)) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        else if (JSON.stringify(v) !== JSON.stringify(issue.description)) {
          items.push(jiraItem('description', null, adfToText(issue.description) || null, null, v ? adfToText(v) : null));
          apply.push(() => (issue.description = v));
        }
        break;
      }
      case 'labels': {
        if (!needs('EDIT_ISSUES', field)) break;
        const next = applyListOps(issue.labels, fieldOps, (x) => (typeof x === 'string' ? x : undefined));
        if (!next) errors.labels = 'Specify the value for labels in an array';
        else if (next.some((l) => /\s/.test(l))) errors.labels = `The label '${next.find((l) => /\s/.test(l))}' contains spaces which is invalid.`;
        else if (JSON.stringify(next) !== JSON.stringify(issue.labels)) {
          items.push(jiraItem('labels', null, issue.labels.join(' ') || null, null, next.join(' ') || null));
          apply.push(() => (issue.labels = next));
        }
        break;
      }
      case 'assignee':
      case 'reporter': {
        if (!needs(field === 'assignee' ? 'ASSIGN_ISSUES' : 'EDIT_ISSUES', field)) break;
        const id = accountIdOf(last.value);
        const current = field === 'assignee' ? issue.assigneeId : issue.reporterId;
        if (id === undefined) errors[field] = `Specify a valid value for ${field}`;
        else if (id !== null && !findUser(ctx, id)) errors[field] = `Specified user '${id}' does not exist.`;
        else if (field === 'assignee' && id !== null && !assignable(ctx, project, id)) errors.assignee = `User '${id}' cannot be assigned issues.`;
        else if (id !== current) {
          items.push(jiraItem(field, current, userDisplay(ctx, current), id, userDisplay(ctx, id)));
          if (field === 'assignee') {
            assigneeChanged = true;
            apply.push(() => (issue.assigneeId = id));
          } else apply.push(() => (issue.reporterId = id));
        }
        break;
      }
      case 'comment': {
        if (!needs('ADD_COMMENTS', field)) break;
        for (const { op, value } of fieldOps) {
          if (op !== 'add' || typeof value !== 'object' || value === null) {
            errors.comment = 'Comment operations must be add operations with a body.';
            continue;
          }
          const c = value as { body?: unknown; properties?: unknown };
          comments.push({ body: c.body, internal: isInternalByProperties(c.properties) });
        }
        break;
      }
      default: {
        const cf = findCustomField(ctx, field);
        if (!cf) {
          errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
          break;
        }
        if (!needs('EDIT_ISSUES', field)) break;
        const before = issue.customFields[field];
        let next: CustomFieldValue | null;
        if ((cf.kind === 'labels' || cf.kind === 'multiselect') && fieldOps.some((o) => o.op !== 'set')) {
          const current = Array.isArray(before) ? before : [];
          const list = applyListOps(current, fieldOps, (x) => {
            if (cf.kind === 'labels') return typeof x === 'string' ? x : undefined;
            const n = normaliseCustomValue(cf, [x], 'platform');
            return n.ok && Array.isArray(n.value) ? n.value[0] : undefined;
          });
          if (!list) {
            errors[field] = `Specify a valid value for ${cf.name}`;
            break;
          }
          next = list.length ? list : null;
        } else {
          const n = normaliseCustomValue(cf, last.value, 'platform');
          if (!n.ok) {
            errors[field] = n.error;
            break;
          }
          next = n.value;
        }
        if (!sameValue(before, next)) {
          items.push({
            field: cf.name,
            fieldtype: 'custom',
            fieldId: cf.id,
            from: rawCustomValue(cf, before),
            fromString: displayCustomValue(cf, before),
            to: rawCustomValue(cf, next),
            toString: displayCustomValue(cf, next),
          });
          apply.push(() => {
            if (next === null) delete issue.customFields[field];
            else issue.customFields[field] = next;
          });
        }
      }
    }
  }
  if (Object.keys(errors).length) {
    // Permission problems alone are a 403, like Jira; anything else is a 400 with field errors.
    const permissionOnly = Object.values(errors).every((m) => m.startsWith('You do not have permission'));
    if (permissionOnly) throw forbidden(Object.values(errors)[0] ?? 'You do not have permission to edit issues in this project.');
    throw fieldErrors(errors);
  }
  if (items.length === 0) return { changed: false, comments };
  apply.forEach((f) => f());
  const history = recordHistory(ctx, issue, actorId, items);
  emitUpdated(ctx, issue, actorId, history);
  if (assigneeChanged) emitAssigned(ctx, issue, actorId, history);
  return { changed: true, comments };
}

/** JSM's marker for internal comments given through REST v3 comment properties. */
export function isInternalByProperties(properties: unknown): boolean {
  if (!Array.isArray(properties)) return false;
  return properties.some((p) => {
    if (typeof p !== 'object' || p === null) return false;
    const { key, value } = p as { key?: unknown; value?: unknown };
    return key === 'sd.public.comment' && typeof value === 'object' && value !== null && (value as { internal?: unknown }).internal === true;
  });
}

