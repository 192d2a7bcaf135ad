import { BatchGetBuildsCommand, CodeBuildClient, ResourceNotFoundException, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { createAwsHarness, sdkError, type AwsHarness } from './helpers/aws-harness';
import { inProcessHandler } from './helpers/in-process-handler';

describe('AWS stand-in: CodeBuild through the official SDK', () => {
  let h: AwsHarness;
  let codebuild: CodeBuildClient;
  beforeEach(async () => {
    h = createAwsHarness();
    codebuild = h.codebuild(await h.automationCredentials());
  });
  afterEach(() => h.close());

  const start = () =>
    codebuild.send(
      new StartBuildCommand({
        projectName: 'account-baseline',
        environmentVariablesOverride: [
          { name: 'TARGET_ACCOUNT_ID', value: '555555555555', type: 'PLAINTEXT' },
          { name: 'JIRA_ISSUE', value: 'PRV-42', type: 'PLAINTEXT' },
        ],
      }),
    );

  test('a build runs IN_PROGRESS through its phases to SUCCEEDED on the clock, with the env vars it received recorded', async () => {
    const started = (await start()).build;
    expect(started).toMatchObject({ projectName: 'account-baseline', buildStatus: 'IN_PROGRESS', buildNumber: 1, buildComplete: false, initiator: 'ProvisioAutomation/provisio-test' });
    expect(started?.id).toMatch(/^account-baseline:[0-9a-f-]{36}$/);
    expect(started?.arn).toBe(`arn:aws:codebuild:us-east-1:111111111111:build/${started?.id}`);
    expect(started?.environment?.environmentVariables).toEqual([
      { name: 'BASELINE_VERSION', value: '2026.1', type: 'PLAINTEXT' },
      { name: 'TARGET_ACCOUNT_ID', value: '555555555555', type: 'PLAINTEXT' },
      { name: 'JIRA_ISSUE', value: 'PRV-42', type: 'PLAINTEXT' },
    ]);

    h.clock.advance(30_000);
    const midway = (await codebuild.send(new BatchGetBuildsCommand({ ids: [started?.id ?? ''] }))).builds?.[0];
    expect(midway).toMatchObject({ buildStatus: 'IN_PROGRESS', currentPhase: 'BUILD' });
    expect(midway?.phases?.map((p) => [p.phaseType, p.phaseStatus])).toEqual([
      ['SUBMITTED', 'SUCCEEDED'],
      ['QUEUED', 'SUCCEEDED'],
      ['PROVISIONING', 'SUCCEEDED'],
      ['DOWNLOAD_SOURCE', 'SUCCEEDED'],
      ['INSTALL', 'SUCCEEDED'],
      ['PRE_BUILD', 'SUCCEEDED'],
      ['BUILD', undefined],
    ]);

    h.clock.advance(30_000);
    const done = (await codebuild.send(new BatchGetBuildsCommand({ ids: [started?.id ?? ''] }))).builds?.[0];
    expect(done).toMatchObject({ buildStatus: 'SUCCEEDED', currentPhase: 'COMPLETED', buildComplete: true });
    expect((done?.endTime?.getTime() ?? 0) - (done?.startTime?.getTime() ?? 0)).toBe(60_000);
    expect(done?.phases?.at(-1)?.phaseType).toBe('COMPLETED');

    const recorded = h.aws.codebuild.build(started?.id ?? '');
    expect(recorded?.environmentVariablesOverride).toEqual([
      { name: 'TARGET_ACCOUNT_ID', value: '555555555555', type: 'PLAINTEXT' },
      { name: 'JIRA_ISSUE', value: 'PRV-42', type: 'PLAINTEXT' },
    ]);
  });

  test('failNextBuild makes the next build FAILED in its BUILD phase', async () => {
    h.aws.codebuild.failNextBuild();
    const failing = (await start()).build;
    const next = (await start()).build;
    h.clock.advance(60_000);
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [failing?.id ?? '', next?.id ?? ''] }));
    expect(builds?.map((b) => b.buildStatus)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(builds?.[0]?.phases?.find((p) => p.phaseType === 'BUILD')).toMatchObject({
      phaseStatus: 'FAILED',
      contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR' }],
    });
  });

  test('StartBuild of a project that does not exist → ResourceNotFoundException; unknown build ids are buildsNotFound', async () => {
    const error = await sdkError(codebuild.send(new StartBuildCommand({ projectName: 'nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('Project cannot be found: arn:aws:codebuild:us-east-1:111111111111:project/nope');
    await expect(codebuild.send(new BatchGetBuildsCommand({ ids: ['account-baseline:00000000-0000-4000-a000-000000000000'] }))).resolves.toMatchObject({
      builds: [],
      buildsNotFound: ['account-baseline:00000000-0000-4000-a000-000000000000'],
    });
  });

  test('a session without codebuild:StartBuild is refused with AccessDeniedException', async () => {
    h.aws.iam.setRoleAllowedActions(h.seed.automationRole.arn, ['codebuild:BatchGetBuilds']);
    const error = await sdkError(start());
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toContain('is not authorized to perform: codebuild:StartBuild on resource: arn:aws:codebuild:us-east-1:111111111111:project/account-baseline');
  });

  test('projects live in the stand-in region: from another region they cannot be found', async () => {
    const elsewhere = new CodeBuildClient({ region: 'eu-west-1', credentials: h.seed.orgAdmin, requestHandler: inProcessHandler((r) => h.aws.handle(r)) });
    expect(await sdkError(elsewhere.send(new StartBuildCommand({ projectName: 'account-baseline' })))).toBeInstanceOf(ResourceNotFoundException);
  });

  test('over HTTP on an ephemeral port as well', async () => {
    const server = await h.listen();
    const client = h.codebuild(h.seed.orgAdmin, server);
    const build = (await client.send(new StartBuildCommand({ projectName: 'account-baseline' }))).build;
    expect(build).toMatchObject({ buildStatus: 'IN_PROGRESS', initiator: 'org-admin' });
  });
});
