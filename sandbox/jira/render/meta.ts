/** Site metadata beans: statuses, categories, issue types, resolutions, projects, fields. */
import {
  ISSUE_TYPES,
  SYSTEM_FIELDS,
  categoryOf,
  type IssueTypeDef,
  type ResolutionDef,
  type StatusCategoryDef,
  type StatusDef,
} from '../catalog';
import { type CustomFieldKind, type CustomFieldRecord, type ProjectRecord } from '../model';
import { findUser, type StoreContext } from '../store/context';
import { avatarUrls, userBean } from './users';

export function statusCategoryBean(ctx: StoreContext, cat: StatusCategoryDef): Record<string, unknown> {
  return { self: `${ctx.siteUrl}/rest/api/3/statuscategory/${cat.id}`, id: cat.id, key: cat.key, colorName: cat.colorName, name: cat.name };
}

export function statusBean(ctx: StoreContext, status: StatusDef): Record<string, unknown> {
  return {
    self: `${ctx.siteUrl}/rest/api/3/status/${status.id}`,
    description: status.description,
    iconUrl: `${ctx.siteUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    untranslatedName: status.name,
    id: status.id,
    statusCategory: statusCategoryBean(ctx, categoryOf(status.category)),
  };
}

export function issueTypeBean(ctx: StoreContext, type: IssueTypeDef): Record<string, unknown> {
  return {
    self: `${ctx.siteUrl}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${ctx.siteUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${type.id}?size=medium`,
    name: type.name,
    subtask: false,
    avatarId: Number(type.id),
    hierarchyLevel: 0,
  };
}

export function resolutionBean(ctx: StoreContext, resolution: ResolutionDef): Record<string, unknown> {
  return { self: `${ctx.siteUrl}/rest/api/3/resolution/${resolution.id}`, id: resolution.id, description: resolution.description, name: resolution.name };
}

export function projectSelf(ctx: StoreContext, project: ProjectRecord): string {
  return `${ctx.siteUrl}/rest/api/3/project/${project.id}`;
}

/** ProjectDetails: the project as an issue field and in event payloads. */
export function projectDetails(ctx: StoreContext, project: ProjectRecord): Record<string, unknown> {
  return {
    self: projectSelf(ctx, project),
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: avatarUrls(ctx, `project-${project.id}`),
  };
}

const ROLE_NAMES: Record<string, string> = {
  administrators: 'Administrators',
  agents: 'Service Desk Team',
  addons: 'atlassian-addons-project-access',
  customers: 'Service Desk Customers',
};

/** The Project bean of GET /project/{key} and /project/search (with `expand` honoured). */
export function projectBean(ctx: StoreContext, project: ProjectRecord, expand: ReadonlySet<string>, full: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: projectSelf(ctx, project),
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: avatarUrls(ctx, `project-${project.id}`),
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  if (full || expand.has('description')) out.description = project.description;
  const lead = findUser(ctx, project.leadAccountId);
  if ((full || expand.has('lead')) && lead) out.lead = userBean(ctx, lead);
  if (full || expand.has('issueTypes')) {
    out.issueTypes = ISSUE_TYPES.filter((t) => project.issueTypeIds.includes(t.id)).map((t) => issueTypeBean(ctx, t));
  }
  if (full) {
    out.assigneeType = 'UNASSIGNED';
    out.components = [];
    out.versions = [];
    const roles: Record<string, string> = {};
    const roleKeys = project.projectTypeKey === 'service_desk' ? Object.keys(ROLE_NAMES) : ['administrators', 'agents', 'addons'];
    roleKeys.forEach((r, i) => {
      const name = project.projectTypeKey === 'service_desk' || r !== 'agents' ? ROLE_NAMES[r] : 'Member';
      if (name) roles[name] = `${projectSelf(ctx, project)}/role/${10002 + i}`;
    });
    out.roles = roles;
  }
  if (expand.has('url')) out.url = `${ctx.siteUrl}/browse/${project.key}`;
  if (expand.has('insight')) {
    const issues = Object.values(ctx.state.issues).filter((i) => i.projectId === project.id);
    const insight: Record<string, unknown> = { totalIssueCount: issues.length };
    const last = issues.reduce((m, i) => Math.max(m, i.updated), 0);
    if (last) insight.lastIssueUpdateTime = new Date(last).toISOString();
    out.insight = insight;
  }
  return out;
}

const CUSTOM_TYPES: Record<CustomFieldKind, { type: string; custom: string; items?: string }> = {
  text: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' },
  textarea: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' },
  select: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  multiselect: { type: 'array', items: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselect' },
  labels: { type: 'array', items: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:labels' },
  date: { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' },
  datetime: { type: 'datetime', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datetime' },
  number: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
  'sd-request-type': { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin' },
  'sd-participants': { type: 'array', items: 'user', custom: 'com.atlassian.servicedesk:sd-request-participants' },
  'sd-approvals': { type: 'sd-approvals', custom: 'com.atlassian.servicedesk.approvals-plugin:sd-approvals' },
};

/** JsonTypeBean of a custom field. */
export function customFieldSchema(field: CustomFieldRecord): Record<string, unknown> {
  const t = CUSTOM_TYPES[field.kind];
  const out: Record<string, unknown> = { type: t.type, custom: t.custom, customId: field.numericId };
  if (t.items) out.items = t.items;
  return out;
}

/** JsonTypeBean of any field id, or undefined when Jira gives none (issuekey). */
export function fieldSchema(ctx: StoreContext, fieldId: string): Record<string, unknown> | undefined {
  const sys = SYSTEM_FIELDS.find((f) => f.id === fieldId);
  if (sys) return sys.schema ? { ...sys.schema } : undefined;
  const cf = ctx.state.customFields.find((f) => f.id === fieldId);
  return cf ? customFieldSchema(cf) : undefined;
}

export function fieldName(ctx: StoreContext, fieldId: string): string | undefined {
  return SYSTEM_FIELDS.find((f) => f.id === fieldId)?.name ?? ctx.state.customFields.find((f) => f.id === fieldId)?.name;
}

/** FieldDetails for GET /field. */
export function fieldDetailsList(ctx: StoreContext): Record<string, unknown>[] {
  const system = SYSTEM_FIELDS.map((f) => {
    const out: Record<string, unknown> = {
      id: f.id,
      key: f.id,
      name: f.name,
      custom: false,
      orderable: f.orderable,
      navigable: f.navigable,
      searchable: f.searchable,
      clauseNames: f.clauseNames,
    };
    if (f.schema) out.schema = { ...f.schema };
    return out;
  });
  const custom = ctx.state.customFields.map((f) => ({
    id: f.id,
    key: f.id,
    name: f.name,
    custom: true,
    orderable: !f.kind.startsWith('sd-'),
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${f.numericId}]`, f.name],
    schema: customFieldSchema(f),
  }));
  return [...system, ...custom];
}
