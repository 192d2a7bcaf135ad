import { AwsError } from '../../errors';
import { InputReader } from '../../input';
import { awsJsonProtocol } from '../../protocols/aws-json';
import { timestamp, type OperationOutput } from '../../protocols/values';
import type { OperationHandler, ServiceDefinition } from '../service';
import { codeBuildError, type CodeBuildBuildView, type CodeBuildModel, type EnvironmentVariableType } from './model';

const ENV_TYPES: readonly EnvironmentVariableType[] = ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'];
const read = (input: Record<string, unknown>) => new InputReader(input, (problem) => codeBuildError('InvalidInputException', problem.message));

/** The Build structure of the CodeBuild API for a build as it stands now. */
function buildOut(build: CodeBuildBuildView, model: CodeBuildModel, region: string): OperationOutput {
  const project = model.project(build.projectName, build.accountId);
  const stream = build.id.split(':')[1] ?? build.id;
  const group = `/aws/codebuild/${build.projectName}`;
  return {
    id: build.id,
    arn: build.arn,
    buildNumber: build.buildNumber,
    startTime: timestamp(build.startedAtMs),
    endTime: build.endedAtMs === undefined ? undefined : timestamp(build.endedAtMs),
    currentPhase: build.currentPhase,
    buildStatus: build.buildStatus,
    sourceVersion: build.sourceVersion,
    projectName: build.projectName,
    phases: build.phases.map((p) => ({
      phaseType: p.phaseType,
      phaseStatus: p.phaseStatus,
      startTime: timestamp(p.startTimeMs),
      endTime: p.endTimeMs === undefined ? undefined : timestamp(p.endTimeMs),
      durationInSeconds: p.durationInSeconds,
      contexts: p.contexts,
    })),
    source: { type: 'NO_SOURCE', buildspec: project?.buildspec },
    secondarySources: [],
    secondarySourceVersions: [],
    artifacts: { location: '' },
    secondaryArtifacts: [],
    cache: { type: 'NO_CACHE' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: project?.image ?? 'aws/codebuild/standard:7.0',
      computeType: project?.computeType ?? 'BUILD_GENERAL1_SMALL',
      environmentVariables: build.environmentVariables.map((v) => ({ name: v.name, value: v.value, type: v.type })),
      privilegedMode: false,
      imagePullCredentialsType: 'CODEBUILD',
    },
    serviceRole: project?.serviceRole,
    logs: {
      groupName: group,
      streamName: stream,
      deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logEvent:group=${encodeURIComponent(group)};stream=${stream}`,
      cloudWatchLogsArn: `arn:aws:logs:${region}:${build.accountId}:log-group:${group}:log-stream:${stream}`,
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs: { status: 'DISABLED', encryptionDisabled: false },
    },
    timeoutInMinutes: build.timeoutInMinutes,
    queuedTimeoutInMinutes: 480,
    buildComplete: build.buildComplete,
    initiator: build.initiator,
    encryptionKey: `arn:aws:kms:${region}:${build.accountId}:alias/aws/s3`,
  };
}

/** AWS CodeBuild (awsJson1_1, target prefix CodeBuild_20161006): StartBuild and BatchGetBuilds. */
export function codeBuildService(model: CodeBuildModel, region: string): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {
    StartBuild: (input, call) => {
      const r = read(input);
      const projectName = r.requiredString('projectName', { min: 1 });
      const overrides = (r.structList('environmentVariablesOverride') ?? []).map((v) => ({
        name: v.requiredString('name', { min: 1 }),
        value: v.requiredString('value'),
        type: (v.string('type', { enum: ENV_TYPES }) ?? 'PLAINTEXT') as EnvironmentVariableType,
      }));
      const sourceVersion = r.string('sourceVersion');
      const timeoutInMinutes = r.integer('timeoutInMinutesOverride', { min: 5, max: 2160 });
      const idempotencyToken = r.string('idempotencyToken');
      // Projects live in the stand-in's region; from any other region they do not exist.
      if (call.region !== region) {
        throw codeBuildError('ResourceNotFoundException', `Project cannot be found: arn:aws:codebuild:${call.region}:${call.principal.accountId}:project/${projectName}`);
      }
      const build = model.startBuild({
        accountId: call.principal.accountId,
        projectName,
        environmentVariablesOverride: overrides,
        initiator: call.principal.displayName,
        ...(sourceVersion === undefined ? {} : { sourceVersion }),
        ...(timeoutInMinutes === undefined ? {} : { timeoutInMinutes }),
        ...(idempotencyToken === undefined ? {} : { idempotencyToken }),
      });
      return { build: buildOut(build, model, region) };
    },

    BatchGetBuilds: (input, call) => {
      const ids = read(input).stringList('ids', { min: 1, minItems: 1, maxItems: 100 });
      if (ids === undefined) read(input).requiredString('ids');
      const found: OperationOutput[] = [];
      const notFound: string[] = [];
      for (const id of ids ?? []) {
        const build = model.build(id);
        if (build && build.accountId === call.principal.accountId && call.region === region) found.push(buildOut(build, model, region));
        else notFound.push(id);
      }
      return { builds: found, buildsNotFound: notFound };
    },
  };

  return {
    name: 'codebuild',
    endpointPrefix: 'codebuild',
    signingName: 'codebuild',
    actionPrefix: 'codebuild',
    protocol: awsJsonProtocol({ targetPrefix: 'CodeBuild_20161006' }),
    operations,
    accessDenied: (principal, action, input, call) => {
      const project = typeof input.projectName === 'string' ? input.projectName : '*';
      return new AwsError(
        'AccessDeniedException',
        `User: ${principal.arn} is not authorized to perform: ${action} on resource: arn:aws:codebuild:${call.region}:${principal.accountId}:project/${project} because no identity-based policy allows the ${action} action`,
        { status: 400 },
      );
    },
  };
}
