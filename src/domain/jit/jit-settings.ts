import type { FieldErrors, Validated } from '../config/okta-settings';

/**
 * Just-in-time access: which request type asks for it, which of its fields say what, and the
 * targets an approved request may open, each with its own policy. The Atlassian org API key is
 * not here: it goes straight to a KVS secret and is never read back to the UI.
 */
export const TARGET_KINDS = ['okta-group', 'aws-permission-set', 'atlassian-group'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  'okta-group': 'Okta group',
  'aws-permission-set': 'AWS IAM Identity Center permission set',
  'atlassian-group': 'Atlassian organization group',
};

/** Where the membership lives, in the target system's own ids. */
export type TargetRef =
  | { kind: 'okta-group'; groupId: string; groupName: string; clearSessions: boolean }
  | { kind: 'aws-permission-set'; instanceArn: string; identityStoreId: string; accountId: string; permissionSetArn: string; permissionSetName: string }
  | { kind: 'atlassian-group'; orgId: string; groupId: string; groupName: string };

export interface GrantPolicy {
  /** The longest single grant a request may ask for. */
  maxDurationMinutes: number;
  /** When false, reaching the provision status is enough (an agent moved it there). */
  approvalRequired: boolean;
  /** Jira account ids who may approve grants and extensions of this target (never their own). */
  approvers: string[];
  /** The longest a grant may last including its extensions. */
  maxTotalMinutes: number;
  /**
   * Members Provisio never removes, by any path, in the target's own words: Okta login or user
   * id, Identity Center user name or user id, Atlassian account id or email.
   */
  permanentMembers: string[];
  /** What the sweep does with members who have neither an active grant nor a permanent place. */
  drift: 'report' | 'remove';
}

export interface JitTarget {
  /** Stable slug, part of storage keys: lower-case letters, digits and dashes. */
  id: string;
  /** What requesters type in "Access target" (compared case-insensitively, as is the id). */
  name: string;
  ref: TargetRef;
  policy: GrantPolicy;
}

export const JIT_INPUTS = ['target', 'duration', 'startTime', 'justification'] as const;
export type JitInput = (typeof JIT_INPUTS)[number];
export const JIT_INPUT_LABELS: Record<JitInput, string> = {
  target: 'Access target',
  duration: 'Duration',
  startTime: 'Start time',
  justification: 'Justification',
};
export const REQUIRED_JIT_INPUTS: readonly JitInput[] = ['target', 'duration'];

export interface JitSettings {
  requestTypeId: string;
  fields: Partial<Record<JitInput, string>>;
  /** The status an approved request reaches; arriving there schedules the grant. */
  provisionStatus: string;
  /** Reaching any of these ends the grant at once (the task is done, or the request was cancelled). */
  endStatuses: string[];
  /** Where a refused request goes (optional). */
  failedStatus?: string;
  /** How often the sweep compares each target's members with the grants (5 min to 1 day). */
  driftCheckMinutes: number;
  targets: JitTarget[];
}

export type JitSettingsKey = string;

/** Hard bounds whatever a policy says: one grant at most 7 days, with extensions at most 30. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;
export const MAX_TOTAL_MINUTES = 30 * 24 * 60;
export const MAX_TARGETS = 50;

const TARGET_ID = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
const NAME = /^[^\n]{1,80}$/;
const FIELD_ID = /^(summary|description|customfield_\d{5,})$/;
const STATUS_NAME = /^[^\n]{1,60}$/;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
const PERMANENT_REF = /^[^\s,;]{1,254}$/;
const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{10,30}$/;
const INSTANCE_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const PERMISSION_SET_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AWS_ACCOUNT_ID = /^\d{12}$/;
const ATLASSIAN_ID = /^[A-Za-z0-9-]{1,64}$/;
/** A group the org API refuses to change through group membership (organization admin is a role now). */
const UNMANAGEABLE_ATLASSIAN_GROUPS = new Set(['org-admins']);

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): string[] => {
  const raw = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : typeof v === 'string' ? v.split(/[\s,;]+/) : [];
  return [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
};
const minutes = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
};

