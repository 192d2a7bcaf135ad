/**
 * The just-in-time access settings as the admin form holds them (text as typed, every kind's
 * fields kept so switching kinds loses nothing) and back to what `admin/jit-save` takes. The
 * resolver validates; numbers that are not whole numbers go as typed so its message explains.
 */
import type { JitAdminConfigView, JitPolicyView, JitSettingsView, JitTargetRefView, JitTargetView } from '@shared/jit-contract';
import { mappedFields, mappingFor } from './request-mapping';

export type TargetKind = JitTargetRefView['kind'];

export interface OktaRefForm {
  groupId: string;
  groupName: string;
  clearSessions: boolean;
}

export interface AwsRefForm {
  instanceArn: string;
  identityStoreId: string;
  accountId: string;
  permissionSetArn: string;
  permissionSetName: string;
}

export interface AtlassianRefForm {
  orgId: string;
  groupId: string;
  groupName: string;
}

export interface PolicyForm {
  maxDurationMinutes: string;
  approvalRequired: boolean;
  /** One per line. */
  approvers: string;
  maxTotalMinutes: string;
  permanentMembers: string;
  removeDrift: boolean;
}

export interface TargetForm {
  /** Only for React: stable across edits, never sent. */
  key: string;
  /** Not saved yet: its id may still be edited (a saved target's id keys its grants). */
  isNew: boolean;
  /** Whether the admin typed the id themselves (otherwise it follows the name). */
  idEdited: boolean;
  id: string;
  name: string;
  kind: TargetKind;
  okta: OktaRefForm;
  aws: AwsRefForm;
  atlassian: AtlassianRefForm;
  policy: PolicyForm;
}

export interface RequestForm {
  requestTypeId: string;
  fields: Record<string, string>;
  provisionStatus: string;
  /** One per line (or comma-separated). */
  endStatuses: string;
  failedStatus: string;
  driftCheckMinutes: string;
}

export const KIND_FIELDS: Record<TargetKind, { key: string; label: string; hint: string; mono?: boolean; placeholder?: string }[]> = {
  'okta-group': [
    { key: 'groupId', label: 'Okta group id', hint: 'From the group’s URL in the Okta admin console.', mono: true, placeholder: '00g…' },
    { key: 'groupName', label: 'Group name', hint: 'As Okta shows it; used in comments and the panel.' },
  ],
  'aws-permission-set': [
    { key: 'accountId', label: 'AWS account', hint: 'The 12-digit account the permission set is assigned on.', mono: true, placeholder: '123456789012' },
    { key: 'permissionSetName', label: 'Permission set name', hint: 'Used in comments and the panel.' },
    { key: 'permissionSetArn', label: 'Permission set ARN', hint: 'arn:aws:sso:::permissionSet/ssoins-…/ps-…', mono: true },
    { key: 'instanceArn', label: 'Identity Center instance ARN', hint: 'arn:aws:sso:::instance/ssoins-…', mono: true },
    { key: 'identityStoreId', label: 'Identity store id', hint: 'The instance’s identity store, d-…', mono: true, placeholder: 'd-…' },
  ],
  'atlassian-group': [
    { key: 'groupId', label: 'Group id', hint: 'The group’s id in the organization directory.', mono: true },
    { key: 'groupName', label: 'Group name', hint: 'Used in comments and the panel. org-admins cannot be managed: organization admin is a role.' },
    { key: 'orgId', label: 'Organization id', hint: 'From admin.atlassian.com (the URL of your organization).', mono: true },
  ],
};

const NO_OKTA: OktaRefForm = { groupId: '', groupName: '', clearSessions: true };
const NO_AWS: AwsRefForm = { instanceArn: '', identityStoreId: '', accountId: '', permissionSetArn: '', permissionSetName: '' };
const NO_ATLASSIAN: AtlassianRefForm = { orgId: '', groupId: '', groupName: '' };

let keys = 0;
const nextKey = () => `target-${++keys}`;

const lines = (list: string[]) => list.join('\n');
export const listOf = (text: string): string[] =>
  text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A whole number as typed, or the text itself (so the resolver's message says what is wrong). */
const numberOrText = (text: string): number | string => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.trim());

