import type { AwsDemoKeys, AwsDemoSeed, AwsStandIn } from './aws';
import type { DemoSeed } from './jira';
import type { ForgePlatform } from './platform';
import { SECRET_CHANGE_EVENTS } from '../src/shared/secret-audit-contract';

/** The secret change audit's part of the demo: what the customer deployed in AWS, and who can change secrets. */
export interface SecretAuditDemo {
  region: string;
  accountId: string;
  topicArn: string;
  ruleName: string;
  /** A person with full Secrets Manager access (no approval needed to call, which is the point). */
  secretsAdmin: AwsDemoKeys;
  /** Allow-listed automation: roles the org admin (or the secrets admin) may assume. */
  rotationRoleArn: string;
  pipelineRoleArn: string;
  secrets: { paymentsDb: string; paymentsApiKey: string };
}

const TOPIC = 'provisio-secret-changes';
const RULE = 'provisio-secretsmanager-changes';

/** The Secrets Manager calls the rule forwards: the app's own list (infra/secret-audit.yaml has the same). */
export const SECRET_CHANGE_EVENT_NAMES: string[] = [...SECRET_CHANGE_EVENTS];

export function secretAuditDemoInfo(awsSeed: AwsDemoSeed, aws: AwsStandIn): SecretAuditDemo | undefined {
  const accountId = awsSeed.managementAccountId;
  const topicArn = `arn:aws:sns:${awsSeed.region}:${accountId}:${TOPIC}`;
  const admin = aws.iam.users().find((u) => u.userName === 'secrets-admin');
  const key = admin ? aws.iam.accessKeys().find((k) => k.userArn === admin.arn) : undefined;
  const secrets = aws.secretsmanager.secrets();
  const arnOf = (name: string) => secrets.find((s) => s.name === name)?.arn ?? '';
  if (!admin || !key || !aws.sns.topic(topicArn)) return undefined;
  return {
    region: awsSeed.region,
    accountId,
    topicArn,
    ruleName: RULE,
    secretsAdmin: { userName: admin.userName, arn: admin.arn, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    rotationRoleArn: `arn:aws:iam::${accountId}:role/SecretsRotationFunction`,
    pipelineRoleArn: `arn:aws:iam::${accountId}:role/DeployPipeline`,
    secrets: { paymentsDb: arnOf('prod/payments/db'), paymentsApiKey: arnOf('prod/payments/api-key') },
  };
}

/**
 * What the customer deploys with infra/secret-audit.yaml, in the AWS stand-in: the SNS topic
 * (SignatureVersion 2, a policy letting EventBridge publish), the EventBridge rule for every
 * secret-changing call, Publish for Provisio's role; plus demo people, roles and secrets.
 */
function deployCustomerSide(aws: AwsStandIn, awsSeed: AwsDemoSeed): { topicArn: string } {
  const accountId = awsSeed.managementAccountId;
  const region = awsSeed.region;
  const topicArn = `arn:aws:sns:${region}:${accountId}:${TOPIC}`;
  aws.sns.createTopic({ name: TOPIC, accountId, region, attributes: { SignatureVersion: '2', DisplayName: 'Secrets Manager changes' } });
  aws.sns.setTopicAttribute(
    topicArn,
    'Policy',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn },
        { Sid: 'ProvisioPublishesApprovals', Effect: 'Allow', Principal: { AWS: awsSeed.automationRole.arn }, Action: 'sns:Publish', Resource: topicArn },
      ],
    }),
  );
  const rule = aws.eventbridge.putRule({
    name: RULE,
    accountId,
    region,
    eventPattern: {
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: SECRET_CHANGE_EVENT_NAMES },
    },
  });
  aws.eventbridge.putTargets(rule.arn, [{ id: 'sns', arn: topicArn }]);
  const role = aws.iam.role(awsSeed.automationRole.arn);
  if (role && !role.allowedActions.includes('sns:Publish')) aws.iam.setRoleAllowedActions(role.arn, [...role.allowedActions, 'sns:Publish']);

  const admin = aws.iam.createUser({ accountId, userName: 'secrets-admin', allowedActions: ['secretsmanager:*', 'sts:AssumeRole'] });
  aws.iam.createAccessKey(admin.arn);
  for (const roleName of ['SecretsRotationFunction', 'DeployPipeline']) {
    aws.iam.createRole({ accountId, roleName, trustedPrincipalArns: [awsSeed.orgAdmin.arn, admin.arn], allowedActions: ['secretsmanager:*'] });
  }
  for (const [name, description] of [
    ['prod/payments/db', 'Payments database credentials'],
    ['prod/payments/api-key', 'Card processor API key'],
  ] as const) {
    aws.secretsmanager.create({ accountId, region, name, description, value: { secretString: JSON.stringify({ seeded: true }) }, tags: [{ Key: 'team', Value: 'payments' }], replicaRegions: [] });
  }
  return { topicArn };
}

