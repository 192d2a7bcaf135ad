/** Typed wrappers around the bridge's `invoke`, one per resolver key this package calls. */
import { callResolver } from '@common/resolver-call';
import {
  RESOLVER_KEYS,
  type AdminConfigView,
  type AdminInfo,
  type OktaSettingsView,
  type OktaTestResult,
  type OnboardingSettingsView,
  type ResolverResult,
  type SaveResult,
} from '@shared/resolver-contract';

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
