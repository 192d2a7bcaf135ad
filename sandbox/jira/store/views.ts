/** View models for the sandbox's server-rendered Jira/JSM web UI (plain data, times in epoch ms). */
import { adfToText } from '../adf';
import { findIssueType, findResolution, statusOrThrow, type StatusCategoryKey } from '../catalog';
import { type CustomFieldKind, type IssueRecord, type UserRecord } from '../model';
import { isAgent, isStaff, issuePermissions } from '../permissions';
import { findCustomField, findRequestType, findUser, projectOf, visibleIssue, type StoreContext } from './context';
import { displayCustomValue } from './field-values';
import { visibleCommentsOf } from './comments';
import { canManageParticipants } from './requests';
import { availableTransitions } from './transitions';

export interface UserRef {
  accountId: string;
  displayName: string;
  emailAddress: string | null;
}

export interface StatusRef {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface RequestSummary {
  id: string;
  key: string;
  summary: string;
  status: StatusRef;
  requestType: { id: string; name: string } | null;
  reporter: UserRef | null;
  assignee: UserRef | null;
  created: number;
  updated: number;
  /** The viewer is a pending approver of an open approval. */
  awaitingMyApproval: boolean;
}

export interface IssueFieldView {
  fieldId: string;
  label: string;
  /** Human-readable value, or null when empty. */
  display: string | null;
}

export interface CommentView {
  id: string;
  author: UserRef | null;
  text: string;
  internal: boolean;
  created: number;
}

export interface ApprovalView {
  id: string;
  name: string;
  finalDecision: 'pending' | 'approved' | 'declined';
  approvers: { user: UserRef | null; decision: 'pending' | 'approved' | 'declined' }[];
  canAnswer: boolean;
  created: number;
  completed: number | null;
}

export interface HistoryView {
  id: string;
  author: UserRef | null;
  created: number;
  items: { field: string; fromString: string | null; toString: string | null }[];
}

export interface IssueView extends RequestSummary {
  project: { id: string; key: string; name: string; projectTypeKey: string };
  issueType: { id: string; name: string };
  resolution: { id: string; name: string } | null;
  descriptionText: string;
  creator: UserRef | null;
  fields: IssueFieldView[];
  labels: string[];
  participants: UserRef[];
  comments: CommentView[];
  approvals: ApprovalView[];
  transitions: { id: string; name: string; to: StatusRef }[];
  history: HistoryView[];
  properties: Record<string, unknown>;
  /** What the viewer may do. */
  can: { comment: boolean; commentInternal: boolean; edit: boolean; manageParticipants: boolean; isAgent: boolean };
}

export function userRef(user: UserRecord | undefined): UserRef | null {
  return user ? { accountId: user.accountId, displayName: user.displayName, emailAddress: user.emailAddress } : null;
}

function statusRef(id: string): StatusRef {
  const s = statusOrThrow(id);
  return { id: s.id, name: s.name, category: s.category };
}

const refOf = (ctx: StoreContext, id: string | null): UserRef | null => (id ? userRef(findUser(ctx, id)) : null);

export function requestSummary(ctx: StoreContext, viewerId: string, issue: IssueRecord): RequestSummary {
  const rt = issue.requestTypeId ? findRequestType(ctx, issue.requestTypeId) : undefined;
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.summary,
    status: statusRef(issue.statusId),
    requestType: rt ? { id: rt.id, name: rt.name } : null,
    reporter: refOf(ctx, issue.reporterId),
    assignee: refOf(ctx, issue.assigneeId),
    created: issue.created,
    updated: issue.updated,
    awaitingMyApproval: issue.approvals.some(
      (a) => a.finalDecision === 'pending' && a.approvers.some((ap) => ap.accountId === viewerId && ap.decision === 'pending'),
    ),
  };
}

