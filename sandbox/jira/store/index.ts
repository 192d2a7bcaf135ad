/**
 * JiraStore: the typed in-memory Jira/JSM. Seeding and configuration methods have no
 * permission checks (they are the site admin's console); every `actorId`-taking method runs
 * the same domain logic, permission checks and events as the REST routes.
 * Records returned are live state: read them, never mutate them.
 */
import { type AdfDoc } from '../adf';
import { JiraError } from '../errors';
import {
  type ApprovalRecord,
  type CommentRecord,
  type CustomFieldRecord,
  type GroupRecord,
  type IssueRecord,
  type ProjectRecord,
  type ProjectRole,
  type RequestTypeRecord,
  type ServiceDeskRecord,
  type UserRecord,
} from '../model';
import { canBrowse, hasGlobalPermission, isAgent, isSiteAdmin, issuePermissions, projectPermissions } from '../permissions';
import { searchIssues } from '../jql/search';
import { type TransitionDef } from '../workflow';
import { answerApproval, type ApprovalAnswer } from './approvals';
import { addComment, visibleCommentsOf, type NewCommentInput } from './comments';
import {
  addProjectRoleMember,
  createCustomField,
  createProject,
  createRequestType,
  createServiceDesk,
  type NewCustomFieldInput,
  type NewProjectInput,
  type NewRequestTypeInput,
} from './config';
import { findCustomField, findIssue, findProject, findRequestType, findServiceDesk, findUser, visibleIssue, type StoreContext } from './context';
import { editIssue, type EditIssueInput } from './edit';
import { createIssue, deleteIssue, type CreateIssueInput } from './issues';
import { deleteIssueProperty, getIssueProperty, setIssueProperty } from './properties';
import {
  addParticipants,
  createCustomerRequest,
  listRequests,
  removeParticipants,
  visibleRequest,
  type CustomerRequestInput,
  type RequestListFilter,
} from './requests';
import { availableTransitions, transitionIssue, type TransitionOptions } from './transitions';
import {
  addGroupMember,
  addUserToGroup,
  authenticate,
  createGroup,
  createUser,
  findGroup,
  findUserByEmail,
  issueApiToken,
  removeUserFromGroup,
  setUserTimeZone,
  type NewUserInput,
} from './users';
import { issueView, requestForm, requestSummary, type IssueView, type RequestForm, type RequestSummary } from './views';

export class JiraStore {
  constructor(private readonly ctx: StoreContext) {}

  // ---- configuration (no permission checks) ----

  createUser(input: NewUserInput): UserRecord {
    return createUser(this.ctx, input);
  }

  /** Issues a new API token for Basic auth and returns it. */
  issueApiToken(accountId: string): string {
    return issueApiToken(this.ctx, accountId);
  }

  /** IANA zone used to read the user's JQL date literals. */
  setUserTimeZone(accountId: string, timeZone: string): void {
    setUserTimeZone(this.ctx, accountId, timeZone);
  }

  createGroup(name: string): GroupRecord {
    return createGroup(this.ctx, name);
  }

  /** Adds a member without the site-admin check (configuration, not the REST API). */
  addGroupMember(groupName: string, accountId: string): void {
    const group = findGroup(this.ctx, { groupname: groupName });
    if (!group) throw new JiraError('not-found', `Group '${groupName}' does not exist.`);
    addGroupMember(this.ctx, group, accountId);
  }

  createProject(input: NewProjectInput): ProjectRecord {
    return createProject(this.ctx, input);
  }

  addProjectRoleMember(projectIdOrKey: string, role: ProjectRole, accountId: string): void {
    addProjectRoleMember(this.ctx, projectIdOrKey, role, accountId);
  }

  createServiceDesk(projectIdOrKey: string): ServiceDeskRecord {
    return createServiceDesk(this.ctx, projectIdOrKey);
  }

  createCustomField(input: NewCustomFieldInput): CustomFieldRecord {
    return createCustomField(this.ctx, input);
  }

  createRequestType(input: NewRequestTypeInput): RequestTypeRecord {
    return createRequestType(this.ctx, input);
  }

  // ---- lookups (no permission checks) ----

  getUser(accountId: string): UserRecord | undefined {
    return findUser(this.ctx, accountId);
  }

  findUserByEmail(email: string): UserRecord | undefined {
    return findUserByEmail(this.ctx, email);
  }

  listUsers(): UserRecord[] {
    return Object.values(this.ctx.state.users);
  }

