/** Issue creation and deletion, shared by REST v3, JSM and the web UI. */
import { isAdfDoc, type AdfDoc } from '../adf';
import { STATUS, findIssueType } from '../catalog';
import { fieldErrors, forbidden } from '../errors';
import { emitCreated, emitDeleted } from '../events';
import { type CustomFieldValue, type IssueRecord, type ProjectRecord } from '../model';
import { issuePermissions, projectPermissions } from '../permissions';
import { WORKFLOWS, resolutionOnEnter } from '../workflow';
import { findCustomField, findProject, findUser, nextId, now, visibleIssue, type StoreContext } from './context';
import { checkProperty } from './properties';
import { normaliseCustomValue, type InputDialect } from './field-values';

export const SUMMARY_LIMIT = 255;

export interface NewIssueData {
  project: ProjectRecord;
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  reporterId: string | null;
  assigneeId: string | null;
  labels: string[];
  customFields: Record<string, CustomFieldValue>;
  requestTypeId: string | null;
  participantIds: string[];
  /** Approvers of the request type's approval step, or null. */
  approverIds: string[] | null;
  properties: Record<string, unknown>;
}

/** Creates the record, puts it in its workflow's initial status and emits `created`. */
export function insertIssue(ctx: StoreContext, actorId: string, data: NewIssueData): IssueRecord {
  const at = now(ctx);
  const workflow = WORKFLOWS[data.project.workflowId];
  const statusId = workflow.initialStatus(data.approverIds !== null);
  data.project.issueCounter += 1;
  const issue: IssueRecord = {
    id: nextId(ctx, 'issue'),
    key: `${data.project.key}-${data.project.issueCounter}`,
    projectId: data.project.id,
    issueTypeId: data.issueTypeId,
    summary: data.summary,
    description: data.description,
    statusId,
    resolutionId: resolutionOnEnter(statusId),
    resolutionDate: null,
    reporterId: data.reporterId,
    creatorId: actorId,
    assigneeId: data.assigneeId,
    created: at,
    updated: at,
    labels: data.labels,
    customFields: data.customFields,
    requestTypeId: data.requestTypeId,
    participantIds: data.participantIds,
    approvals: data.approverIds
      ? [
          {
            id: nextId(ctx, 'approval'),
            name: 'Approval',
            statusId: STATUS.waitingForApproval,
            created: at,
            completed: null,
            finalDecision: 'pending',
            approvers: data.approverIds.map((accountId) => ({ accountId, decision: 'pending' })),
          },
        ]
      : [],
    comments: [],
    histories: [],
    properties: data.properties,
    statusLog: [{ statusId, at }],
  };
  ctx.state.issues[issue.id] = issue;
  emitCreated(ctx, issue, actorId);
  return issue;
}

export interface CreateIssueInput {
  /** Project id or key. */
  project: string;
  issueType: { id?: string; name?: string };
  summary: string;
  description?: AdfDoc | null;
  reporterId?: string | null;
  assigneeId?: string | null;
  labels?: string[];
  /** Raw custom field values in REST v3 form (rich text as ADF). */
  customFields?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

function checkLabels(labels: unknown, errors: Record<string, string>, key = 'labels'): string[] {
  if (labels === undefined || labels === null) return [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    errors[key] = 'Specify the value for labels in an array';
    return [];
  }
  const spaced = (labels as string[]).find((l) => /\s/.test(l));
  if (spaced !== undefined) errors[key] = `The label '${spaced}' contains spaces which is invalid.`;
  return [...new Set(labels as string[])];
}

export function assignable(ctx: StoreContext, project: ProjectRecord, accountId: string): boolean {
  return !!findUser(ctx, accountId) && projectPermissions(ctx.state, accountId, project).has('ASSIGNABLE_USER');
}

/** Normalises raw custom values, collecting Jira-style field errors. */
export function normaliseCustomFields(
  ctx: StoreContext,
  raw: Record<string, unknown>,
  dialect: InputDialect,
  errors: Record<string, string>,
): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const [fieldId, value] of Object.entries(raw)) {
    const cf = findCustomField(ctx, fieldId);
    if (!cf) {
      errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const n = normaliseCustomValue(cf, value, dialect);
    if (!n.ok) errors[fieldId] = n.error;
    else if (n.value !== null) out[fieldId] = n.value;
  }
  return out;
}

/** POST /rest/api/3/issue. */
export function createIssue(ctx: StoreContext, actorId: string, input: CreateIssueInput): IssueRecord {
  const errors: Record<string, string> = {};
  const project = findProject(ctx, input.project);
  const perms = project ? projectPermissions(ctx.state, actorId, project) : new Set<string>();
  if (!project || !perms.has('BROWSE_PROJECTS')) throw fieldErrors({ project: 'Specify a valid project ID or key' });
  if (!perms.has('CREATE_ISSUES')) throw forbidden('You do not have permission to create issues in this project.');
  const staff = perms.has('EDIT_ISSUES');
  const issueTypeId = project.issueTypeIds.find((id) => id === input.issueType.id) ??
    project.issueTypeIds.find((id) => findIssueType(id)?.name.toLowerCase() === input.issueType.name?.toLowerCase());
  if (!issueTypeId) errors.issuetype = input.issueType.id || input.issueType.name ? 'The issue type selected is invalid.' : 'Specify an issue type';
  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (!summary) errors.summary = 'You must specify a summary of the issue.';
  else if (summary.length > SUMMARY_LIMIT) errors.summary = `Summary must be less than ${SUMMARY_LIMIT} characters.`;
  if (input.description !== undefined && input.description !== null && !isAdfDoc(input.description)) {
    errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  }
  let reporterId: string | null = actorId;
  if (input.reporterId !== undefined) {
    if (!staff) errors.reporter = 'You do not have permission to modify the reporter.';
    else if (input.reporterId !== null && !findUser(ctx, input.reporterId)) errors.reporter = `Specified reporter '${input.reporterId}' does not exist.`;
    else reporterId = input.reporterId;
  }
  let assigneeId: string | null = null;
  if (input.assigneeId) {
    if (!perms.has('ASSIGN_ISSUES')) errors.assignee = 'You do not have permission to assign issues.';
    else if (!assignable(ctx, project, input.assigneeId)) errors.assignee = `User '${input.assigneeId}' cannot be assigned issues.`;
    else assigneeId = input.assigneeId;
  }
  const labels = checkLabels(input.labels, errors);
  const customFields = normaliseCustomFields(ctx, input.customFields ?? {}, 'platform', errors);
  if (Object.keys(errors).length) throw fieldErrors(errors);
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.properties ?? {})) properties[k] = checkProperty(k, v);
  return insertIssue(ctx, actorId, {
    project,
    issueTypeId: issueTypeId as string,
    summary,
    description: input.description ?? null,
    reporterId,
    assigneeId,
    labels,
    customFields,
    requestTypeId: null,
    participantIds: [],
    approverIds: null,
    properties,
  });
}

export function deleteIssue(ctx: StoreContext, actorId: string, idOrKey: string): void {
  const issue = visibleIssue(ctx, actorId, idOrKey);
  if (!issuePermissions(ctx.state, actorId, issue).has('DELETE_ISSUES')) throw forbidden('You do not have permission to delete issues in this project.');
  emitDeleted(ctx, issue, actorId);
  delete ctx.state.issues[issue.id];
}

