/**
 * The contract between the Custom UI (static/*) and the resolvers (src/entry/resolvers), defined once
 * and imported by both sides. Every resolver answers a ResolverResult; the UI switches on `ok`.
 */

export const RESOLVER_KEYS = {
  panelGetInfo: 'panel/get-info',
  panelRetry: 'panel/retry',
  adminGetInfo: 'admin/get-info',
  adminGetConfig: 'admin/get-config',
  adminSaveOkta: 'admin/save-okta',
  adminTestOkta: 'admin/test-okta',
  adminSaveOnboarding: 'admin/save-onboarding',
  adminSaveSlack: 'admin/save-slack',
} as const;

export type ResolverErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT' | 'UPSTREAM_FAILED' | 'INTERNAL';

export interface ResolverError {
  code: ResolverErrorCode;
  message: string;
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** A save that failed validation: a message per form field, so the form can show each next to its input. */
export interface FieldErrorsResult {
  fieldErrors: Record<string, string>;
}

export type SaveResult = { saved: true } | ({ saved: false } & FieldErrorsResult);

export type RunStatusView = 'queued' | 'running' | 'failed' | 'succeeded';
export type StepStatusView = 'pending' | 'done' | 'failed' | 'skipped';

export interface RunStepView {
  id: string;
  title: string;
  status: StepStatusView;
  detail?: string;
  at?: string;
}

/** A provisioning run as the panel shows it; never carries secrets. */
export interface RunView {
  action: string;
  status: RunStatusView;
  steps: RunStepView[];
  approvedBy?: string;
  approvedAt?: string;
  failureReason?: string;
  attempts: number;
  updatedAt: string;
}

export interface PanelInfo {
  issueKey: string;
  appVersion: string;
  /** Absent when Provisio has not acted on this request. */
  run?: RunView;
  /** Whether the viewer may use Retry (the resolver checks again when it is used). */
  canRetry: boolean;
}

export interface AdminInfo {
  appVersion: string;
  /** Display name of the admin viewing the page, read from Jira as that user. */
  viewerDisplayName: string;
}

export interface OktaSettingsView {
  orgUrl: string;
  clientId: string;
  keyId: string;
  scopes: string[];
  dpop: boolean;
}

export interface OnboardingSettingsView {
  requestTypeId: string;
  fields: Record<string, string>;
  groupAllowList: string[];
  provisionStatus: string;
  doneStatus: string;
  failedStatus: string;
}

export interface AdminConfigView {
  okta?: OktaSettingsView;
  /** The private key is write-only: the UI only learns whether one is saved. */
  oktaPrivateKeySaved: boolean;
  onboarding?: OnboardingSettingsView;
  slackConfigured: boolean;
  requestTypes: { id: string; name: string; serviceDeskId: string; fields: { fieldId: string; name: string; required: boolean }[] }[];
  /** The inputs onboarding needs, with labels, and which are required. */
  onboardingInputs: { input: string; label: string; required: boolean }[];
  /** Suggested field per input, per request type id, matched by field name. */
  suggestions: Record<string, Record<string, string>>;
}

export interface OktaTestResult {
  tokenType: string;
  scopes: string[];
  expiresAt: string;
}