export function issueView(ctx: StoreContext, viewerId: string, idOrKey: string): IssueView {
  const issue = visibleIssue(ctx, viewerId, idOrKey);
  const project = projectOf(ctx, issue);
  const perms = issuePermissions(ctx.state, viewerId, issue);
  const rt = issue.requestTypeId ? findRequestType(ctx, issue.requestTypeId) : undefined;
  const fields: IssueFieldView[] = [];
  const fieldIds = rt ? rt.fields.map((f) => ({ id: f.fieldId, label: f.label })) : Object.keys(issue.customFields).map((id) => ({ id, label: findCustomField(ctx, id)?.name ?? id }));
  for (const { id, label } of fieldIds) {
    if (id === 'summary') continue;
    if (id === 'description') {
      fields.push({ fieldId: id, label, display: issue.description ? adfToText(issue.description) : null });
      continue;
    }
    const cf = findCustomField(ctx, id);
    fields.push({ fieldId: id, label, display: cf ? displayCustomValue(cf, issue.customFields[id]) : null });
  }
  const resolution = issue.resolutionId ? findResolution(issue.resolutionId) : undefined;
  const type = findIssueType(issue.issueTypeId);
  return {
    ...requestSummary(ctx, viewerId, issue),
    project: { id: project.id, key: project.key, name: project.name, projectTypeKey: project.projectTypeKey },
    issueType: { id: issue.issueTypeId, name: type?.name ?? issue.issueTypeId },
    resolution: resolution ? { id: resolution.id, name: resolution.name } : null,
    descriptionText: adfToText(issue.description),
    creator: refOf(ctx, issue.creatorId),
    fields,
    labels: [...issue.labels],
    participants: issue.participantIds.map((id) => refOf(ctx, id)).filter((u): u is UserRef => u !== null),
    comments: visibleCommentsOf(ctx, viewerId, issue).map((c) => ({
      id: c.id,
      author: refOf(ctx, c.authorId),
      text: adfToText(c.body),
      internal: c.internal,
      created: c.created,
    })),
    approvals: issue.approvals.map((a) => ({
      id: a.id,
      name: a.name,
      finalDecision: a.finalDecision,
      approvers: a.approvers.map((ap) => ({ user: refOf(ctx, ap.accountId), decision: ap.decision })),
      canAnswer: a.finalDecision === 'pending' && a.approvers.some((ap) => ap.accountId === viewerId && ap.decision === 'pending'),
      created: a.created,
      completed: a.completed,
    })),
    transitions: availableTransitions(ctx, viewerId, issue).map((t) => ({ id: t.id, name: t.name, to: statusRef(t.to) })),
    history: issue.histories.map((h) => ({
      id: h.id,
      author: refOf(ctx, h.authorId),
      created: h.created,
      items: h.items.map((i) => ({ field: i.field, fromString: i.fromString, toString: i.toString })),
    })),
    properties: isStaff(ctx.state, viewerId, project) ? structuredClone(issue.properties) : {},
    can: {
      comment: perms.has('ADD_COMMENTS'),
      commentInternal: perms.has('ADD_COMMENTS') && project.projectTypeKey === 'service_desk' && isStaff(ctx.state, viewerId, project),
      edit: perms.has('EDIT_ISSUES'),
      manageParticipants: !!issue.requestTypeId && canManageParticipants(ctx, viewerId, issue),
      isAgent: isAgent(ctx.state, viewerId, project),
    },
  };
}

export type FormFieldKind = 'summary' | 'description' | CustomFieldKind;

export interface RequestFormField {
  fieldId: string;
  label: string;
  required: boolean;
  description: string;
  kind: FormFieldKind;
  /** Options of select / multiselect fields. */
  options: { id: string; value: string }[];
  /** The requestFieldValues form createCustomerRequest expects for this field. */
  inputHint: string;
}

export interface RequestForm {
  requestType: { id: string; name: string; description: string; needsApproval: boolean };
  fields: RequestFormField[];
}

const INPUT_HINTS: Record<FormFieldKind, string> = {
  summary: 'string',
  description: 'string (plain text)',
  text: 'string (at most 255 characters)',
  textarea: 'string (plain text, may span lines)',
  select: '{ "id": "<option id>" } or { "value": "<option value>" }',
  multiselect: 'array of { "id" } or { "value" }',
  labels: 'array of strings without spaces',
  date: '"yyyy-MM-dd"',
  datetime: 'ISO-8601 with offset, e.g. "2026-11-21T10:00:00.000+0000"',
  number: 'number',
  'sd-request-type': 'not settable',
  'sd-participants': 'not settable',
  'sd-approvals': 'not settable',
};

/** What the portal's "raise a request" form shows for a request type. */
export function requestForm(ctx: StoreContext, requestTypeId: string): RequestForm | undefined {
  const rt = findRequestType(ctx, requestTypeId);
  if (!rt) return undefined;
  return {
    requestType: { id: rt.id, name: rt.name, description: rt.description, needsApproval: rt.approverIds !== null },
    fields: rt.fields.map((f) => {
      const cf = findCustomField(ctx, f.fieldId);
      const kind: FormFieldKind = f.fieldId === 'summary' || f.fieldId === 'description' ? f.fieldId : (cf?.kind ?? 'text');
      return { fieldId: f.fieldId, label: f.label, required: f.required, description: f.description, kind, options: cf ? cf.options.map((o) => ({ ...o })) : [], inputHint: INPUT_HINTS[kind] };
    }),
  };
}