/** A short id from a name: "AWS Payments Prod admin" → "aws-payments-prod-admin". */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function targetFormFrom(target: JitTargetView): TargetForm {
  const ref = target.ref;
  return {
    key: nextKey(),
    isNew: false,
    idEdited: true,
    id: target.id,
    name: target.name,
    kind: ref.kind,
    okta: ref.kind === 'okta-group' ? { groupId: ref.groupId, groupName: ref.groupName, clearSessions: ref.clearSessions } : NO_OKTA,
    aws:
      ref.kind === 'aws-permission-set'
        ? { instanceArn: ref.instanceArn, identityStoreId: ref.identityStoreId, accountId: ref.accountId, permissionSetArn: ref.permissionSetArn, permissionSetName: ref.permissionSetName }
        : NO_AWS,
    atlassian: ref.kind === 'atlassian-group' ? { orgId: ref.orgId, groupId: ref.groupId, groupName: ref.groupName } : NO_ATLASSIAN,
    policy: {
      maxDurationMinutes: String(target.policy.maxDurationMinutes),
      approvalRequired: target.policy.approvalRequired,
      approvers: lines(target.policy.approvers),
      maxTotalMinutes: String(target.policy.maxTotalMinutes),
      permanentMembers: lines(target.policy.permanentMembers),
      removeDrift: target.policy.drift === 'remove',
    },
  };
}

/** A new target: an Okta group, an hour at most (four with extensions), approval required, drift reported. */
export function newTargetForm(): TargetForm {
  return {
    key: nextKey(),
    isNew: true,
    idEdited: false,
    id: '',
    name: '',
    kind: 'okta-group',
    okta: NO_OKTA,
    aws: NO_AWS,
    atlassian: NO_ATLASSIAN,
    policy: { maxDurationMinutes: '60', approvalRequired: true, approvers: '', maxTotalMinutes: '240', permanentMembers: '', removeDrift: false },
  };
}

function refFromForm(form: TargetForm): JitTargetRefView {
  if (form.kind === 'okta-group') return { kind: 'okta-group', groupId: form.okta.groupId.trim(), groupName: form.okta.groupName.trim(), clearSessions: form.okta.clearSessions };
  if (form.kind === 'aws-permission-set') {
    const a = form.aws;
    return {
      kind: 'aws-permission-set',
      instanceArn: a.instanceArn.trim(),
      identityStoreId: a.identityStoreId.trim(),
      accountId: a.accountId.trim(),
      permissionSetArn: a.permissionSetArn.trim(),
      permissionSetName: a.permissionSetName.trim(),
    };
  }
  return { kind: 'atlassian-group', orgId: form.atlassian.orgId.trim(), groupId: form.atlassian.groupId.trim(), groupName: form.atlassian.groupName.trim() };
}

function policyFromForm(form: PolicyForm): JitPolicyView {
  return {
    // Sent as typed when it is no whole number: the resolver's field error explains.
    maxDurationMinutes: numberOrText(form.maxDurationMinutes) as number,
    approvalRequired: form.approvalRequired,
    approvers: listOf(form.approvers),
    maxTotalMinutes: numberOrText(form.maxTotalMinutes) as number,
    permanentMembers: listOf(form.permanentMembers),
    drift: form.removeDrift ? 'remove' : 'report',
  };
}

export function targetFromForm(form: TargetForm): JitTargetView {
  return { id: (form.isNew && !form.idEdited ? slugOf(form.name) : form.id).trim(), name: form.name.trim(), ref: refFromForm(form), policy: policyFromForm(form.policy) };
}

export function requestFormFrom(config: JitAdminConfigView): RequestForm {
  const saved = config.settings;
  return {
    requestTypeId: saved?.requestTypeId ?? '',
    fields: mappingFor(saved, config.suggestions, saved?.requestTypeId ?? ''),
    provisionStatus: saved?.provisionStatus ?? 'In Progress',
    endStatuses: lines(saved?.endStatuses ?? ['Done', 'Canceled']),
    failedStatus: saved?.failedStatus ?? '',
    driftCheckMinutes: String(saved?.driftCheckMinutes ?? 60),
  };
}

export function settingsFromForm(request: RequestForm, targets: TargetForm[]): JitSettingsView {
  return {
    requestTypeId: request.requestTypeId,
    fields: mappedFields(request.fields),
    provisionStatus: request.provisionStatus.trim(),
    endStatuses: listOf(request.endStatuses),
    ...(request.failedStatus.trim() ? { failedStatus: request.failedStatus.trim() } : {}),
    driftCheckMinutes: numberOrText(request.driftCheckMinutes) as number,
    targets: targets.map(targetFromForm),
  };
}