  /** The user a Basic-auth `email:apiToken` pair identifies, if any. */
  authenticate(email: string, apiToken: string): UserRecord | undefined {
    return authenticate(this.ctx, email, apiToken);
  }

  getGroup(groupIdOrName: string): GroupRecord | undefined {
    return findGroup(this.ctx, { groupId: groupIdOrName }) ?? findGroup(this.ctx, { groupname: groupIdOrName });
  }

  listGroups(): GroupRecord[] {
    return this.ctx.state.groups;
  }

  getProject(idOrKey: string): ProjectRecord | undefined {
    return findProject(this.ctx, idOrKey);
  }

  listProjects(): ProjectRecord[] {
    return this.ctx.state.projects;
  }

  getServiceDesk(id: string): ServiceDeskRecord | undefined {
    return findServiceDesk(this.ctx, id);
  }

  listServiceDesks(): ServiceDeskRecord[] {
    return this.ctx.state.serviceDesks;
  }

  getRequestType(id: string): RequestTypeRecord | undefined {
    return findRequestType(this.ctx, id);
  }

  listRequestTypes(serviceDeskId?: string): RequestTypeRecord[] {
    return this.ctx.state.requestTypes.filter((r) => serviceDeskId === undefined || r.serviceDeskId === serviceDeskId);
  }

  getCustomField(id: string): CustomFieldRecord | undefined {
    return findCustomField(this.ctx, id);
  }

  listCustomFields(): CustomFieldRecord[] {
    return this.ctx.state.customFields;
  }

  /** `customfield_NNNNN` of the custom field with this name (case-insensitive). */
  customFieldIdByName(name: string): string | undefined {
    return this.ctx.state.customFields.find((f) => f.name.toLowerCase() === name.toLowerCase())?.id;
  }

  /** Any issue by id or key, ignoring permissions (sandbox internals only). */
  getIssue(idOrKey: string): IssueRecord | undefined {
    return findIssue(this.ctx, idOrKey);
  }

  // ---- permissions ----

  isSiteAdmin(accountId: string): boolean {
    return isSiteAdmin(this.ctx.state, accountId);
  }

  hasGlobalPermission(accountId: string, permission: string): boolean {
    return hasGlobalPermission(this.ctx.state, accountId, permission);
  }

  hasProjectPermission(accountId: string, projectIdOrKey: string, permission: string): boolean {
    const project = findProject(this.ctx, projectIdOrKey);
    return !!project && projectPermissions(this.ctx.state, accountId, project).has(permission);
  }

  hasIssuePermission(accountId: string, issueIdOrKey: string, permission: string): boolean {
    const issue = findIssue(this.ctx, issueIdOrKey);
    return !!issue && issuePermissions(this.ctx.state, accountId, issue).has(permission);
  }

  canBrowse(accountId: string, issueIdOrKey: string): boolean {
    const issue = findIssue(this.ctx, issueIdOrKey);
    return !!issue && canBrowse(this.ctx.state, accountId, issue);
  }

  isAgent(accountId: string, projectIdOrKey: string): boolean {
    const project = findProject(this.ctx, projectIdOrKey);
    return !!project && isAgent(this.ctx.state, accountId, project);
  }

  // ---- acting as a user (same logic and events as REST) ----

  addUserToGroup(actorId: string, groupId: string, accountId: string): void {
    const group = findGroup(this.ctx, { groupId });
    if (!group) throw new JiraError('not-found', `Group with id '${groupId}' does not exist.`);
    addUserToGroup(this.ctx, actorId, group, accountId);
  }

  removeUserFromGroup(actorId: string, groupId: string, accountId: string): void {
    const group = findGroup(this.ctx, { groupId });
    if (!group) throw new JiraError('not-found', `Group with id '${groupId}' does not exist.`);
    removeUserFromGroup(this.ctx, actorId, group, accountId);
  }

  /** Platform issue creation (POST /rest/api/3/issue). */
  createIssue(actorId: string, input: CreateIssueInput): IssueRecord {
    return createIssue(this.ctx, actorId, input);
  }

  /** Portal request creation (POST /rest/servicedeskapi/request). */
  createCustomerRequest(actorId: string, input: CustomerRequestInput): IssueRecord {
    return createCustomerRequest(this.ctx, actorId, input);
  }