function validateRef(raw: Record<string, unknown>, at: string, errors: FieldErrors<string>): TargetRef | undefined {
  const kind = str(raw.kind) as TargetKind;
  if (!TARGET_KINDS.includes(kind)) {
    errors[`${at}.kind`] = `Choose one of: ${TARGET_KINDS.join(', ')}.`;
    return undefined;
  }
  const before = Object.keys(errors).length;
  if (kind === 'okta-group') {
    const groupId = str(raw.groupId);
    const groupName = str(raw.groupName);
    if (!OKTA_GROUP_ID.test(groupId)) errors[`${at}.groupId`] = 'The Okta group id (starts with 00g).';
    if (!NAME.test(groupName)) errors[`${at}.groupName`] = 'The Okta group name, for comments and the panel.';
    const ref = { kind, groupId, groupName, clearSessions: raw.clearSessions !== false };
    return Object.keys(errors).length > before ? undefined : ref;
  }
  if (kind === 'aws-permission-set') {
    const instanceArn = str(raw.instanceArn);
    const identityStoreId = str(raw.identityStoreId);
    const accountId = str(raw.accountId);
    const permissionSetArn = str(raw.permissionSetArn);
    const permissionSetName = str(raw.permissionSetName);
    if (!INSTANCE_ARN.test(instanceArn)) errors[`${at}.instanceArn`] = 'The IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…).';
    if (!IDENTITY_STORE_ID.test(identityStoreId)) errors[`${at}.identityStoreId`] = 'The identity store id of the instance (d-…).';
    if (!AWS_ACCOUNT_ID.test(accountId)) errors[`${at}.accountId`] = 'The 12-digit AWS account the permission set is assigned on.';
    if (!PERMISSION_SET_ARN.test(permissionSetArn)) errors[`${at}.permissionSetArn`] = 'The permission set ARN (arn:aws:sso:::permissionSet/ssoins-…/ps-…).';
    else if (INSTANCE_ARN.test(instanceArn) && permissionSetArn.split('/')[1] !== instanceArn.split('/')[1]) {
      errors[`${at}.permissionSetArn`] = 'The permission set belongs to another Identity Center instance.';
    }
    if (!NAME.test(permissionSetName)) errors[`${at}.permissionSetName`] = 'The permission set name, for comments and the panel.';
    const ref = { kind, instanceArn, identityStoreId, accountId, permissionSetArn, permissionSetName };
    return Object.keys(errors).length > before ? undefined : ref;
  }
  const orgId = str(raw.orgId);
  const groupId = str(raw.groupId);
  const groupName = str(raw.groupName);
  if (!ATLASSIAN_ID.test(orgId)) errors[`${at}.orgId`] = 'The organization id from admin.atlassian.com.';
  if (!ATLASSIAN_ID.test(groupId)) errors[`${at}.groupId`] = 'The group id in the organization directory.';
  if (!NAME.test(groupName)) errors[`${at}.groupName`] = 'The group name, for comments and the panel.';
  else if (UNMANAGEABLE_ATLASSIAN_GROUPS.has(groupName.toLowerCase())) {
    errors[`${at}.groupName`] = 'Organization admin is a role, not a group membership: the org API refuses to change org-admins.';
  }
  const ref = { kind, orgId, groupId, groupName };
  return Object.keys(errors).length > before ? undefined : ref;
}

function validatePolicy(raw: Record<string, unknown>, at: string, errors: FieldErrors<string>): GrantPolicy | undefined {
  const before = Object.keys(errors).length;
  const maxDurationMinutes = minutes(raw.maxDurationMinutes);
  if (maxDurationMinutes === undefined || maxDurationMinutes < 5 || maxDurationMinutes > MAX_DURATION_MINUTES) {
    errors[`${at}.maxDurationMinutes`] = `Whole minutes from 5 to ${MAX_DURATION_MINUTES} (7 days).`;
  }
  const maxTotalMinutes = minutes(raw.maxTotalMinutes ?? raw.maxDurationMinutes);
  if (maxTotalMinutes === undefined || maxTotalMinutes > MAX_TOTAL_MINUTES || (maxDurationMinutes !== undefined && maxTotalMinutes < maxDurationMinutes)) {
    errors[`${at}.maxTotalMinutes`] = `Whole minutes, at least the maximum duration and at most ${MAX_TOTAL_MINUTES} (30 days).`;
  }
  const approvalRequired = raw.approvalRequired !== false;
  const approvers = list(raw.approvers);
  if (approvers.some((a) => !ACCOUNT_ID.test(a))) errors[`${at}.approvers`] = 'Approvers are Jira account ids.';
  // Separation of duties: an extension needs an approver other than the first one.
  else if (approvalRequired && approvers.length < 2) errors[`${at}.approvers`] = 'Name at least two approvers: an extension needs someone other than the approver of the grant.';
  const permanentMembers = list(raw.permanentMembers);
  if (permanentMembers.length === 0) errors[`${at}.permanentMembers`] = 'Name at least one permanent member: an admin group must never be left empty.';
  else if (permanentMembers.some((m) => !PERMANENT_REF.test(m))) errors[`${at}.permanentMembers`] = 'One member per entry: a login, user name, email or id.';
  const drift = raw.drift === 'remove' ? 'remove' : raw.drift === undefined || raw.drift === 'report' ? 'report' : undefined;
  if (!drift) errors[`${at}.drift`] = 'Either report or remove.';
  if (Object.keys(errors).length > before) return undefined;
  return { maxDurationMinutes: maxDurationMinutes as number, approvalRequired, approvers, maxTotalMinutes: maxTotalMinutes as number, permanentMembers, drift: drift as GrantPolicy['drift'] };
}

