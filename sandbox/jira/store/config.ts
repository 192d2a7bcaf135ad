/** Site configuration: projects and their roles, service desks, custom fields, request types. */
import { ISSUE_TYPE, findIssueType } from '../catalog';
import { badRequest, notFound } from '../errors';
import {
  type CustomFieldKind,
  type CustomFieldRecord,
  type ProjectRecord,
  type ProjectRole,
  type ProjectTypeKey,
  type RequestTypeFieldRecord,
  type RequestTypeRecord,
  type ServiceDeskRecord,
} from '../model';
import { findCustomField, findProject, findServiceDesk, findUser, nextId, type StoreContext } from './context';

export interface NewProjectInput {
  key: string;
  name: string;
  description?: string;
  projectTypeKey: ProjectTypeKey;
  leadAccountId: string;
}

export function createProject(ctx: StoreContext, input: NewProjectInput): ProjectRecord {
  if (!/^[A-Z][A-Z0-9]{1,9}$/.test(input.key)) throw badRequest(`Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.`);
  if (findProject(ctx, input.key)) throw badRequest(`A project with that project key already exists.`);
  if (!findUser(ctx, input.leadAccountId)) throw badRequest(`The project lead '${input.leadAccountId}' does not exist.`);
  const serviceDesk = input.projectTypeKey === 'service_desk';
  const project: ProjectRecord = {
    id: nextId(ctx, 'project'),
    key: input.key,
    name: input.name,
    description: input.description ?? '',
    projectTypeKey: input.projectTypeKey,
    leadAccountId: input.leadAccountId,
    issueTypeIds: serviceDesk ? [ISSUE_TYPE.serviceRequest, ISSUE_TYPE.serviceRequestWithApprovals] : [ISSUE_TYPE.task, ISSUE_TYPE.bug],
    workflowId: serviceDesk ? 'jsm-request' : 'software-simple',
    // The app user joins every project through the add-ons role, as Jira does on install.
    roles: { administrators: [input.leadAccountId], agents: [], addons: [ctx.appAccountId], customers: [] },
    issueCounter: 0,
  };
  ctx.state.projects.push(project);
  return project;
}

export function projectOrThrow(ctx: StoreContext, idOrKey: string): ProjectRecord {
  const project = findProject(ctx, idOrKey);
  if (!project) throw notFound(`No project could be found with key '${idOrKey}'.`);
  return project;
}

export function addProjectRoleMember(ctx: StoreContext, projectIdOrKey: string, role: ProjectRole, accountId: string): void {
  const project = projectOrThrow(ctx, projectIdOrKey);
  if (!findUser(ctx, accountId)) throw notFound(`User '${accountId}' does not exist.`);
  if (!project.roles[role].includes(accountId)) project.roles[role].push(accountId);
}

export function createServiceDesk(ctx: StoreContext, projectIdOrKey: string): ServiceDeskRecord {
  const project = projectOrThrow(ctx, projectIdOrKey);
  if (project.projectTypeKey !== 'service_desk') throw badRequest(`Project ${project.key} is not a service project.`);
  const existing = ctx.state.serviceDesks.find((s) => s.projectId === project.id);
  if (existing) return existing;
  const sd: ServiceDeskRecord = { id: nextId(ctx, 'serviceDesk'), projectId: project.id };
  ctx.state.serviceDesks.push(sd);
  return sd;
}

export interface NewCustomFieldInput {
  name: string;
  kind: CustomFieldKind;
  description?: string;
  /** Option values for select / multiselect fields. */
  options?: string[];
}

export function createCustomField(ctx: StoreContext, input: NewCustomFieldInput): CustomFieldRecord {
  if (ctx.state.customFields.some((f) => f.name.toLowerCase() === input.name.toLowerCase())) {
    throw badRequest(`A custom field named '${input.name}' already exists.`);
  }
  const numericId = Number(nextId(ctx, 'customField'));
  const field: CustomFieldRecord = {
    id: `customfield_${numericId}`,
    numericId,
    name: input.name,
    description: input.description ?? '',
    kind: input.kind,
    options: (input.options ?? []).map((value) => ({ id: nextId(ctx, 'option'), value })),
  };
  ctx.state.customFields.push(field);
  return field;
}

export interface NewRequestTypeInput {
  serviceDeskId: string;
  name: string;
  description?: string;
  helpText?: string;
  /** Fields in portal order; `summary` is added first when missing. */
  fields: { fieldId: string; label?: string; required?: boolean; description?: string }[];
  /** Approvers of the approval step; omit or null for no approval. */
  approverIds?: string[] | null;
}

export function createRequestType(ctx: StoreContext, input: NewRequestTypeInput): RequestTypeRecord {
  const sd = findServiceDesk(ctx, input.serviceDeskId);
  if (!sd) throw notFound(`Service desk ${input.serviceDeskId} does not exist.`);
  for (const id of input.approverIds ?? []) if (!findUser(ctx, id)) throw badRequest(`Approver '${id}' does not exist.`);
  const fields: RequestTypeFieldRecord[] = [];
  const specs = input.fields.some((f) => f.fieldId === 'summary') ? input.fields : [{ fieldId: 'summary', required: true }, ...input.fields];
  for (const f of specs) {
    const isSystem = f.fieldId === 'summary' || f.fieldId === 'description';
    const cf = isSystem ? undefined : findCustomField(ctx, f.fieldId);
    if (!isSystem && !cf) throw badRequest(`Field '${f.fieldId}' does not exist.`);
    const defaultLabel = f.fieldId === 'summary' ? 'Summary' : f.fieldId === 'description' ? 'Description' : (cf?.name ?? f.fieldId);
    fields.push({
      fieldId: f.fieldId,
      label: f.label ?? defaultLabel,
      required: f.fieldId === 'summary' ? true : (f.required ?? false),
      description: f.description ?? cf?.description ?? '',
    });
  }
  const approverIds = input.approverIds && input.approverIds.length ? [...input.approverIds] : null;
  const issueTypeId = approverIds ? ISSUE_TYPE.serviceRequestWithApprovals : ISSUE_TYPE.serviceRequest;
  if (!findIssueType(issueTypeId)) throw new Error('issue type catalogue is missing service request types');
  const rt: RequestTypeRecord = {
    id: nextId(ctx, 'requestType'),
    serviceDeskId: sd.id,
    name: input.name,
    description: input.description ?? '',
    helpText: input.helpText ?? '',
    issueTypeId,
    fields,
    approverIds,
  };
  ctx.state.requestTypes.push(rt);
  return rt;
}
