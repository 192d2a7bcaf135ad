import { BatchGetBuildsCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsHarness } from './aws-harness';

/** Runs a call whose outcome (answer or error) only matters on the wire. */
async function attempt(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

/**
 * Calls every operation the stand-in serves, successfully and in its main failure modes, so
 * the wire answers can be checked against the models. Each call is recorded by the harness.
 */
export async function runConformanceScenario(h: AwsHarness): Promise<void> {
  const { seed } = h;
  const sts = h.sts(seed.provisio);
  await sts.send(new GetCallerIdentityCommand({}));
  await attempt(sts.send(new AssumeRoleCommand({ RoleArn: seed.automationRole.arn, RoleSessionName: 's1', ExternalId: 'wrong-id' })));
  await attempt(sts.send(new AssumeRoleCommand({ RoleArn: seed.automationRole.arn, RoleSessionName: 's1', ExternalId: seed.automationRole.externalId, DurationSeconds: 600 })));
  await sts.send(
    new AssumeRoleCommand({
      RoleArn: seed.automationRole.arn,
      RoleSessionName: 's2',
      ExternalId: seed.automationRole.externalId,
      SourceIdentity: 'alice',
      Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:*","Resource":"*"}]}',
      Tags: [{ Key: 'ticket', Value: 'PRV-1' }],
    }),
  );
  await attempt(h.sts({ ...seed.provisio, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})));
  const session = await h.automationCredentials();
  await h.sts(session).send(new GetCallerIdentityCommand({}));

  const orgs = h.organizations(session, undefined, 1);
  // What Provisio's role does not call (it allows exactly what Provisio calls) is exercised as the org admin.
  const admin = h.organizations(seed.orgAdmin, undefined, 1);
  const created = await orgs.send(new CreateAccountCommand({ Email: 'conformance@provisio-demo.example', AccountName: 'Conformance', Tags: [{ Key: 'k', Value: 'v' }] }));
  await attempt(orgs.send(new CreateAccountCommand({ Email: 'second@provisio-demo.example', AccountName: 'Second' })));
  await attempt(orgs.send(new CreateAccountCommand({ Email: 'bad', AccountName: 'Bad' })));
  const requestId = created.CreateAccountStatus?.Id;
  await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }));
  h.clock.advance(120_000);
  const done = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }));
  await attempt(orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' })));
  const failing = await orgs.send(new CreateAccountCommand({ Email: seed.takenEmail, AccountName: 'Taken' }));
  h.clock.advance(120_000);
  await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: failing.CreateAccountStatus?.Id }));
  await orgs.send(new ListCreateAccountStatusCommand({}));
  await orgs.send(new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'], MaxResults: 1 }));
  const accountId = done.CreateAccountStatus?.AccountId ?? '';

  await orgs.send(new ListAccountsCommand({ MaxResults: 2 }));
  await attempt(orgs.send(new ListAccountsCommand({ NextToken: 'forged' })));
  await admin.send(new DescribeAccountCommand({ AccountId: accountId }));
  await attempt(admin.send(new DescribeAccountCommand({ AccountId: '999999999999' })));
  await h.organizations(seed.orgAdmin).send(new DescribeOrganizationCommand({}));
  await attempt(orgs.send(new DescribeOrganizationCommand({})));
  await orgs.send(new ListRootsCommand({}));
  await orgs.send(new ListParentsCommand({ ChildId: accountId }));
  await orgs.send(new ListParentsCommand({ ChildId: seed.organizationalUnits.prod }));
  await attempt(orgs.send(new ListParentsCommand({ ChildId: '999999999999' })));
  await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: seed.rootId }));
  await attempt(orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-pr0v-zzzzzzzz' })));
  await orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: seed.organizationalUnits.sandbox }));
  await attempt(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-pr0v-zzzzzzzz' })));
  await admin.send(new ListAccountsForParentCommand({ ParentId: seed.rootId }));
  await orgs.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: seed.rootId, DestinationParentId: seed.organizationalUnits.sandbox }));
  for (const [source, destination] of [
    [seed.organizationalUnits.sandbox, 'ou-pr0v-zzzzzzzz'],
    ['ou-pr0v-zzzzzzzz', seed.rootId],
    [seed.organizationalUnits.sandbox, seed.organizationalUnits.sandbox],
  ] as const) {
    await attempt(orgs.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: source, DestinationParentId: destination })));
  }
  await orgs.send(new TagResourceCommand({ ResourceId: accountId, Tags: [{ Key: 'owner', Value: 'team-rocket' }] }));
  await attempt(orgs.send(new TagResourceCommand({ ResourceId: '999999999999', Tags: [{ Key: 'owner', Value: 'x' }] })));
  await admin.send(new ListTagsForResourceCommand({ ResourceId: accountId }));
  await attempt(orgs.send(new UntagResourceCommand({ ResourceId: accountId, TagKeys: ['owner'] })));
  await h.organizations(seed.orgAdmin).send(new UntagResourceCommand({ ResourceId: accountId, TagKeys: ['owner'] }));
  await attempt(h.organizations({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, undefined, 1).send(new ListRootsCommand({})));
  h.aws.organizations.setRequestRateLimit(0);
  await attempt(orgs.send(new ListRootsCommand({})));
  h.aws.organizations.setRequestRateLimit(undefined);

  const codebuild = h.codebuild(session);
  h.aws.codebuild.failNextBuild();
  const failed = await codebuild.send(new StartBuildCommand({ projectName: 'account-baseline', environmentVariablesOverride: [{ name: 'TARGET_ACCOUNT_ID', value: accountId, type: 'PLAINTEXT' }] }));
  const succeeded = await codebuild.send(new StartBuildCommand({ projectName: 'account-baseline', sourceVersion: 'main', timeoutInMinutesOverride: 30 }));
  await attempt(codebuild.send(new StartBuildCommand({ projectName: 'nope' })));
  await attempt(codebuild.send(new StartBuildCommand({ projectName: 'account-baseline', timeoutInMinutesOverride: 1 })));
  const ids = [failed.build?.id ?? '', succeeded.build?.id ?? '', 'account-baseline:00000000-0000-4000-a000-000000000000'];
  h.clock.advance(30_000);
  await codebuild.send(new BatchGetBuildsCommand({ ids }));
  h.clock.advance(30_000);
  await codebuild.send(new BatchGetBuildsCommand({ ids }));
}
