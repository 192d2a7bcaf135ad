/**
 * Fixed site configuration: status categories, statuses, resolutions, issue types, system
 * fields and the permission catalogue. Ids follow Jira Cloud's numbering where Jira has
 * well-known ones (status categories 1-4, permission ids).
 */

export type StatusCategoryKey = 'undefined' | 'new' | 'indeterminate' | 'done';

export interface StatusCategoryDef {
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
}

export const STATUS_CATEGORIES: readonly StatusCategoryDef[] = [
  { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

export interface StatusDef {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

export const STATUS = {
  toDo: '10000',
  waitingForApproval: '10001',
  open: '10002',
  inProgress: '10003',
  provisioningFailed: '10004',
  done: '10005',
  declined: '10006',
  canceled: '10007',
} as const;

export const STATUSES: readonly StatusDef[] = [
  { id: STATUS.toDo, name: 'To Do', description: 'Work that has not been started.', category: 'new' },
  { id: STATUS.waitingForApproval, name: 'Waiting for approval', description: 'The request needs an approval.', category: 'indeterminate' },
  { id: STATUS.open, name: 'Open', description: 'The request is waiting for an agent.', category: 'new' },
  { id: STATUS.inProgress, name: 'In Progress', description: 'Work is under way.', category: 'indeterminate' },
  { id: STATUS.provisioningFailed, name: 'Provisioning failed', description: 'Automated provisioning failed and needs attention.', category: 'indeterminate' },
  { id: STATUS.done, name: 'Done', description: 'The work is finished.', category: 'done' },
  { id: STATUS.declined, name: 'Declined', description: 'The request was declined.', category: 'done' },
  { id: STATUS.canceled, name: 'Canceled', description: 'The request was canceled.', category: 'done' },
];

export interface ResolutionDef {
  id: string;
  name: string;
  description: string;
}

export const RESOLUTION = { done: '10000', wontDo: '10001', declined: '10002' } as const;

export const RESOLUTIONS: readonly ResolutionDef[] = [
  { id: RESOLUTION.done, name: 'Done', description: 'Work has been completed on this issue.' },
  { id: RESOLUTION.wontDo, name: "Won't Do", description: 'This issue will not be actioned.' },
  { id: RESOLUTION.declined, name: 'Declined', description: 'This request was declined.' },
];

export interface IssueTypeDef {
  id: string;
  name: string;
  description: string;
}

export const ISSUE_TYPE = { serviceRequest: '10001', serviceRequestWithApprovals: '10002', task: '10003', bug: '10004' } as const;

export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  { id: ISSUE_TYPE.serviceRequest, name: 'Service Request', description: 'Requests for help or for something new.' },
  { id: ISSUE_TYPE.serviceRequestWithApprovals, name: 'Service Request with Approvals', description: 'Requests that need an approval.' },
  { id: ISSUE_TYPE.task, name: 'Task', description: 'A small, distinct piece of work.' },
  { id: ISSUE_TYPE.bug, name: 'Bug', description: 'A problem or error.' },
];

export function findStatus(id: string): StatusDef | undefined {
  return STATUSES.find((s) => s.id === id);
}

export function statusOrThrow(id: string): StatusDef {
  const s = findStatus(id);
  if (!s) throw new Error(`unknown status ${id}`);
  return s;
}

export function categoryOf(key: StatusCategoryKey): StatusCategoryDef {
  return STATUS_CATEGORIES.find((c) => c.key === key) ?? (STATUS_CATEGORIES[0] as StatusCategoryDef);
}

export function findResolution(id: string): ResolutionDef | undefined {
  return RESOLUTIONS.find((r) => r.id === id);
}

export function findIssueType(id: string): IssueTypeDef | undefined {
  return ISSUE_TYPES.find((t) => t.id === id);
}

/** System fields as GET /field lists them; `schema` absent where Jira has none (issuekey). */
export interface SystemFieldDef {
  id: string;
  name: string;
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: { type: string; system: string; items?: string };
}

export const SYSTEM_FIELDS: readonly SystemFieldDef[] = [
  { id: 'issuekey', name: 'Key', navigable: true, orderable: false, searchable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] },
  { id: 'summary', name: 'Summary', navigable: true, orderable: true, searchable: true, clauseNames: ['summary'], schema: { type: 'string', system: 'summary' } },
  { id: 'description', name: 'Description', navigable: true, orderable: true, searchable: true, clauseNames: ['description'], schema: { type: 'string', system: 'description' } },
  { id: 'issuetype', name: 'Issue Type', navigable: true, orderable: true, searchable: true, clauseNames: ['issuetype', 'type'], schema: { type: 'issuetype', system: 'issuetype' } },
  { id: 'project', name: 'Project', navigable: true, orderable: false, searchable: true, clauseNames: ['project'], schema: { type: 'project', system: 'project' } },
  { id: 'status', name: 'Status', navigable: true, orderable: false, searchable: true, clauseNames: ['status'], schema: { type: 'status', system: 'status' } },
  { id: 'statusCategory', name: 'Status Category', navigable: false, orderable: false, searchable: true, clauseNames: ['statusCategory'], schema: { type: 'statusCategory', system: 'statusCategory' } },
  { id: 'resolution', name: 'Resolution', navigable: true, orderable: true, searchable: true, clauseNames: ['resolution'], schema: { type: 'resolution', system: 'resolution' } },
  { id: 'resolutiondate', name: 'Resolved', navigable: true, orderable: false, searchable: true, clauseNames: ['resolutiondate', 'resolved'], schema: { type: 'datetime', system: 'resolutiondate' } },
  { id: 'reporter', name: 'Reporter', navigable: true, orderable: true, searchable: true, clauseNames: ['reporter'], schema: { type: 'user', system: 'reporter' } },
  { id: 'creator', name: 'Creator', navigable: true, orderable: false, searchable: true, clauseNames: ['creator'], schema: { type: 'user', system: 'creator' } },
  { id: 'assignee', name: 'Assignee', navigable: true, orderable: true, searchable: true, clauseNames: ['assignee'], schema: { type: 'user', system: 'assignee' } },
  { id: 'created', name: 'Created', navigable: true, orderable: false, searchable: true, clauseNames: ['created', 'createdDate'], schema: { type: 'datetime', system: 'created' } },
  { id: 'updated', name: 'Updated', navigable: true, orderable: false, searchable: true, clauseNames: ['updated', 'updatedDate'], schema: { type: 'datetime', system: 'updated' } },
  { id: 'labels', name: 'Labels', navigable: true, orderable: true, searchable: true, clauseNames: ['labels'], schema: { type: 'array', items: 'string', system: 'labels' } },
  { id: 'comment', name: 'Comment', navigable: false, orderable: true, searchable: true, clauseNames: ['comment'], schema: { type: 'comments-page', system: 'comment' } },
];

export type PermissionType = 'GLOBAL' | 'PROJECT';

export interface PermissionDef {
  key: string;
  id: string;
  name: string;
  description: string;
  type: PermissionType;
}

const P = (key: string, id: string, name: string, description: string, type: PermissionType = 'PROJECT'): PermissionDef => ({
  key,
  id,
  name,
  description,
  type,
});

export const PERMISSIONS: readonly PermissionDef[] = [
  P('ADMINISTER', '0', 'Administer Jira', 'Create and administer projects, issue types, fields, workflows, and schemes.', 'GLOBAL'),
  P('SYSTEM_ADMIN', '44', 'Administer Jira system', 'Configure Jira system settings (site administrators).', 'GLOBAL'),
  P('USER_PICKER', '27', 'Browse users and groups', 'View and select users or groups from the user picker.', 'GLOBAL'),
  P('CREATE_SHARED_OBJECTS', '22', 'Share dashboards and filters', 'Share dashboards and filters with other users.', 'GLOBAL'),
  P('ADMINISTER_PROJECTS', '23', 'Administer Projects', 'Ability to administer a project in Jira.'),
  P('BROWSE_PROJECTS', '10', 'Browse Projects', 'Ability to browse projects and the issues within them.'),
  P('CREATE_ISSUES', '11', 'Create Issues', 'Ability to create issues.'),
  P('EDIT_ISSUES', '12', 'Edit Issues', 'Ability to edit issues.'),
  P('ASSIGN_ISSUES', '13', 'Assign Issues', 'Ability to assign issues to other people.'),
  P('RESOLVE_ISSUES', '14', 'Resolve Issues', 'Ability to resolve and reopen issues.'),
  P('ADD_COMMENTS', '15', 'Add Comments', 'Ability to comment on issues.'),
  P('DELETE_ISSUES', '16', 'Delete Issues', 'Ability to delete issues.'),
  P('ASSIGNABLE_USER', '17', 'Assignable User', 'Users with this permission may be assigned to issues.'),
  P('CLOSE_ISSUES', '18', 'Close Issues', 'Ability to close issues.'),
  P('CREATE_ATTACHMENTS', '19', 'Create Attachments', 'Users with this permission may create attachments.'),
  P('LINK_ISSUES', '21', 'Link Issues', 'Ability to link issues together.'),
  P('MOVE_ISSUES', '25', 'Move Issues', 'Ability to move issues between projects or workflows.'),
  P('EDIT_ALL_COMMENTS', '34', 'Edit All Comments', 'Ability to edit all comments made on issues.'),
  P('EDIT_OWN_COMMENTS', '35', 'Edit Own Comments', 'Ability to edit own comments made on issues.'),
  P('DELETE_ALL_COMMENTS', '36', 'Delete All Comments', 'Ability to delete all comments made on issues.'),
  P('DELETE_OWN_COMMENTS', '37', 'Delete Own Comments', 'Ability to delete own comments made on issues.'),
  P('DELETE_ALL_ATTACHMENTS', '38', 'Delete All Attachments', 'Users with this permission may delete all attachments.'),
  P('TRANSITION_ISSUES', '46', 'Transition Issues', 'Ability to transition issues.'),
  P('SERVICEDESK_AGENT', '47', 'Service Project Agent', 'Allows users to interact with customers and access Jira Service Management features.'),
];

export function findPermission(key: string): PermissionDef | undefined {
  return PERMISSIONS.find((p) => p.key === key);
}