type Result<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

/**
 * Out of the box: the customer side is deployed, the app is configured through its own admin
 * resolvers (as the demo admin), and the topic is subscribed to the app's web trigger URL the
 * admin page shows. The subscription confirms the real way: SNS sends a signed
 * SubscriptionConfirmation, the app verifies it and follows its SubscribeURL through egress.
 */
export async function configureSecretAuditForDemo(deps: { platform: ForgePlatform; jiraSeed: DemoSeed; aws: AwsStandIn; awsSeed: AwsDemoSeed }): Promise<void> {
  const { platform, jiraSeed, aws, awsSeed } = deps;
  const { topicArn } = deployCustomerSide(aws, awsSeed);
  const moduleKey = platform.manifest.uiModules.find((m) => m.type === 'jira:adminPage')?.key;
  if (!moduleKey) throw new Error('the manifest has no jira:adminPage module');
  const call = async <T>(functionKey: string, payload: unknown = {}): Promise<T> => {
    const result = (await platform.invokeResolver({ moduleKey, functionKey, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: jiraSeed.users.adaAdmin.accountId })) as Result<T>;
    if (!result.ok) throw new Error(`demo configuration failed at ${functionKey}: ${result.error.message}`);
    return result.data;
  };
  const config = await call<{ webTriggerUrl?: string; suggestions: Record<string, Record<string, string>> }>('admin/secret-audit/get-config');
  const requestTypeId = jiraSeed.requestTypeIds['Secret change'];
  const accountId = awsSeed.managementAccountId;
  const saved = await call<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/secret-audit/save', {
    topicArns: [topicArn],
    publishTopicArn: topicArn,
    automationPrincipals: [`arn:aws:iam::${accountId}:role/SecretsRotationFunction`, `arn:aws:iam::${accountId}:role/DeployPipeline`],
    projectKey: jiraSeed.projects.ops.key,
    issueTypeName: 'Task',
    requestTypeId,
    fields: config.suggestions[requestTypeId] ?? {},
  });
  if (!saved.saved) throw new Error(`demo configuration of the secret change audit was refused: ${JSON.stringify(saved.fieldErrors)}`);
  const url = config.webTriggerUrl;
  if (!url) throw new Error('the app reported no web trigger URL for SNS');
  // The sandbox serves the web trigger over plain HTTP, so the subscription's protocol is http.
  aws.sns.subscribe({ topicArn, protocol: new URL(url).protocol.replace(':', ''), endpoint: url, owner: accountId });
  await platform.settle();
  const subscription = aws.sns.subscriptions(topicArn).find((s) => s.endpoint === url);
  if (subscription?.status !== 'confirmed') {
    const last = aws.sns.deliveries().at(-1);
    throw new Error(`the app did not confirm the SNS subscription (last delivery: ${last ? `${last.status} ${last.response}` : 'none'})`);
  }
}
