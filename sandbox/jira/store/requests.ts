/** JSM customer requests: creation with request-type validation, "my requests", participants. */
import { textToAdf } from '../adf';
import { statusOrThrow } from '../catalog';
import { JiraError, badRequest, forbidden, notFound } from '../errors';
import { emitUpdated } from '../events';
import { type IssueRecord, type RequestTypeRecord } from '../model';
import { canBrowse, isAgent, isStaff, issuePermissions, projectPermissions } from '../permissions';
import { customFieldOfKind, findRequestType, findServiceDesk, findUser, projectOf, type StoreContext } from './context';
import { normaliseCustomFields, insertIssue, SUMMARY_LIMIT } from './issues';
import { recordHistory } from './history';

export interface CustomerRequestInput {
  serviceDeskId: string;
  requestTypeId: string;
  /** Field id → value in JSM form (rich text as plain strings, selects as `{id}`/`{value}`). */
  requestFieldValues: Record<string, unknown>;
  /** Account id of the customer to raise it for (agents only). */
  raiseOnBehalfOf?: string;
  /** Account ids (agents only). */
  requestParticipants?: string[];
}

const CREATE_FAILED = 'Your request could not be created. Please check the fields have been correctly filled in.';

function requestTypeIn(ctx: StoreContext, serviceDeskId: string, requestTypeId: string): RequestTypeRecord {
  const rt = findRequestType(ctx, requestTypeId);
  if (!rt || rt.serviceDeskId !== serviceDeskId) throw badRequest(`The request type ${requestTypeId} does not exist in service desk ${serviceDeskId}.`);
  return rt;
}

