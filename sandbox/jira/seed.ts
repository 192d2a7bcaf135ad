/**
 * The demo site: seven people, the ITS service desk with Provisio's request types, and the
 * OPS software project. Ids and tokens are generated, so callers read them from the returned
 * DemoSeed and never hard-code them. Calling it again on a seeded stand-in (e.g. after
 * restore) returns the existing seed instead of duplicating it.
 */
import { type JiraStandIn } from './index';
import { type CustomFieldKind, type ProjectRole } from './model';
import { GROUP } from './permissions';
import { type JiraStore } from './store/index';

export type DemoRole = 'admin' | 'agent' | 'approver' | 'customer';
export type DemoUserKey = 'adaAdmin' | 'alanAgent' | 'graceAgent' | 'annApprover' | 'bobApprover' | 'ritaRequester' | 'carlCustomer';
export type RequestTypeName = 'Get IT help' | 'Onboard a new employee' | 'New AWS account' | 'Temporary elevated access' | 'Secret change';

export interface DemoUser {
  displayName: string;
  email: string;
  /** API token for Basic auth (email:token). */
  token: string;
  accountId: string;
  roles: DemoRole[];
  timeZone: string;
}

export interface DemoSeed {
  users: Record<DemoUserKey, DemoUser>;
  appAccountId: string;
  groups: Record<'siteAdmins' | 'jiraAdmins' | 'jsmUsers', { groupId: string; name: string }>;
  projects: { its: { id: string; key: 'ITS' }; ops: { id: string; key: 'OPS' } };
  serviceDeskId: string;
  requestTypeIds: Record<RequestTypeName, string>;
  /** `customfield_NNNNN` by field name. */
  customFieldIds: Record<string, string>;
  /** Select option ids by field name, then option value. */
  optionIds: Record<string, Record<string, string>>;
}

const DOMAIN = 'provisio-demo.example';

const PEOPLE: Record<DemoUserKey, { displayName: string; local: string; roles: DemoRole[]; timeZone: string; accountType: 'atlassian' | 'customer' }> = {
  adaAdmin: { displayName: 'Ada Admin', local: 'ada', roles: ['admin', 'agent'], timeZone: 'Europe/London', accountType: 'atlassian' },
  alanAgent: { displayName: 'Alan Agent', local: 'alan', roles: ['agent'], timeZone: 'America/New_York', accountType: 'atlassian' },
  graceAgent: { displayName: 'Grace Agent', local: 'grace', roles: ['agent'], timeZone: 'Asia/Singapore', accountType: 'atlassian' },
  annApprover: { displayName: 'Ann Approver', local: 'ann', roles: ['approver'], timeZone: 'Europe/Berlin', accountType: 'atlassian' },
  bobApprover: { displayName: 'Bob Approver', local: 'bob', roles: ['approver'], timeZone: 'America/Chicago', accountType: 'atlassian' },
  ritaRequester: { displayName: 'Rita Requester', local: 'rita', roles: ['customer'], timeZone: 'America/Los_Angeles', accountType: 'customer' },
  carlCustomer: { displayName: 'Carl Customer', local: 'carl', roles: ['customer'], timeZone: 'Australia/Sydney', accountType: 'customer' },
};

interface FieldSpec {
  name: string;
  kind: CustomFieldKind;
  description?: string;
  options?: string[];
  required?: boolean;
}

const JSM_FIELDS: FieldSpec[] = [
  { name: 'Request Type', kind: 'sd-request-type', description: 'The customer request type.' },
  { name: 'Request participants', kind: 'sd-participants', description: 'People who can view and comment on the request.' },
  { name: 'Approvals', kind: 'sd-approvals', description: 'Approvals of the request.' },
];

