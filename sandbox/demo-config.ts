import type { DemoSeed } from './jira';
import type { OktaDemoSeed } from './okta';
import type { ForgePlatform } from './platform';
import type { SlackStandIn } from './slack';

type Result<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

/**
 * Configures the freshly installed app the way a Jira admin would in its admin page — through
 * the app's own admin resolvers, as the demo site admin — so `npm start` works out of the box and
 * the configuration goes through the same validation as a real admin's.
 */
export async function configureAppForDemo(deps: { platform: ForgePlatform; jiraSeed: DemoSeed; oktaSeed: OktaDemoSeed; slack: SlackStandIn }): Promise<void> {
  const admin = deps.jiraSeed.users.adaAdmin.accountId;
  const moduleKey = deps.platform.manifest.uiModules.find((m) => m.type === 'jira:adminPage')?.key;
  if (!moduleKey) throw new Error('the manifest has no jira:adminPage module');
  const call = async <T>(functionKey: string, payload: unknown = {}): Promise<T> => {
    const result = (await deps.platform.invokeResolver({ moduleKey, functionKey, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: admin })) as Result<T>;
    if (!result.ok) throw new Error(`demo configuration failed at ${functionKey}: ${result.error.message}`);
    return result.data;
  };
  const expectSaved = (what: string, result: { saved: boolean; fieldErrors?: Record<string, string> }) => {
    if (!result.saved) throw new Error(`demo configuration of ${what} was refused: ${JSON.stringify(result.fieldErrors)}`);
  };

  const { oktaSeed } = deps;
  expectSaved(
    'Okta',
    await call('admin/save-okta', {
      settings: { orgUrl: oktaSeed.orgUrl, clientId: oktaSeed.clientId, keyId: oktaSeed.keyId, scopes: oktaSeed.scopes, dpop: oktaSeed.requireDpop },
      privateKeyPem: oktaSeed.privateKeyPem,
    }),
  );

  const requestTypeId = deps.jiraSeed.requestTypeIds['Onboard a new employee'];
  const config = await call<{ suggestions: Record<string, Record<string, string>> }>('admin/get-config');
  expectSaved(
    'onboarding',
    await call('admin/save-onboarding', {
      requestTypeId,
      fields: config.suggestions[requestTypeId] ?? {},
      groupAllowList: ['Engineering', 'Sales', 'Finance', 'Contractors', 'AWS-Prod-Admins'],
      provisionStatus: 'In Progress',
      doneStatus: 'Done',
      failedStatus: 'Provisioning failed',
    }),
  );

  expectSaved('Slack', await call('admin/save-slack', { webhookUrl: deps.slack.createWebhook() }));
}
