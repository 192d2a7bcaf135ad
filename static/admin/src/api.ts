/** Typed wrappers around the bridge's `invoke`, one per resolver key this package calls. */
import { callResolver } from '@common/resolver-call';
import {
  RESOLVER_KEYS,
  type AdminConfigView,
  type AdminInfo,
  type AwsAdminConfigView,
  type AwsConnectionTestView,
  type AwsSavePayload,
  type OktaSettingsView,
  type OktaTestResult,
  type OnboardingSettingsView,
  type ResolverResult,
  type SaveResult,
} from '@shared/resolver-contract';
import { JIT_RESOLVER_KEYS, type JitAdminConfigView, type JitDriftView, type JitPeopleView, type JitSavePayload } from '@shared/jit-contract';
import {
  SECRET_AUDIT_RESOLVER_KEYS,
  type SecretAuditConfigView,
  type SecretAuditSettingsInput,
  type SecretChangeCsv,
  type SecretChangeReport,
  type SecretChangeReportFilters,
} from '@shared/secret-audit-contract';

export function getAdminInfo(): Promise<ResolverResult<AdminInfo>> {
  return callResolver<AdminInfo>(RESOLVER_KEYS.adminGetInfo);
}

export function getAdminConfig(): Promise<ResolverResult<AdminConfigView>> {
  return callResolver<AdminConfigView>(RESOLVER_KEYS.adminGetConfig);
}

/** `privateKeyPem` absent (or empty) keeps the saved key. */
export function saveOkta(settings: OktaSettingsView, privateKeyPem?: string): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(RESOLVER_KEYS.adminSaveOkta, { settings: { ...settings }, ...(privateKeyPem ? { privateKeyPem } : {}) });
}

/** Obtains a real access token with the saved connection. */
export function testOkta(): Promise<ResolverResult<OktaTestResult>> {
  return callResolver<OktaTestResult>(RESOLVER_KEYS.adminTestOkta);
}

export function saveOnboarding(settings: OnboardingSettingsView): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(RESOLVER_KEYS.adminSaveOnboarding, { ...settings });
}

/** `null` removes the webhook. */
export function saveSlack(webhookUrl: string | null): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(RESOLVER_KEYS.adminSaveSlack, { webhookUrl });
}

// ---- AWS connection and account vending ----

export function getAwsConfig(): Promise<ResolverResult<AwsAdminConfigView>> {
  return callResolver<AwsAdminConfigView>(RESOLVER_KEYS.adminAwsGetConfig);
}

/** Either part or both; the access keys only when they change (they are never read back). */
export function saveAws(payload: AwsSavePayload): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(RESOLVER_KEYS.adminAwsSave, { ...payload });
}

/** Really assumes the role with the saved connection and reads the organization. */
export function testAws(): Promise<ResolverResult<AwsConnectionTestView>> {
  return callResolver<AwsConnectionTestView>(RESOLVER_KEYS.adminAwsTest);
}

// ---- Secret change audit ----

export function getSecretAuditConfig(): Promise<ResolverResult<SecretAuditConfigView>> {
  return callResolver<SecretAuditConfigView>(SECRET_AUDIT_RESOLVER_KEYS.adminGetConfig);
}

export function saveSecretAudit(settings: SecretAuditSettingsInput): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(SECRET_AUDIT_RESOLVER_KEYS.adminSave, { ...settings });
}

export function getSecretChangeReport(filters: SecretChangeReportFilters): Promise<ResolverResult<SecretChangeReport>> {
  return callResolver<SecretChangeReport>(SECRET_AUDIT_RESOLVER_KEYS.adminReport, { ...filters });
}

export function getSecretChangeCsv(filters: SecretChangeReportFilters): Promise<ResolverResult<SecretChangeCsv>> {
  return callResolver<SecretChangeCsv>(SECRET_AUDIT_RESOLVER_KEYS.adminReportCsv, { ...filters });
}

// ---- Just-in-time access ----

export function getJitConfig(): Promise<ResolverResult<JitAdminConfigView>> {
  return callResolver<JitAdminConfigView>(JIT_RESOLVER_KEYS.adminGet);
}

/** The org API key only when it changes (it is never read back). */
export function saveJit(payload: JitSavePayload): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(JIT_RESOLVER_KEYS.adminSave, { settings: { ...payload.settings }, ...(payload.atlassianApiKey ? { atlassianApiKey: payload.atlassianApiKey } : {}) });
}

/** Jira people whose name or email matches, to pick approvers from. */
export function findJitPeople(query: string): Promise<ResolverResult<JitPeopleView>> {
  return callResolver<JitPeopleView>(JIT_RESOLVER_KEYS.adminFindPeople, { query });
}

/** What the sweep found per target: members with neither an active grant nor a permanent place. */
export function getJitDrift(): Promise<ResolverResult<JitDriftView>> {
  return callResolver<JitDriftView>(JIT_RESOLVER_KEYS.adminDrift);
}