const REQUEST_TYPES: { name: RequestTypeName; description: string; approval: boolean; fields: FieldSpec[] }[] = [
  {
    name: 'Get IT help',
    description: 'Ask the IT team for help with anything.',
    approval: false,
    fields: [],
  },
  {
    name: 'Onboard a new employee',
    description: 'Accounts and group memberships for a new starter.',
    approval: true,
    fields: [
      { name: 'First name', kind: 'text' },
      { name: 'Last name', kind: 'text' },
      { name: 'Work email', kind: 'text', description: 'The new starter’s company email address.' },
      { name: 'Username', kind: 'text', description: 'Leave empty to derive it from the work email.', required: false },
      { name: 'Department', kind: 'select', options: ['Engineering', 'Finance', 'Marketing', 'Operations', 'People', 'Sales'] },
      { name: 'Manager', kind: 'text', description: 'Account ID of the manager.' },
      { name: 'Okta groups', kind: 'labels', description: 'Okta groups to add the new starter to.' },
      { name: 'Start date', kind: 'date' },
    ],
  },
  {
    name: 'New AWS account',
    description: 'A new AWS account in the organization.',
    approval: true,
    fields: [
      { name: 'Account name', kind: 'text' },
      { name: 'Account email', kind: 'text', description: 'Root email address of the new account.' },
      { name: 'Organizational unit', kind: 'text', description: 'The OU to place the account in.' },
      { name: 'Environment', kind: 'select', options: ['dev', 'staging', 'prod'] },
      { name: 'Cost center', kind: 'text' },
      { name: 'Account owner', kind: 'text', description: 'Account ID of the owner.' },
      { name: 'Approvers', kind: 'text', description: 'Account IDs of additional approvers, comma-separated.' },
    ],
  },
  {
    name: 'Temporary elevated access',
    description: 'Time-bound elevated access to a system.',
    approval: true,
    fields: [
      { name: 'Access target', kind: 'text', description: 'The system, group or role to get access to.' },
      { name: 'Duration', kind: 'number', description: 'Duration in minutes.' },
      { name: 'Start time', kind: 'datetime', description: 'Leave empty to start on approval.', required: false },
      { name: 'Justification', kind: 'textarea' },
    ],
  },
  {
    name: 'Secret change',
    description: 'A planned change to secrets in AWS Secrets Manager.',
    approval: true,
    fields: [
      { name: 'Secret ARNs', kind: 'textarea', description: 'One ARN per line.' },
      { name: 'Change window start', kind: 'datetime' },
      { name: 'Change window end', kind: 'datetime' },
      { name: 'Reason', kind: 'textarea' },
    ],
  },
];

function emailOf(key: DemoUserKey): string {
  return `${PEOPLE[key].local}@${DOMAIN}`;
}

/** Rebuilds the DemoSeed from a seeded (or restored) store. */
function describe(store: JiraStore, appAccountId: string): DemoSeed | undefined {
  const users = {} as Record<DemoUserKey, DemoUser>;
  for (const key of Object.keys(PEOPLE) as DemoUserKey[]) {
    const user = store.findUserByEmail(emailOf(key));
    if (!user) return undefined;
    const p = PEOPLE[key];
    users[key] = { displayName: user.displayName, email: emailOf(key), token: user.apiTokens[0] ?? '', accountId: user.accountId, roles: [...p.roles], timeZone: user.timeZone };
  }
  const its = store.getProject('ITS');
  const ops = store.getProject('OPS');
  const sd = its ? store.listServiceDesks().find((s) => s.projectId === its.id) : undefined;
  if (!its || !ops || !sd) return undefined;
  const group = (name: string): { groupId: string; name: string } => {
    const g = store.getGroup(name);
    if (!g) throw new Error(`demo group ${name} is missing`);
    return { groupId: g.groupId, name: g.name };
  };
  const requestTypeIds = {} as Record<RequestTypeName, string>;
  for (const rt of REQUEST_TYPES) {
    const found = store.listRequestTypes(sd.id).find((r) => r.name === rt.name);
    if (!found) return undefined;
    requestTypeIds[rt.name] = found.id;
  }
  const customFieldIds: Record<string, string> = {};
  const optionIds: Record<string, Record<string, string>> = {};
  for (const f of store.listCustomFields()) {
    customFieldIds[f.name] = f.id;
    if (f.options.length) optionIds[f.name] = Object.fromEntries(f.options.map((o) => [o.value, o.id]));
  }
  return {
    users,
    appAccountId,
    groups: { siteAdmins: group(GROUP.siteAdmins), jiraAdmins: group(GROUP.jiraAdmins), jsmUsers: group(GROUP.jsmUsers) },
    projects: { its: { id: its.id, key: 'ITS' }, ops: { id: ops.id, key: 'OPS' } },
    serviceDeskId: sd.id,
    requestTypeIds,
    customFieldIds,
    optionIds,
  };
}

