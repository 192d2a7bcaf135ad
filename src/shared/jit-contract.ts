/**
 * The just-in-time access part of the contract between the Custom UI and the resolvers. Every
 * resolver answers the shared ResolverResult envelope (resolver-contract.ts): `{ ok: true, data }`
 * or `{ ok: false, error: { code, message } }`; the UI switches on `ok` and shows `message`.
 */
export const JIT_RESOLVER_KEYS = {
  /** Issue panel: the grant on this request and what the viewer may do. Payload: none. → JitPanelView */
  panelGrant: 'panel/jit-grant',
  /** Issue panel: end the access now. Payload: none. → JitPanelView */
  panelRevoke: 'panel/jit-revoke',
  /** Issue panel: ask for more time. Payload: JitExtensionRequest. → JitPanelView */
  panelRequestExtension: 'panel/jit-request-extension',
  /** Issue panel: approve the pending extension. Payload: none. → JitPanelView (FORBIDDEN with the reason when the viewer may not) */
  panelApproveExtension: 'panel/jit-approve-extension',
  /** Issue panel: decline the pending extension. Payload: none. → JitPanelView */
  panelDeclineExtension: 'panel/jit-decline-extension',
  /** Admin page: settings, request types and suggestions. Payload: none. → JitAdminConfigView */
  adminGet: 'admin/jit-get',
  /** Admin page: save settings (and, write-only, the org API key). Payload: JitSavePayload. → SaveResult */
  adminSave: 'admin/jit-save',
  /** Admin page: drift found by the sweep, per target. Payload: none. → JitDriftView */
  adminDrift: 'admin/jit-drift',
  /** Admin page: Jira people whose name matches, to pick approvers. Payload: JitFindPeopleRequest. → JitPeopleView */
  adminFindPeople: 'admin/jit-find-people',
} as const;

/** What the panel shows. `extended` is an active grant with at least one approved extension. */
export type GrantStatusView = 'scheduled' | 'active' | 'extended' | 'revoked' | 'expired' | 'failed';
/** The step in progress while a status holds: the membership is being added or removed right now. */
export type GrantPhaseView = 'granting' | 'revoking';

export interface PersonView {
  accountId: string;
  displayName: string;
}

export interface ExtensionView {
  id: string;
  minutes: number;
  reason?: string;
  status: 'pending' | 'approved' | 'declined';
  requestedBy: PersonView;
  requestedAt: string;
  decidedBy?: PersonView;
  decidedAt?: string;
}

export interface GrantView {
  issueKey: string;
  target: { id: string; name: string; kind: 'okta-group' | 'aws-permission-set' | 'atlassian-group' | 'unknown'; description: string };
  status: GrantStatusView;
  phase?: GrantPhaseView;
  requester: PersonView;
  /** The person as the target knows them (Okta login, Identity Center user, Atlassian account). */
  principal?: { id: string; label: string };
  approvedBy?: PersonView;
  approvedAt?: string;
  justification?: string;
  requestedMinutes: number;
  /** Planned start (ISO). */
  startAt: string;
  /** When the membership was confirmed (ISO). */
  grantedAt?: string;
  /** When access ends unless it ends sooner (ISO); drives the live countdown. */
  expiresAt: string;
  endedAt?: string;
  endReason?: 'expired' | 'done' | 'revoked';
  endedBy?: PersonView;
  failureReason?: string;
  extensions: ExtensionView[];
  /** Minutes approved so far (request plus approved extensions), and the policy's limits. */
  minutes: { approved: number; maxDuration: number; maxTotal: number; extensionLeft: number };
  /** What Provisio did and saw, oldest first (the same text is on the ticket). */
  evidence: { at: string; text: string }[];
}

export interface JitPanelView {
  issueKey: string;
  /** Server time (ISO) when the view was built: count down from `expiresAt - serverNow` to avoid clock skew. */
  serverNow: string;
  /** Whether this is a "Temporary elevated access" request (as configured). */
  isJitRequest: boolean;
  /** Absent when Provisio has no grant on this request (not a JIT request, or not approved yet). */
  grant?: GrantView;
  /** Which actions to show; the resolvers check again when one is used. */
  can: { revoke: boolean; requestExtension: boolean; approveExtension: boolean; declineExtension: boolean };
}

export interface JitExtensionRequest {
  minutes: number;
  reason?: string;
}

export interface JitPolicyView {
  maxDurationMinutes: number;
  approvalRequired: boolean;
  /** Jira account ids. */
  approvers: string[];
  maxTotalMinutes: number;
  permanentMembers: string[];
  drift: 'report' | 'remove';
}

export type JitTargetRefView =
  | { kind: 'okta-group'; groupId: string; groupName: string; clearSessions: boolean }
  | { kind: 'aws-permission-set'; instanceArn: string; identityStoreId: string; accountId: string; permissionSetArn: string; permissionSetName: string }
  | { kind: 'atlassian-group'; orgId: string; groupId: string; groupName: string };

export interface JitTargetView {
  id: string;
  name: string;
  ref: JitTargetRefView;
  policy: JitPolicyView;
}

export interface JitSettingsView {
  requestTypeId: string;
  /** Jira field id per input: target, duration, startTime, justification. */
  fields: Record<string, string>;
  provisionStatus: string;
  endStatuses: string[];
  failedStatus?: string;
  driftCheckMinutes: number;
  targets: JitTargetView[];
}

export interface JitAdminConfigView {
  settings?: JitSettingsView;
  /** The org API key is write-only: the UI only learns whether one is saved. */
  atlassianApiKeySaved: boolean;
  requestTypes: { id: string; name: string; serviceDeskId: string; fields: { fieldId: string; name: string; required: boolean }[] }[];
  jitInputs: { input: string; label: string; required: boolean }[];
  /** Suggested field per input, per request type id, matched by field name. */
  suggestions: Record<string, Record<string, string>>;
  targetKinds: { kind: string; label: string }[];
  /** The IAM actions the AWS role needs for Identity Center targets. */
  identityCenterActions: string[];
  /** The saved approvers Jira knows, so the page can name them (an unknown id is left out). */
  people: PersonView[];
}

export interface JitFindPeopleRequest {
  /** Part of a name or email: 2 to 100 characters. */
  query: string;
}

export interface JitPeopleView {
  people: PersonView[];
}

/** `admin/jit-save`. Field errors are keyed like `targets.0.policy.maxDurationMinutes`, `fields.target`, `atlassianApiKey`. */
export interface JitSavePayload {
  settings: JitSettingsView;
  /** Only when it changes; never read back. */
  atlassianApiKey?: string;
}

export interface JitDriftView {
  targets: {
    targetId: string;
    name: string;
    checkedAt?: string;
    findings: { principalId: string; label: string; firstSeenAt: string; lastSeenAt: string; action: 'reported' | 'removed' | 'kept-last-member' | 'remove-failed'; detail?: string }[];
  }[];
}
