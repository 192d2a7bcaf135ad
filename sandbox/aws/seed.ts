import type { AwsStandIn } from './stand-in';

/**
 * The actions Provisio calls; the automation role allows exactly these (as does
 * infra/provisio-role.yaml; a test derives the list from the app's command registry and checks all three agree).
 */
export const PROVISIO_AUTOMATION_ACTIONS: readonly string[] = [
  'organizations:CreateAccount',
  'organizations:DescribeCreateAccountStatus',
  'organizations:ListCreateAccountStatus',
  'organizations:ListAccounts',
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListParents',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:DescribeOrganizationalUnit',
  'organizations:MoveAccount',
  'organizations:TagResource',
  'codebuild:StartBuild',
  'codebuild:BatchGetBuilds',
  'execute-api:Invoke',
  'lambda:InvokeFunctionUrl',
];

export interface AwsDemoKeys {
  userName: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsDemoSeed {
  region: string;
  managementAccountId: string;
  organizationId: string;
  rootId: string;
  organizationalUnits: { workloads: string; prod: string; nonProd: string; sandbox: string; security: string };
  accounts: { management: string; securityTooling: string; paymentsProd: string; paymentsNonProd: string };
  /** An address an existing account owns: CreateAccount with it fails EMAIL_ALREADY_EXISTS. */
  takenEmail: string;
  /** May do everything; for inspection. */
  orgAdmin: AwsDemoKeys;
  /** Provisio's long-term keys: they may only assume the automation role. */
  provisio: AwsDemoKeys;
  automationRole: { arn: string; externalId: string; allowedActions: string[]; maxSessionDurationSeconds: number };
  codeBuildProject: { name: string; arn: string };
  /** A customer's own baseline backends with IAM auth (the alternative to CodeBuild). */
  baselineBackends: { apiGateway: string; lambdaUrl: string };
}

const MANAGEMENT = '111111111111';
const DOMAIN = 'provisio-demo.example';

/**
 * Seeds the demo organization: management account 111111111111 with root r-pr0v, OUs
 * Workloads (→ Prod, NonProd), Sandbox and Security, three member accounts, an org admin, the
 * Provisio IAM user with its automation role (trusted with an ExternalId), the CodeBuild
 * project `account-baseline`, and an API Gateway and a Lambda function URL baseline backend.
 */
export function seedAwsDemo(aws: AwsStandIn): AwsDemoSeed {
  const org = aws.organizations;
  const organization = org.createOrganization({
    managementAccountId: MANAGEMENT,
    managementAccountEmail: `aws-management@${DOMAIN}`,
    managementAccountName: 'Provisio Demo Management',
    organizationId: 'o-pr0v1s10dm',
    rootId: 'r-pr0v',
  });
  const rootId = org.requireOrganization().root.id;
  const workloads = org.createOrganizationalUnit({ parentId: rootId, name: 'Workloads' });
  const prod = org.createOrganizationalUnit({ parentId: workloads.id, name: 'Prod' });
  const nonProd = org.createOrganizationalUnit({ parentId: workloads.id, name: 'NonProd' });
  const sandbox = org.createOrganizationalUnit({ parentId: rootId, name: 'Sandbox' });
  const security = org.createOrganizationalUnit({ parentId: rootId, name: 'Security' });

  const takenEmail = `taken@${DOMAIN}`;
  const securityTooling = org.addAccount({ id: '222222222222', name: 'Security Tooling', email: `security-tooling@${DOMAIN}`, parentId: security.id, joinedMethod: 'CREATED' });
  const paymentsProd = org.addAccount({ id: '333333333333', name: 'Payments Prod', email: `payments-prod@${DOMAIN}`, parentId: prod.id, joinedMethod: 'CREATED' });
  const paymentsNonProd = org.addAccount({ id: '444444444444', name: 'Payments NonProd', email: takenEmail, parentId: nonProd.id, joinedMethod: 'CREATED' });

  const keysFor = (userName: string, allowedActions: string[]): AwsDemoKeys => {
    const user = aws.iam.createUser({ accountId: MANAGEMENT, userName, allowedActions });
    const key = aws.iam.createAccessKey(user.arn);
    return { userName, arn: user.arn, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  };
  const orgAdmin = keysFor('org-admin', ['*']);
  const provisio = keysFor('provisio', ['sts:AssumeRole']);
  const externalId = 'provisio-demo-5f0c2a9e';
  const role = aws.iam.createRole({
    accountId: MANAGEMENT,
    roleName: 'ProvisioAutomation',
    trustedPrincipalArns: [provisio.arn],
    externalId,
    allowedActions: [...PROVISIO_AUTOMATION_ACTIONS],
    maxSessionDurationSeconds: 3600,
  });

  const project = aws.codebuild.createProject({
    accountId: MANAGEMENT,
    name: 'account-baseline',
    description: 'Applies the account baseline (guardrails, logging, budgets) to a newly vended account',
    environmentVariables: [{ name: 'BASELINE_VERSION', value: '2026.1', type: 'PLAINTEXT' }],
  });

  const region = project.arn.split(':')[3] ?? 'us-east-1';
  const apiGateway = aws.backends.create({ kind: 'api-gateway', region, accountId: MANAGEMENT });
  const lambdaUrl = aws.backends.create({ kind: 'lambda-url', region, accountId: MANAGEMENT });

  return {
    region,
    managementAccountId: MANAGEMENT,
    organizationId: organization.id,
    rootId,
    organizationalUnits: { workloads: workloads.id, prod: prod.id, nonProd: nonProd.id, sandbox: sandbox.id, security: security.id },
    accounts: { management: MANAGEMENT, securityTooling: securityTooling.id, paymentsProd: paymentsProd.id, paymentsNonProd: paymentsNonProd.id },
    takenEmail,
    orgAdmin,
    provisio,
    automationRole: { arn: role.arn, externalId, allowedActions: [...role.allowedActions], maxSessionDurationSeconds: role.maxSessionDurationSeconds },
    codeBuildProject: { name: project.name, arn: project.arn },
    baselineBackends: { apiGateway: apiGateway.url, lambdaUrl: lambdaUrl.url },
  };
}