export function seedDemo(standIn: JiraStandIn): DemoSeed {
  const { store } = standIn;
  const app = store.listUsers().find((u) => u.accountType === 'app');
  if (!app) throw new Error('the Jira stand-in has no app user');
  const existing = describe(store, app.accountId);
  if (existing) return existing;

  const ids = {} as Record<DemoUserKey, string>;
  for (const key of Object.keys(PEOPLE) as DemoUserKey[]) {
    const p = PEOPLE[key];
    const user = store.createUser({ displayName: p.displayName, emailAddress: emailOf(key), timeZone: p.timeZone, accountType: p.accountType });
    store.issueApiToken(user.accountId);
    ids[key] = user.accountId;
  }
  for (const name of [GROUP.siteAdmins, GROUP.jiraAdmins, GROUP.jsmUsers]) store.createGroup(name);
  store.addGroupMember(GROUP.siteAdmins, ids.adaAdmin);
  store.addGroupMember(GROUP.jiraAdmins, ids.adaAdmin);
  for (const key of ['adaAdmin', 'alanAgent', 'graceAgent'] as const) store.addGroupMember(GROUP.jsmUsers, ids[key]);

  store.createProject({ key: 'ITS', name: 'IT Service Desk', description: 'IT requests handled by Provisio.', projectTypeKey: 'service_desk', leadAccountId: ids.adaAdmin });
  store.createProject({ key: 'OPS', name: 'Operations', description: 'Operations work: audit findings and exports.', projectTypeKey: 'software', leadAccountId: ids.adaAdmin });
  const roles: [string, ProjectRole, DemoUserKey[]][] = [
    ['ITS', 'agents', ['adaAdmin', 'alanAgent', 'graceAgent']],
    ['ITS', 'customers', ['annApprover', 'bobApprover', 'ritaRequester', 'carlCustomer']],
    ['OPS', 'agents', ['alanAgent', 'graceAgent']],
  ];
  for (const [project, role, members] of roles) for (const m of members) store.addProjectRoleMember(project, role, ids[m]);

  const sd = store.createServiceDesk('ITS');
  for (const f of JSM_FIELDS) store.createCustomField({ name: f.name, kind: f.kind, description: f.description });
  for (const rt of REQUEST_TYPES) {
    const fields: { fieldId: string; required?: boolean; label?: string }[] = [{ fieldId: 'summary', required: true }];
    if (rt.name === 'Get IT help') fields.push({ fieldId: 'description', required: false });
    for (const f of rt.fields) {
      const cf = store.createCustomField({ name: f.name, kind: f.kind, description: f.description, options: f.options });
      fields.push({ fieldId: cf.id, required: f.required ?? true });
    }
    store.createRequestType({
      serviceDeskId: sd.id,
      name: rt.name,
      description: rt.description,
      helpText: rt.description,
      fields,
      approverIds: rt.approval ? [ids.annApprover, ids.bobApprover] : null,
    });
  }
  const seeded = describe(store, app.accountId);
  if (!seeded) throw new Error('demo seed is incomplete');
  return seeded;
}
