import { kvs } from '@forge/kvs';
import { validateOktaSettings, type OktaSettings } from '../../domain/config/okta-settings';
import { validateOnboardingSettings, type OnboardingSettings } from '../../domain/config/onboarding-settings';
import { CorruptRecordError } from '../../domain/runs/run-record';
import type { CachedToken, TokenCache } from '../okta/okta-token';

const KEYS = {
  okta: 'config-okta',
  onboarding: 'config-onboarding',
  oktaPrivateKey: 'okta-private-key',
  oktaToken: 'okta-access-token',
  slackWebhook: 'slack-webhook-url',
} as const;

/**
 * Admin configuration in KVS. Plain settings are validated again on read; credentials and tokens
 * live only in KVS secrets, which are never returned to the UI or written to logs.
 */
export class ConfigRepository {
  async okta(): Promise<OktaSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.okta);
    if (stored === undefined) return undefined;
    const parsed = validateOktaSettings(stored);
    if (!parsed.ok) throw new CorruptRecordError(`stored Okta settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }

  async saveOkta(settings: OktaSettings): Promise<void> {
    await kvs.set(KEYS.okta, settings);
    await kvs.deleteSecret(KEYS.oktaToken);
  }

  async onboarding(): Promise<OnboardingSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.onboarding);
    if (stored === undefined) return undefined;
    const parsed = validateOnboardingSettings(stored);
    if (!parsed.ok) throw new CorruptRecordError(`stored onboarding settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }

  async saveOnboarding(settings: OnboardingSettings): Promise<void> {
    await kvs.set(KEYS.onboarding, settings);
  }

  async oktaPrivateKey(): Promise<string | undefined> {
    return kvs.getSecret<string>(KEYS.oktaPrivateKey);
  }

  async hasOktaPrivateKey(): Promise<boolean> {
    return (await this.oktaPrivateKey()) !== undefined;
  }

  async saveOktaPrivateKey(pem: string): Promise<void> {
    await kvs.setSecret(KEYS.oktaPrivateKey, pem);
    await kvs.deleteSecret(KEYS.oktaToken);
  }

  async slackWebhookUrl(): Promise<string | undefined> {
    return kvs.getSecret<string>(KEYS.slackWebhook);
  }

  async saveSlackWebhookUrl(url: string | undefined): Promise<void> {
    if (url === undefined) await kvs.deleteSecret(KEYS.slackWebhook);
    else await kvs.setSecret(KEYS.slackWebhook, url);
  }

  /** The Okta access token cache: a secret, so it never shows up in a KVS scan of plain values. */
  oktaTokenCache(): TokenCache {
    return {
      get: async () => kvs.getSecret<CachedToken>(KEYS.oktaToken),
      set: async (token) => kvs.setSecret(KEYS.oktaToken, token),
      clear: async () => kvs.deleteSecret(KEYS.oktaToken),
    };
  }
}