  /** PUT /rest/api/3/issue semantics: `{fields: {summary: 'x'}}`, `{update: {labels: [{add: 'y'}]}}`. */
  editIssue(actorId: string, issueIdOrKey: string, input: EditIssueInput): void {
    const issue = visibleIssue(this.ctx, actorId, issueIdOrKey);
    const outcome = editIssue(this.ctx, actorId, issue, input);
    for (const c of outcome.comments) addComment(this.ctx, actorId, issue, { body: c.body as AdfDoc, internal: c.internal });
  }

  assignIssue(actorId: string, issueIdOrKey: string, assigneeId: string | null): void {
    this.editIssue(actorId, issueIdOrKey, { fields: { assignee: assigneeId === null ? null : { accountId: assigneeId } } });
  }

  deleteIssue(actorId: string, issueIdOrKey: string): void {
    deleteIssue(this.ctx, actorId, issueIdOrKey);
  }

  /** Transitions the user may take now (agent transitions; approvals go through answerApproval). */
  getTransitions(actorId: string, issueIdOrKey: string): TransitionDef[] {
    return availableTransitions(this.ctx, actorId, visibleIssue(this.ctx, actorId, issueIdOrKey));
  }

  transitionIssue(actorId: string, issueIdOrKey: string, transitionId: string, opts?: TransitionOptions & { comment?: NewCommentInput }): void {
    const issue = visibleIssue(this.ctx, actorId, issueIdOrKey);
    transitionIssue(this.ctx, actorId, issue, transitionId, opts);
    if (opts?.comment) addComment(this.ctx, actorId, issue, opts.comment);
  }

  addComment(actorId: string, issueIdOrKey: string, input: NewCommentInput): CommentRecord {
    return addComment(this.ctx, actorId, visibleIssue(this.ctx, actorId, issueIdOrKey), input);
  }

  /** Comments the user may see (customers do not see internal ones). */
  listComments(actorId: string, issueIdOrKey: string): CommentRecord[] {
    return visibleCommentsOf(this.ctx, actorId, visibleIssue(this.ctx, actorId, issueIdOrKey));
  }

  listApprovals(actorId: string, issueIdOrKey: string): ApprovalRecord[] {
    return visibleRequest(this.ctx, actorId, issueIdOrKey).approvals;
  }

  /** Approve or decline as `actorId`, who must be one of the approvers. */
  answerApproval(actorId: string, issueIdOrKey: string, approvalId: string, decision: ApprovalAnswer): ApprovalRecord {
    return answerApproval(this.ctx, actorId, visibleRequest(this.ctx, actorId, issueIdOrKey), approvalId, decision);
  }

  addParticipants(actorId: string, issueIdOrKey: string, accountIds: string[]): void {
    addParticipants(this.ctx, actorId, visibleRequest(this.ctx, actorId, issueIdOrKey), accountIds);
  }

  removeParticipants(actorId: string, issueIdOrKey: string, accountIds: string[]): void {
    removeParticipants(this.ctx, actorId, visibleRequest(this.ctx, actorId, issueIdOrKey), accountIds);
  }

  setIssueProperty(actorId: string, issueIdOrKey: string, key: string, value: unknown): void {
    setIssueProperty(this.ctx, actorId, issueIdOrKey, key, value);
  }

  getIssueProperty(actorId: string, issueIdOrKey: string, key: string): unknown {
    return getIssueProperty(this.ctx, actorId, issueIdOrKey, key);
  }

  deleteIssueProperty(actorId: string, issueIdOrKey: string, key: string): void {
    deleteIssueProperty(this.ctx, actorId, issueIdOrKey, key);
  }

  /** All issues matching `jql` that the user may browse, in result order (unbounded JQL allowed). */
  search(actorId: string, jql: string): IssueRecord[] {
    return searchIssues(this.ctx, actorId, jql);
  }

  // ---- web UI view models ----

  /** "My requests" (JSM semantics; pass `{ownership: ['ALL_REQUESTS']}` for an agent queue). */
  listRequests(actorId: string, filter?: RequestListFilter): RequestSummary[] {
    return listRequests(this.ctx, actorId, filter).map((i) => requestSummary(this.ctx, actorId, i));
  }

  /** The portal form of a request type: fields with kinds, options and the expected input form. */
  getRequestForm(requestTypeId: string): RequestForm | undefined {
    return requestForm(this.ctx, requestTypeId);
  }

  /** Everything the issue page shows, as the viewer may see it. */
  viewIssue(actorId: string, issueIdOrKey: string): IssueView {
    return issueView(this.ctx, actorId, issueIdOrKey);
  }
}