export function validateJitSettings(input: Record<string, unknown>): Validated<JitSettings, JitSettingsKey> {
  const errors: FieldErrors<JitSettingsKey> = {};
  const requestTypeId = str(input.requestTypeId);
  if (!/^\d{1,12}$/.test(requestTypeId)) errors.requestTypeId = 'Choose the request type that asks for temporary access.';
  const rawFields = obj(input.fields);
  const fields: Partial<Record<JitInput, string>> = {};
  for (const name of JIT_INPUTS) {
    const value = str(rawFields[name]);
    if (!value) {
      if (REQUIRED_JIT_INPUTS.includes(name)) errors[`fields.${name}`] = 'Choose the field that holds this.';
      continue;
    }
    if (!FIELD_ID.test(value)) errors[`fields.${name}`] = `"${value}" is not a Jira field id.`;
    else fields[name] = value;
  }
  const status = (key: 'provisionStatus', fallback: string): string => {
    const value = str(input[key]) || fallback;
    if (!STATUS_NAME.test(value)) errors[key] = 'A status name, one line.';
    return value;
  };
  const provisionStatus = status('provisionStatus', 'In Progress');
  const endStatuses = input.endStatuses === undefined ? ['Done', 'Canceled'] : list(input.endStatuses);
  if (endStatuses.length === 0 || endStatuses.some((s) => !STATUS_NAME.test(s))) errors.endStatuses = 'At least one status name that ends the grant, like Done.';
  else if (endStatuses.includes(provisionStatus)) errors.endStatuses = 'The provision status cannot also end the grant.';
  const failedStatus = str(input.failedStatus) || undefined;
  if (failedStatus !== undefined && !STATUS_NAME.test(failedStatus)) errors.failedStatus = 'A status name, one line.';
  const driftCheckMinutes = minutes(input.driftCheckMinutes ?? 60);
  if (driftCheckMinutes === undefined || driftCheckMinutes < 5 || driftCheckMinutes > 1440) errors.driftCheckMinutes = 'Whole minutes from 5 to 1440.';

  const rawTargets = Array.isArray(input.targets) ? input.targets : [];
  if (rawTargets.length > MAX_TARGETS) errors.targets = `At most ${MAX_TARGETS} targets.`;
  const targets: JitTarget[] = [];
  const seen = new Set<string>();
  rawTargets.slice(0, MAX_TARGETS).forEach((rawTarget, i) => {
    const raw = obj(rawTarget);
    const at = `targets.${i}`;
    const id = str(raw.id).toLowerCase();
    const name = str(raw.name);
    if (!TARGET_ID.test(id)) errors[`${at}.id`] = 'A short id: lower-case letters, digits and dashes (2–40).';
    if (!NAME.test(name)) errors[`${at}.name`] = 'The name requesters type in "Access target".';
    for (const key of [id, name.toLowerCase()]) {
      if (key && seen.has(key)) errors[`${at}.name`] = `Another target is already called "${key}".`;
    }
    seen.add(id);
    seen.add(name.toLowerCase());
    const ref = validateRef(obj(raw.ref), `${at}.ref`, errors);
    const policy = validatePolicy(obj(raw.policy), `${at}.policy`, errors);
    if (ref && policy && TARGET_ID.test(id) && NAME.test(name)) targets.push({ id, name, ref, policy });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { requestTypeId, fields, provisionStatus, endStatuses, ...(failedStatus ? { failedStatus } : {}), driftCheckMinutes: driftCheckMinutes as number, targets },
  };
}

/** The target a request names, by name or id, case-insensitively. */
export function findTarget(settings: Pick<JitSettings, 'targets'>, named: string): JitTarget | undefined {
  const key = named.trim().toLowerCase();
  return settings.targets.find((t) => t.id === key || t.name.toLowerCase() === key);
}

/** How the panel and comments name a target: "Okta group IT-Admins". */
export function describeTarget(target: JitTarget): string {
  const ref = target.ref;
  if (ref.kind === 'okta-group') return `Okta group ${ref.groupName} (${ref.groupId})`;
  if (ref.kind === 'aws-permission-set') return `AWS permission set ${ref.permissionSetName} on account ${ref.accountId}`;
  return `Atlassian group ${ref.groupName} (${ref.groupId}) in organization ${ref.orgId}`;
}
