import { getAppContext } from '@forge/api';
import Resolver from '@forge/resolver';
import { ConfigRepository } from '../../adapters/forge/config-repository';
import { JiraClient } from '../../adapters/jira/jira-client';
import { listRequestTypes } from '../../adapters/jira/service-desk-catalog';
import { validateOktaSettings, validatePrivateKeyPem } from '../../domain/config/okta-settings';
import { REQUIRED_INPUTS, validateOnboardingSettings } from '../../domain/config/onboarding-settings';
import { ForbiddenError } from '../../domain/errors';
import { suggestFieldMapping } from '../../domain/onboarding/field-suggestions';
import { ONBOARDING_INPUT_LABELS, ONBOARDING_INPUTS } from '../../domain/onboarding/onboarding-request';
import { RESOLVER_KEYS, type AdminConfigView, type AdminInfo, type OktaTestResult, type SaveResult } from '../../shared/resolver-contract';
import { oktaClient } from '../composition';
import { registerAwsAdminResolvers } from './admin-aws';
import { registerSecretAuditAdminResolvers } from './admin-secret-audit';
import { registerJitAdminResolvers } from './admin-jit';
import { registerExportAdminResolvers } from './admin-export';
import { respond } from './respond';

const resolver = new Resolver();
const SLACK_WEBHOOK = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{10,200}$/;

/** Only Jira administrators may use the admin page; every resolver checks, whatever the UI shows. */
async function requireJiraAdmin(): Promise<JiraClient> {
  const jira = JiraClient.forUser();
  if (!(await jira.hasPermissions(['ADMINISTER']))) throw new ForbiddenError('Only Jira administrators can configure Provisio.');
  return jira;
}

const record = (payload: unknown): Record<string, unknown> => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

resolver.define(RESOLVER_KEYS.adminGetInfo, () =>
  respond<AdminInfo>(async () => {
    const jira = await requireJiraAdmin();
    const viewer = await jira.myself();
    return { appVersion: getAppContext().appVersion, viewerDisplayName: viewer.displayName };
  }),
);

resolver.define(RESOLVER_KEYS.adminGetConfig, () =>
  respond<AdminConfigView>(async () => {
    const jira = await requireJiraAdmin();
    const config = new ConfigRepository();
    const [okta, onboarding, keySaved, slack, requestTypes] = await Promise.all([
      config.okta(),
      config.onboarding(),
      config.hasOktaPrivateKey(),
      config.slackWebhookUrl(),
      listRequestTypes(jira),
    ]);
    return {
      ...(okta ? { okta } : {}),
      oktaPrivateKeySaved: keySaved,
      ...(onboarding ? { onboarding: { ...onboarding, fields: onboarding.fields as Record<string, string> } } : {}),
      slackConfigured: slack !== undefined,
      requestTypes,
      onboardingInputs: ONBOARDING_INPUTS.map((input) => ({ input, label: ONBOARDING_INPUT_LABELS[input], required: REQUIRED_INPUTS.includes(input) })),
      suggestions: Object.fromEntries(requestTypes.map((t) => [t.id, suggestFieldMapping(t.fields) as Record<string, string>])),
    };
  }),
);

resolver.define(RESOLVER_KEYS.adminSaveOkta, ({ payload }) =>
  respond<SaveResult>(async () => {
    await requireJiraAdmin();
    const input = record(payload);
    const settings = validateOktaSettings(record(input.settings));
    const fieldErrors: Record<string, string> = settings.ok ? {} : { ...(settings.errors as Record<string, string>) };
    const config = new ConfigRepository();
    const pem = input.privateKeyPem;
    const hasNewKey = typeof pem === 'string' && pem.trim() !== '';
    if (hasNewKey) {
      const keyError = validatePrivateKeyPem(pem);
      if (keyError) fieldErrors.privateKeyPem = keyError;
    } else if (!(await config.hasOktaPrivateKey())) {
      fieldErrors.privateKeyPem = 'Paste the private key of the service app (it is stored as a secret and never shown again).';
    }
    if (!settings.ok || Object.keys(fieldErrors).length > 0) return { saved: false, fieldErrors };
    if (hasNewKey) await config.saveOktaPrivateKey((pem as string).trim());
    await config.saveOkta(settings.value);
    return { saved: true };
  }),
);

resolver.define(RESOLVER_KEYS.adminTestOkta, () =>
  respond<OktaTestResult>(async () => {
    await requireJiraAdmin();
    const client = await oktaClient(new ConfigRepository());
    const token = await client.testConnection();
    return { tokenType: token.tokenType, scopes: token.scopes, expiresAt: new Date(token.expiresAt).toISOString() };
  }),
);

resolver.define(RESOLVER_KEYS.adminSaveOnboarding, ({ payload }) =>
  respond<SaveResult>(async () => {
    const jira = await requireJiraAdmin();
    const settings = validateOnboardingSettings(record(payload));
    if (!settings.ok) return { saved: false, fieldErrors: settings.errors as Record<string, string> };
    // The request type and fields must exist now, not just look like ids.
    const requestType = (await listRequestTypes(jira)).find((t) => t.id === settings.value.requestTypeId);
    if (!requestType) return { saved: false, fieldErrors: { requestTypeId: 'That request type does not exist (any more).' } };
    const known = new Set(requestType.fields.map((f) => f.fieldId));
    const fieldErrors: Record<string, string> = {};
    for (const [input, fieldId] of Object.entries(settings.value.fields)) {
      if (!known.has(fieldId)) fieldErrors[`fields.${input}`] = `${requestType.name} has no field ${fieldId}.`;
    }
    if (Object.keys(fieldErrors).length > 0) return { saved: false, fieldErrors };
    await new ConfigRepository().saveOnboarding(settings.value);
    return { saved: true };
  }),
);

resolver.define(RESOLVER_KEYS.adminSaveSlack, ({ payload }) =>
  respond<SaveResult>(async () => {
    await requireJiraAdmin();
    const url = record(payload).webhookUrl;
    if (url === null || url === '') {
      await new ConfigRepository().saveSlackWebhookUrl(undefined);
      return { saved: true };
    }
    if (typeof url !== 'string' || !SLACK_WEBHOOK.test(url.trim())) {
      return { saved: false, fieldErrors: { webhookUrl: 'A Slack incoming webhook URL starts with https://hooks.slack.com/services/.' } };
    }
    await new ConfigRepository().saveSlackWebhookUrl(url.trim());
    return { saved: true };
  }),
);

registerAwsAdminResolvers(resolver, requireJiraAdmin);
registerSecretAuditAdminResolvers(resolver, requireJiraAdmin);
registerJitAdminResolvers(resolver, requireJiraAdmin);
registerExportAdminResolvers(resolver, requireJiraAdmin);

export const adminResolver = resolver.getDefinitions();
