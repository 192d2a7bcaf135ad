import type { AwsDemoSeed, AwsStandIn } from './aws';
import type { DemoSeed } from './jira';
import type { OktaDemoSeed } from './okta';
import type { ForgePlatform } from './platform';
import { configureSecretAuditForDemo } from './secret-audit-demo';
import { configureJitForDemo, type JitDemoSeed } from './jit-demo';
import { configureExportForDemo } from './export-demo';
import type { SlackStandIn } from './slack';

type Result<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

/**
 * Configures the freshly installed app the way a Jira admin would in its admin page — through
 * the app's own admin resolvers, as the demo site admin — so `npm start` works out of the box and
 * the configuration goes through the same validation as a real admin's.
 */
export async function configureAppForDemo(deps: {
  platform: ForgePlatform;
  jiraSeed: DemoSeed;
  oktaSeed: OktaDemoSeed;
  slack: SlackStandIn;
  aws: AwsStandIn;
  awsSeed: AwsDemoSeed;
  /** Just-in-time access: the targets seeded in Okta, AWS and the Atlassian organization. */
  jitSeed?: JitDemoSeed;
}): Promise<void> {
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

  // AWS: the admin deploys infra/provisio-role.yaml with the external id the app generated, then
  // saves the role and the IAM user's keys, and tests the connection.
  const { awsSeed } = deps;
  const awsConfig = await call<{ externalId: string; suggestions: Record<string, Record<string, string>> }>('admin/aws-get-config');
  deps.aws.iam.setRoleExternalId(awsSeed.automationRole.arn, awsConfig.externalId);
  const vendingTypeId = deps.jiraSeed.requestTypeIds['New AWS account'];
  expectSaved(
    'AWS',
    await call('admin/aws-save', {
      connection: { roleArn: awsSeed.automationRole.arn, region: awsSeed.region, accessKeyId: awsSeed.provisio.accessKeyId, secretAccessKey: awsSeed.provisio.secretAccessKey },
      vending: {
        requestTypeId: vendingTypeId,
        fields: awsConfig.suggestions[vendingTypeId] ?? {},
        allowedEnvironments: ['dev', 'staging', 'prod'],
        costCenterPattern: 'CC-[0-9]{4}',
        baseline: { kind: 'codebuild', projectName: awsSeed.codeBuildProject.name },
        provisionStatus: 'In Progress',
        doneStatus: 'Done',
        failedStatus: 'Provisioning failed',
      },
    }),
  );
  const tested = await call<{ ok: boolean; message: string }>('admin/aws-test');
  if (!tested.ok) throw new Error(`demo configuration of AWS failed its connection test: ${tested.message}`);

  // Secret change audit: the customer side in AWS, the app's settings, and the confirmed SNS subscription.
  await configureSecretAuditForDemo(deps);

  // Just-in-time access: one Okta group, one AWS permission set and one Atlassian group, each with permanent members.
  if (deps.jitSeed) await configureJitForDemo({ ...deps, jitSeed: deps.jitSeed }, call);

  // Jira → S3 export: the customer's bucket with the policy for the app's role, and ITS and OPS exported hourly.
  await configureExportForDemo(deps);
}
