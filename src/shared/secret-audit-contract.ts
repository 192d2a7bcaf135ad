/**
 * The secret change audit's part of the resolver contract (admin page and issue panel), imported
 * by the resolvers and the Custom UI. Every resolver answers a ResolverResult (resolver-contract.ts).
 */

export const SECRET_AUDIT_RESOLVER_KEYS = {
  /** Admin: the web trigger URL, the settings, subscription status, request types to map. */
  adminGetConfig: 'admin/secret-audit/get-config',
  /** Admin: save settings; payload SecretAuditSettingsInput → SaveResult (fieldErrors keyed like the input, `fields.<input>` for mappings). */
  adminSave: 'admin/secret-audit/save',
  /** Admin: recent changes; payload SecretChangeReportFilters → SecretChangeReport. */
  adminReport: 'admin/secret-audit/report',
  /** Admin: the same rows as CSV text; payload SecretChangeReportFilters → SecretChangeCsv. */
  adminReportCsv: 'admin/secret-audit/report-csv',
  /** Issue panel: the changes matched to this "Secret change" request → SecretChangesPanelView. */
  panelSecretChanges: 'panel/secret-changes',
} as const;

export type SecretChangeOutcomeView = 'matched' | 'automated' | 'unapproved' | 'pending';
export type SecretChangeInputName = 'secretArns' | 'windowStart' | 'windowEnd' | 'reason';

export interface SecretAuditSettingsView {
  topicArns: string[];
  publishTopicArn?: string;
  automationPrincipals: string[];
  projectKey: string;
  issueTypeName: string;
  requestTypeId: string;
  fields: Partial<Record<SecretChangeInputName, string>>;
}

/** What admin/secret-audit/save takes; lists may also be given as newline- or comma-separated text. */
export interface SecretAuditSettingsInput {
  topicArns: string[] | string;
  /** Empty or absent: approvals are not published. */
  publishTopicArn?: string;
  automationPrincipals: string[] | string;
  projectKey: string;
  issueTypeName?: string;
  requestTypeId: string;
  fields: Partial<Record<SecretChangeInputName, string>>;
}

export interface SnsSubscriptionStatusView {
  topicArn: string;
  status: 'confirmed' | 'unsubscribed' | 'confirmation-failed';
  at: string;
  subscriptionArn?: string;
  detail?: string;
}

export interface SecretAuditConfigView {
  /** The URL to subscribe to the topic (HTTPS protocol); the infra template's WebTriggerUrl parameter. */
  webTriggerUrl?: string;
  settings?: SecretAuditSettingsView;
  subscriptions: SnsSubscriptionStatusView[];
  /** When the last genuine SNS message arrived. */
  lastMessageAt?: string;
  /** Whether an AWS connection is set up (needed only to publish approvals). */
  awsConnected: boolean;
  requestTypes: { id: string; name: string; serviceDeskId: string; fields: { fieldId: string; name: string; required: boolean }[] }[];
  inputs: { input: SecretChangeInputName; label: string; required: boolean }[];
  /** Suggested field per input, per request type id, matched by field name. */
  suggestions: Record<string, Partial<Record<SecretChangeInputName, string>>>;
  /** The CloudFormation template the customer deploys, relative to the app's repository. */
  infraTemplate: string;
}

export interface SecretChangeView {
  /** CloudTrail event id. */
  id: string;
  eventTime: string;
  eventName: string;
  secretArn: string;
  actorArn: string;
  actorRoleArn?: string;
  actorType: string;
  sourceIp: string;
  account: string;
  region: string;
  outcome: SecretChangeOutcomeView;
  ticketKey?: string;
  unapprovedIssueKey?: string;
  automatedBy?: string;
  /** Why it is unapproved, in words. */
  reason?: string;
  /** Notable request parameters (never values). */
  details: string[];
}

export interface SecretChangeReportFilters {
  outcome?: SecretChangeOutcomeView;
  /** ISO date or date-time, inclusive. */
  from?: string;
  to?: string;
  /** Substring of the secret ARN. */
  secret?: string;
  /** Substring of the caller's ARN, role, user name or source IP. */
  actor?: string;
  eventName?: string;
  /** Rows wanted, 1–1000 (default 200). */
  limit?: number;
}

export interface SecretChangeReport {
  rows: SecretChangeView[];
  /** More rows matched than `limit`. */
  truncated: boolean;
  counts: Record<SecretChangeOutcomeView, number>;
}

export interface SecretChangeCsv {
  filename: string;
  csv: string;
  rows: number;
}

export interface SecretChangesPanelView {
  issueKey: string;
  /** False on issues of other request types (the panel shows nothing for them). */
  isSecretChangeRequest: boolean;
  /** Publishing the approval to SNS, when it happened or failed. */
  approval?: { topicArn: string; publishedAt?: string; messageId?: string; deliveredBackAt?: string; error?: string };
  changes: SecretChangeView[];
}

/**
 * The Secrets Manager calls that change a secret (its value, versions, who may read it, tags,
 * replicas, existence): what the EventBridge rule forwards (infra/secret-audit.yaml), what the
 * app audits, and the report's event filter. Read-only calls never are.
 */
export const SECRET_CHANGE_EVENTS = [
  'CreateSecret',
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'RotateSecret',
  'CancelRotateSecret',
  'DeleteSecret',
  'RestoreSecret',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
  'TagResource',
  'UntagResource',
  'ReplicateSecretToRegions',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
] as const;
