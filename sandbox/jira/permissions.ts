/**
 * Permission scheme of the demo site, evaluated like Jira does: global permissions from
 * groups, project permissions from project roles, and JSM's portal access, which lets
 * customers act only on requests they reported, participate in, or must approve.
 */
import { PERMISSIONS } from './catalog';
import { type IssueRecord, type JiraState, type ProjectRecord, type ProjectRole } from './model';

export const GROUP = {
  siteAdmins: 'site-admins',
  jiraAdmins: 'jira-admins',
  jsmUsers: 'jira-servicemanagement-users',
} as const;

/** What agents get (the brief's list, plus ASSIGNABLE_USER so they can own issues). */
const AGENT_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'SERVICEDESK_AGENT',
];

/** JSM "Service Project Customer - Portal Access": scoped to the customer's own requests. */
const CUSTOMER_PERMISSIONS = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'ADD_COMMENTS'];

const PROJECT_PERMISSION_KEYS = PERMISSIONS.filter((p) => p.type === 'PROJECT').map((p) => p.key);
const GLOBAL_PERMISSION_KEYS = PERMISSIONS.filter((p) => p.type === 'GLOBAL').map((p) => p.key);

function roleGrants(role: ProjectRole): readonly string[] {
  switch (role) {
    case 'administrators':
      return PROJECT_PERMISSION_KEYS;
    case 'agents':
      return AGENT_PERMISSIONS;
    case 'addons':
      return [...AGENT_PERMISSIONS, 'ADMINISTER_PROJECTS'];
    case 'customers':
      return CUSTOMER_PERMISSIONS;
  }
}

function onlyApplicable(perms: Iterable<string>, project: ProjectRecord): Set<string> {
  const out = new Set(perms);
  // The agent permission exists only in service projects.
  if (project.projectTypeKey !== 'service_desk') out.delete('SERVICEDESK_AGENT');
  return out;
}

export function inGroup(state: JiraState, accountId: string, groupName: string): boolean {
  return state.groups.some((g) => g.name === groupName && g.memberIds.includes(accountId));
}

export function isSiteAdmin(state: JiraState, accountId: string): boolean {
  return inGroup(state, accountId, GROUP.siteAdmins);
}

export function globalPermissions(state: JiraState, accountId: string): Set<string> {
  const user = state.users[accountId];
  const out = new Set<string>();
  if (!user || !user.active) return out;
  const siteAdmin = isSiteAdmin(state, accountId);
  if (siteAdmin) out.add('SYSTEM_ADMIN');
  if (siteAdmin || inGroup(state, accountId, GROUP.jiraAdmins)) out.add('ADMINISTER');
  // Licensed users and apps may browse users; portal-only accounts may not.
  const licensed = user.accountType === 'app' || state.groups.some((g) => g.memberIds.includes(accountId));
  if (licensed) {
    out.add('USER_PICKER');
    out.add('CREATE_SHARED_OBJECTS');
  }
  return out;
}

export function hasGlobalPermission(state: JiraState, accountId: string, key: string): boolean {
  return globalPermissions(state, accountId).has(key);
}

/** Project permissions from roles other than portal access (what agents, admins and apps hold). */
function staffProjectPermissions(state: JiraState, accountId: string, project: ProjectRecord): Set<string> {
  if (!state.users[accountId]?.active) return new Set();
  if (hasGlobalPermission(state, accountId, 'ADMINISTER')) return onlyApplicable(PROJECT_PERMISSION_KEYS, project);
  const perms = new Set<string>();
  for (const role of ['administrators', 'agents', 'addons'] as const) {
    if (project.roles[role].includes(accountId)) roleGrants(role).forEach((p) => perms.add(p));
  }
  return onlyApplicable(perms, project);
}

function isPortalCustomer(state: JiraState, accountId: string, project: ProjectRecord): boolean {
  return project.projectTypeKey === 'service_desk' && !!state.users[accountId]?.active && project.roles.customers.includes(accountId);
}

/**
 * Project-context permissions. Like /mypermissions documents, portal access counts here:
 * a customer "has" BROWSE_PROJECTS in the project even though it covers only their requests.
 */
export function projectPermissions(state: JiraState, accountId: string, project: ProjectRecord): Set<string> {
  const perms = staffProjectPermissions(state, accountId, project);
  if (isPortalCustomer(state, accountId, project)) CUSTOMER_PERMISSIONS.forEach((p) => perms.add(p));
  return perms;
}

/** Staff: holds SERVICEDESK_AGENT (or any non-portal grant in a software project). */
export function isStaff(state: JiraState, accountId: string, project: ProjectRecord): boolean {
  return staffProjectPermissions(state, accountId, project).has('BROWSE_PROJECTS');
}

export function isAgent(state: JiraState, accountId: string, project: ProjectRecord): boolean {
  return staffProjectPermissions(state, accountId, project).has('SERVICEDESK_AGENT');
}

/** Reporter, participant or approver of the request. */
export function isInvolved(issue: IssueRecord, accountId: string): boolean {
  return (
    issue.reporterId === accountId ||
    issue.participantIds.includes(accountId) ||
    issue.approvals.some((a) => a.approvers.some((ap) => ap.accountId === accountId))
  );
}

export function issuePermissions(state: JiraState, accountId: string, issue: IssueRecord): Set<string> {
  const project = state.projects.find((p) => p.id === issue.projectId);
  if (!project) return new Set();
  const staff = staffProjectPermissions(state, accountId, project);
  if (staff.has('BROWSE_PROJECTS')) return staff;
  // JSM lets anyone involved in a request see and comment on it through the portal.
  if (project.projectTypeKey === 'service_desk' && state.users[accountId]?.active && isInvolved(issue, accountId)) {
    return new Set(CUSTOMER_PERMISSIONS);
  }
  return new Set();
}

export function canBrowse(state: JiraState, accountId: string, issue: IssueRecord): boolean {
  return issuePermissions(state, accountId, issue).has('BROWSE_PROJECTS');
}

export function isKnownPermission(key: string): boolean {
  return PROJECT_PERMISSION_KEYS.includes(key) || GLOBAL_PERMISSION_KEYS.includes(key);
}

/** Internal (JSM) comments are for staff only; everyone who can browse sees public ones. */
export function canSeeComment(state: JiraState, viewerId: string, issue: IssueRecord, comment: { internal: boolean }): boolean {
  if (!comment.internal) return true;
  const project = state.projects.find((p) => p.id === issue.projectId);
  return !!project && isStaff(state, viewerId, project);
}
