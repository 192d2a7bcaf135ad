import { BatchGetBuildsCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';

/**
 * Every AWS SDK command Provisio sends, in one place: the adapters send nothing else (a test
 * checks their source), and the IAM actions the role needs are derived from this list, so
 * infra/provisio-role.yaml can be checked against the code.
 */
export const ROLE_COMMANDS = {
  organizations: [
    CreateAccountCommand,
    DescribeCreateAccountStatusCommand,
    ListCreateAccountStatusCommand,
    ListAccountsCommand,
    DescribeOrganizationCommand,
    ListRootsCommand,
    ListParentsCommand,
    ListOrganizationalUnitsForParentCommand,
    DescribeOrganizationalUnitCommand,
    MoveAccountCommand,
    TagResourceCommand,
  ],
  codebuild: [StartBuildCommand, BatchGetBuildsCommand],
} as const;

/** What the long-term IAM user itself may do: only assume the role. */
export const CALLER_COMMANDS = { sts: [AssumeRoleCommand] } as const;

/**
 * Calls Provisio signs itself (SigV4 over fetch) to the customer's own baseline endpoint:
 * API Gateway with IAM auth, or a Lambda function URL with AWS_IAM auth.
 */
export const SIGNED_HTTP_ACTIONS = {
  'execute-api': 'execute-api:Invoke',
  lambda: 'lambda:InvokeFunctionUrl',
} as const;

/**
 * A command class's IAM action, read from the SDK's own operation schema
 * (`[kind, 'com.amazonaws.organizations', 'CreateAccount', …]`), not from its class name.
 */
export function iamActionOf(command: new (input: never) => unknown): string {
  const schema = (new command({} as never) as { schema?: unknown }).schema;
  if (!Array.isArray(schema) || typeof schema[1] !== 'string' || typeof schema[2] !== 'string') throw new Error(`${command.name} carries no operation schema`);
  return `${schema[1].split('.').at(-1)}:${schema[2]}`;
}

/** The actions the role's policy must allow, sorted. */
export function roleActions(): string[] {
  const sdk = Object.values(ROLE_COMMANDS).flatMap((commands) => commands.map((c) => iamActionOf(c as unknown as new (input: never) => unknown)));
  return [...sdk, ...Object.values(SIGNED_HTTP_ACTIONS)].sort();
}

export function callerActions(): string[] {
  return CALLER_COMMANDS.sts.map((c) => iamActionOf(c as unknown as new (input: never) => unknown)).sort();
}