/** POST /rest/servicedeskapi/request. */
export function createCustomerRequest(ctx: StoreContext, actorId: string, input: CustomerRequestInput): IssueRecord {
  const sd = findServiceDesk(ctx, String(input.serviceDeskId));
  if (!sd) throw badRequest(`The service desk ${input.serviceDeskId} does not exist.`);
  const project = ctx.state.projects.find((p) => p.id === sd.projectId);
  if (!project) throw new Error(`service desk ${sd.id} has no project`);
  const rt = requestTypeIn(ctx, sd.id, String(input.requestTypeId));
  if (!projectPermissions(ctx.state, actorId, project).has('CREATE_ISSUES')) {
    throw forbidden('You do not have permission to create requests in this service project.');
  }
  const agent = isAgent(ctx.state, actorId, project);
  let reporterId = actorId;
  if (input.raiseOnBehalfOf !== undefined && input.raiseOnBehalfOf !== actorId) {
    if (!agent) throw badRequest('You do not have permission to raise requests on behalf of customers.');
    if (!findUser(ctx, input.raiseOnBehalfOf)) throw badRequest(`The customer '${input.raiseOnBehalfOf}' does not exist.`);
    reporterId = input.raiseOnBehalfOf;
  }
  const participants = [...new Set(input.requestParticipants ?? [])];
  if (participants.length && !agent) throw badRequest('You do not have permission to add request participants.');
  const unknown = participants.find((id) => !findUser(ctx, id));
  if (unknown) throw badRequest(`The participant '${unknown}' does not exist.`);

  const values = input.requestFieldValues ?? {};
  const errors: Record<string, string> = {};
  for (const f of rt.fields) {
    const v = values[f.fieldId];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (f.required && empty) errors[f.fieldId] = `${f.label} is required.`;
  }
  for (const id of Object.keys(values)) {
    if (!rt.fields.some((f) => f.fieldId === id)) errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  const summary = typeof values.summary === 'string' ? values.summary.trim() : '';
  if (values.summary !== undefined && typeof values.summary !== 'string') errors.summary = 'Summary must be text.';
  else if (summary.length > SUMMARY_LIMIT) errors.summary = `Summary must be less than ${SUMMARY_LIMIT} characters.`;
  const description = values.description;
  if (description !== undefined && description !== null && typeof description !== 'string') errors.description = 'Description must be text.';
  const customRaw: Record<string, unknown> = {};
  for (const f of rt.fields) if (f.fieldId.startsWith('customfield_') && values[f.fieldId] !== undefined) customRaw[f.fieldId] = values[f.fieldId];
  const customFields = normaliseCustomFields(ctx, customRaw, 'jsm', errors);
  if (Object.keys(errors).length) {
    const label = (id: string): string => rt.fields.find((f) => f.fieldId === id)?.label ?? id;
    const detail = Object.entries(errors).map(([id, msg]) => (msg.startsWith(label(id)) ? msg : `${label(id)}: ${msg}`));
    throw new JiraError('bad-request', `${CREATE_FAILED} ${detail.join(' ')}`, { fieldErrors: errors, i18nKey: 'sd.request.create.error.fields.invalid' });
  }
  // JSM makes whoever a request is raised for a customer of the service project.
  if (!isStaff(ctx.state, reporterId, project) && !project.roles.customers.includes(reporterId)) project.roles.customers.push(reporterId);
  return insertIssue(ctx, actorId, {
    project,
    issueTypeId: rt.issueTypeId,
    summary,
    description: typeof description === 'string' && description !== '' ? textToAdf(description) : null,
    reporterId,
    assigneeId: null,
    labels: [],
    customFields,
    requestTypeId: rt.id,
    participantIds: participants.filter((id) => id !== reporterId),
    approverIds: rt.approverIds ? [...rt.approverIds] : null,
    properties: {},
  });
}

/** The customer request behind `idOrKey`, if the actor may view it (404 otherwise, as JSM). */
export function visibleRequest(ctx: StoreContext, actorId: string, idOrKey: string): IssueRecord {
  const issue = Object.values(ctx.state.issues).find((i) => i.id === idOrKey || i.key === idOrKey.toUpperCase());
  if (!issue || !issue.requestTypeId || !canBrowse(ctx.state, actorId, issue)) {
    throw notFound(`The request ${idOrKey} does not exist or you do not have permission to see it.`);
  }
  return issue;
}

export type RequestOwnership = 'OWNED_REQUESTS' | 'PARTICIPATED_REQUESTS' | 'APPROVER' | 'ALL_ORGANIZATIONS' | 'ORGANIZATION' | 'ALL_REQUESTS';

export interface RequestListFilter {
  /** Defaults to OWNED_REQUESTS + PARTICIPATED_REQUESTS (+ ALL_ORGANIZATIONS, empty here), as JSM. */
  ownership?: RequestOwnership[];
  status?: 'OPEN_REQUESTS' | 'CLOSED_REQUESTS' | 'ALL_REQUESTS';
  /** Valid with ownership APPROVER. */
  approvalStatus?: 'MY_PENDING_APPROVAL' | 'MY_HISTORY_APPROVAL';
  serviceDeskId?: string;
  requestTypeId?: string;
  /** Matched against the summary (case-insensitive substring; `*` wildcards allowed). */
  searchTerm?: string;
}

function matchesTerm(summary: string, term: string): boolean {
  const pattern = term
    .toLowerCase()
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(pattern).test(summary.toLowerCase());
}

/** GET /rest/servicedeskapi/request: latest activity first. */
export function listRequests(ctx: StoreContext, actorId: string, filter: RequestListFilter = {}): IssueRecord[] {
  const ownership = new Set<RequestOwnership>(filter.ownership?.length ? filter.ownership : ['OWNED_REQUESTS', 'PARTICIPATED_REQUESTS', 'ALL_ORGANIZATIONS']);
  const out = Object.values(ctx.state.issues).filter((issue) => {
    if (!issue.requestTypeId || !canBrowse(ctx.state, actorId, issue)) return false;
    const approver = issue.approvals.flatMap((a) => a.approvers.map((ap) => ({ a, ap }))).filter(({ ap }) => ap.accountId === actorId);
    const owned = issue.reporterId === actorId;
    const participated = issue.participantIds.includes(actorId);
    let include =
      ownership.has('ALL_REQUESTS') ||
      (ownership.has('OWNED_REQUESTS') && owned) ||
      (ownership.has('PARTICIPATED_REQUESTS') && participated) ||
      (ownership.has('APPROVER') && approver.length > 0);
    if (include && filter.approvalStatus === 'MY_PENDING_APPROVAL') {
      include = approver.some(({ a, ap }) => a.finalDecision === 'pending' && ap.decision === 'pending');
    } else if (include && filter.approvalStatus === 'MY_HISTORY_APPROVAL') {
      include = approver.some(({ ap }) => ap.decision !== 'pending');
    }
    if (!include) return false;
    const done = statusOrThrow(issue.statusId).category === 'done';
    if (filter.status === 'OPEN_REQUESTS' && done) return false;
    if (filter.status === 'CLOSED_REQUESTS' && !done) return false;
    const project = projectOf(ctx, issue);
    if (filter.serviceDeskId !== undefined && ctx.state.serviceDesks.find((s) => s.projectId === project.id)?.id !== filter.serviceDeskId) return false;
    if (filter.requestTypeId !== undefined && issue.requestTypeId !== filter.requestTypeId) return false;
    if (filter.searchTerm && !matchesTerm(issue.summary, filter.searchTerm)) return false;
    return true;
  });
  return out.sort((a, b) => b.updated - a.updated || Number(b.id) - Number(a.id));
}

/** Agents, and the reporter of the request, may manage its participants. */
export function canManageParticipants(ctx: StoreContext, actorId: string, issue: IssueRecord): boolean {
  return isAgent(ctx.state, actorId, projectOf(ctx, issue)) || issue.reporterId === actorId;
}

function changeParticipants(ctx: StoreContext, actorId: string, issue: IssueRecord, next: string[]): void {
  const field = customFieldOfKind(ctx, 'sd-participants');
  const before = issue.participantIds;
  if (JSON.stringify(before) === JSON.stringify(next)) return;
  issue.participantIds = next;
  const names = (ids: string[]): string => ids.map((id) => findUser(ctx, id)?.displayName ?? id).join(', ');
  const history = recordHistory(ctx, issue, actorId, [
    {
      field: field?.name ?? 'Request participants',
      fieldtype: 'custom',
      fieldId: field?.id ?? 'participants',
      from: before.length ? `[${before.join(', ')}]` : null,
      fromString: before.length ? names(before) : null,
      to: next.length ? `[${next.join(', ')}]` : null,
      toString: next.length ? names(next) : null,
    },
  ]);
  emitUpdated(ctx, issue, actorId, history);
}

export function addParticipants(ctx: StoreContext, actorId: string, issue: IssueRecord, accountIds: string[]): void {
  if (!canManageParticipants(ctx, actorId, issue)) throw forbidden('You do not have permission to manage participants on this request.');
  const unknown = accountIds.find((id) => !findUser(ctx, id));
  if (unknown) throw badRequest(`The user '${unknown}' does not exist.`);
  const next = [...issue.participantIds];
  for (const id of accountIds) if (!next.includes(id) && id !== issue.reporterId) next.push(id);
  changeParticipants(ctx, actorId, issue, next);
}

export function removeParticipants(ctx: StoreContext, actorId: string, issue: IssueRecord, accountIds: string[]): void {
  if (!canManageParticipants(ctx, actorId, issue)) throw forbidden('You do not have permission to manage participants on this request.');
  changeParticipants(ctx, actorId, issue, issue.participantIds.filter((id) => !accountIds.includes(id)));
}

export function canCommentOn(ctx: StoreContext, actorId: string, issue: IssueRecord): boolean {
  return issuePermissions(ctx.state, actorId, issue).has('ADD_COMMENTS');
}
