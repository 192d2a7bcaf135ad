/**
 * The stand-in's state: plain JSON-serialisable records, so a snapshot is the state itself.
 * Times are virtual epoch ms from the sandbox clock.
 */
import { type AdfDoc } from './adf';

export type AccountType = 'atlassian' | 'app' | 'customer';

export interface UserRecord {
  accountId: string;
  accountType: AccountType;
  displayName: string;
  emailAddress: string | null;
  /** API tokens for Basic auth (email:token). */
  apiTokens: string[];
  /** IANA zone; JQL date literals are read in it. */
  timeZone: string;
  locale: string;
  active: boolean;
}

export interface GroupRecord {
  groupId: string;
  name: string;
  memberIds: string[];
}

/**
 * Project roles the permission scheme grants to. `addons` is Jira's
 * "atlassian-addons-project-access" role, which holds app users.
 */
export type ProjectRole = 'administrators' | 'agents' | 'addons' | 'customers';

export type ProjectTypeKey = 'software' | 'service_desk';
export type WorkflowId = 'jsm-request' | 'software-simple';

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  projectTypeKey: ProjectTypeKey;
  leadAccountId: string;
  issueTypeIds: string[];
  workflowId: WorkflowId;
  roles: Record<ProjectRole, string[]>;
  /** Last issue number used in keys (ITS-1, ITS-2 …). */
  issueCounter: number;
}

export interface ServiceDeskRecord {
  id: string;
  projectId: string;
}

/**
 * Field kinds. The `sd-*` kinds are JSM's own fields, whose values the stand-in derives from
 * the request (request type, participants, approvals) rather than storing.
 */
export type CustomFieldKind =
  | 'text'
  | 'textarea'
  | 'select'
  | 'multiselect'
  | 'labels'
  | 'date'
  | 'datetime'
  | 'number'
  | 'sd-request-type'
  | 'sd-participants'
  | 'sd-approvals';

export interface FieldOption {
  id: string;
  value: string;
}

export interface CustomFieldRecord {
  /** `customfield_10010` */
  id: string;
  numericId: number;
  name: string;
  description: string;
  kind: CustomFieldKind;
  options: FieldOption[];
}

/**
 * Stored custom field values, normalised: text/textarea → string, select → option id,
 * multiselect → option ids, labels → strings, date → `yyyy-MM-dd`, datetime → epoch ms, number → number.
 */
export type CustomFieldValue = string | number | string[];

export interface RequestTypeFieldRecord {
  /** `summary`, `description` or a custom field id. */
  fieldId: string;
  /** The label customers see. */
  label: string;
  required: boolean;
  description: string;
}

export interface RequestTypeRecord {
  id: string;
  serviceDeskId: string;
  name: string;
  description: string;
  helpText: string;
  issueTypeId: string;
  fields: RequestTypeFieldRecord[];
  /** Approvers of the single approval step; null when the request type needs no approval. */
  approverIds: string[] | null;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface HistoryRecord {
  id: string;
  authorId: string;
  created: number;
  items: ChangeItem[];
}

export interface CommentRecord {
  id: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfDoc;
  created: number;
  updated: number;
  /** JSM internal note: hidden from customers; carries `sd.public.comment: {internal: true}`. */
  internal: boolean;
  properties: Record<string, unknown>;
}

export type Decision = 'pending' | 'approved' | 'declined';

export interface ApproverRecord {
  accountId: string;
  decision: Decision;
}

export interface ApprovalRecord {
  id: string;
  name: string;
  /** The status the approval gates. */
  statusId: string;
  created: number;
  completed: number | null;
  finalDecision: Decision;
  approvers: ApproverRecord[];
}

export interface StatusChange {
  statusId: string;
  at: number;
}

export interface IssueRecord {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  statusId: string;
  resolutionId: string | null;
  resolutionDate: number | null;
  reporterId: string | null;
  creatorId: string;
  assigneeId: string | null;
  created: number;
  updated: number;
  labels: string[];
  customFields: Record<string, CustomFieldValue>;
  requestTypeId: string | null;
  participantIds: string[];
  approvals: ApprovalRecord[];
  comments: CommentRecord[];
  /** Oldest first. */
  histories: HistoryRecord[];
  properties: Record<string, unknown>;
  /** Status history for JSM's /status resource, oldest first. */
  statusLog: StatusChange[];
}

export interface IdCounters {
  issue: number;
  comment: number;
  history: number;
  approval: number;
  customField: number;
  option: number;
  project: number;
  serviceDesk: number;
  requestType: number;
}

export const STATE_VERSION = 1;

export interface JiraState {
  version: typeof STATE_VERSION;
  counters: IdCounters;
  users: Record<string, UserRecord>;
  groups: GroupRecord[];
  projects: ProjectRecord[];
  serviceDesks: ServiceDeskRecord[];
  customFields: CustomFieldRecord[];
  requestTypes: RequestTypeRecord[];
  /** By issue id; insertion order is creation order. */
  issues: Record<string, IssueRecord>;
}

export function emptyState(): JiraState {
  return {
    version: STATE_VERSION,
    counters: {
      issue: 10000,
      comment: 10000,
      history: 10000,
      approval: 0,
      customField: 10009,
      option: 10099,
      project: 9999,
      serviceDesk: 0,
      requestType: 0,
    },
    users: {},
    groups: [],
    projects: [],
    serviceDesks: [],
    customFields: [],
    requestTypes: [],
    issues: {},
  };
}
