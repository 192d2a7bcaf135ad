import type { Clock } from '../../../platform/clock';
import { AwsError } from '../../errors';
import type { IdGenerator } from '../../ids';

export type EnvironmentVariableType = 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';

export interface EnvironmentVariable {
  name: string;
  value: string;
  type: EnvironmentVariableType;
}

export interface CodeBuildProject {
  name: string;
  arn: string;
  accountId: string;
  description?: string;
  serviceRole: string;
  image: string;
  computeType: string;
  environmentVariables: EnvironmentVariable[];
  buildspec: string;
  /** Virtual seconds a build of this project runs; the model default when absent. */
  buildSeconds?: number;
  createdAtMs: number;
  lastBuildNumber: number;
}

export type BuildPhaseType =
  | 'SUBMITTED'
  | 'QUEUED'
  | 'PROVISIONING'
  | 'DOWNLOAD_SOURCE'
  | 'INSTALL'
  | 'PRE_BUILD'
  | 'BUILD'
  | 'POST_BUILD'
  | 'UPLOAD_ARTIFACTS'
  | 'FINALIZING'
  | 'COMPLETED';

export interface CodeBuildBuildRecord {
  id: string;
  arn: string;
  accountId: string;
  buildNumber: number;
  projectName: string;
  startedAtMs: number;
  durationSeconds: number;
  /** Set by failNextBuild: the BUILD phase fails. */
  fails: boolean;
  /** What StartBuild received, as received. */
  environmentVariablesOverride: EnvironmentVariable[];
  /** The project's variables with the overrides applied: what the build ran with. */
  environmentVariables: EnvironmentVariable[];
  initiator: string;
  sourceVersion?: string;
  timeoutInMinutes: number;
  /** StartBuild's idempotencyToken: repeated within 5 minutes, it returns this build. */
  idempotencyToken?: string;
}

export interface BuildPhaseView {
  phaseType: BuildPhaseType;
  phaseStatus?: 'SUCCEEDED' | 'FAILED';
  startTimeMs: number;
  endTimeMs?: number;
  durationInSeconds?: number;
  contexts?: { statusCode: string; message: string }[];
}

/** A build as it stands at the current virtual time. */
export interface CodeBuildBuildView extends CodeBuildBuildRecord {
  buildStatus: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  currentPhase: BuildPhaseType;
  buildComplete: boolean;
  endedAtMs?: number;
  phases: BuildPhaseView[];
}

export interface CodeBuildState {
  projects: CodeBuildProject[];
  builds: CodeBuildBuildRecord[];
  failNextBuilds: number;
  defaultBuildSeconds: number;
}

/** The phases a build passes through and the share of its run time each takes. */
const PHASES: [BuildPhaseType, number][] = [
  ['SUBMITTED', 0.02],
  ['QUEUED', 0.03],
  ['PROVISIONING', 0.15],
  ['DOWNLOAD_SOURCE', 0.05],
  ['INSTALL', 0.05],
  ['PRE_BUILD', 0.05],
  ['BUILD', 0.45],
  ['POST_BUILD', 0.1],
  ['UPLOAD_ARTIFACTS', 0.05],
  ['FINALIZING', 0.05],
];

/** CodeBuild keeps an idempotency token for 5 minutes. */
const IDEMPOTENCY_WINDOW_MS = 5 * 60_000;

/** CodeBuild errors carry a lower-case `message` and, lacking httpError traits, answer 400. */
export const codeBuildError = (code: string, message: string): AwsError => new AwsError(code, message, { status: 400 });

/**
 * CodeBuild projects and builds. A build runs on the virtual clock through CodeBuild's phases
 * and ends SUCCEEDED after its project's build time, or FAILED in the BUILD phase when
 * failNextBuild() was called. The view is computed from the clock whenever it is read.
 */
export class CodeBuildModel {
  private state: CodeBuildState;

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly region: string,
    options: { buildSeconds?: number } = {},
  ) {
    this.state = { projects: [], builds: [], failNextBuilds: 0, defaultBuildSeconds: options.buildSeconds ?? 60 };
  }

  createProject(input: {
    accountId: string;
    name: string;
    description?: string;
    environmentVariables?: EnvironmentVariable[];
    buildSeconds?: number;
    serviceRole?: string;
    image?: string;
    buildspec?: string;
  }): CodeBuildProject {
    if (this.state.projects.some((p) => p.accountId === input.accountId && p.name === input.name)) throw new Error(`CodeBuild project ${input.name} already exists`);
    const project: CodeBuildProject = {
      name: input.name,
      arn: `arn:aws:codebuild:${this.region}:${input.accountId}:project/${input.name}`,
      accountId: input.accountId,
      ...(input.description === undefined ? {} : { description: input.description }),
      serviceRole: input.serviceRole ?? `arn:aws:iam::${input.accountId}:role/service-role/codebuild-${input.name}-service-role`,
      image: input.image ?? 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
      environmentVariables: (input.environmentVariables ?? []).map((v) => ({ ...v })),
      buildspec: input.buildspec ?? 'version: 0.2\nphases:\n  build:\n    commands:\n      - ./baseline.sh\n',
      ...(input.buildSeconds === undefined ? {} : { buildSeconds: input.buildSeconds }),
      createdAtMs: this.clock.now(),
      lastBuildNumber: 0,
    };
    this.state.projects.push(project);
    return structuredClone(project);
  }

  projects(): CodeBuildProject[] {
    return structuredClone(this.state.projects);
  }

  project(name: string, accountId?: string): CodeBuildProject | undefined {
    const project = this.state.projects.find((p) => p.name === name && (accountId === undefined || p.accountId === accountId));
    return project ? structuredClone(project) : undefined;
  }

  /** The next build started fails in its BUILD phase (once per call). */
  failNextBuild(): void {
    this.state.failNextBuilds += 1;
  }

  setBuildSeconds(seconds: number): void {
    this.state.defaultBuildSeconds = seconds;
  }

  startBuild(input: {
    accountId: string;
    projectName: string;
    environmentVariablesOverride: EnvironmentVariable[];
    initiator: string;
    sourceVersion?: string;
    timeoutInMinutes?: number;
    idempotencyToken?: string;
  }): CodeBuildBuildView {
    const project = this.state.projects.find((p) => p.name === input.projectName && p.accountId === input.accountId);
    if (!project) {
      throw codeBuildError('ResourceNotFoundException', `Project cannot be found: arn:aws:codebuild:${this.region}:${input.accountId}:project/${input.projectName}`);
    }
    if (input.idempotencyToken !== undefined) {
      const repeated = this.state.builds.find(
        (b) => b.idempotencyToken === input.idempotencyToken && b.accountId === input.accountId && this.clock.now() - b.startedAtMs < IDEMPOTENCY_WINDOW_MS,
      );
      if (repeated && repeated.projectName !== input.projectName) {
        throw codeBuildError('IdempotentParameterMismatchException', 'The input for the idempotency token does not match the input of the original request.');
      }
      if (repeated) return this.view(repeated);
    }
    const overrides = new Map(input.environmentVariablesOverride.map((v) => [v.name, v]));
    const merged = [...project.environmentVariables.filter((v) => !overrides.has(v.name)), ...input.environmentVariablesOverride].map((v) => ({ ...v }));
    const fails = this.state.failNextBuilds > 0;
    if (fails) this.state.failNextBuilds -= 1;
    project.lastBuildNumber += 1;
    const id = `${project.name}:${this.ids.uuid()}`;
    const record: CodeBuildBuildRecord = {
      id,
      arn: `arn:aws:codebuild:${this.region}:${project.accountId}:build/${id}`,
      accountId: project.accountId,
      buildNumber: project.lastBuildNumber,
      projectName: project.name,
      startedAtMs: this.clock.now(),
      durationSeconds: project.buildSeconds ?? this.state.defaultBuildSeconds,
      fails,
      environmentVariablesOverride: input.environmentVariablesOverride.map((v) => ({ ...v })),
      environmentVariables: merged,
      initiator: input.initiator,
      ...(input.sourceVersion === undefined ? {} : { sourceVersion: input.sourceVersion }),
      timeoutInMinutes: input.timeoutInMinutes ?? 60,
      ...(input.idempotencyToken === undefined ? {} : { idempotencyToken: input.idempotencyToken }),
    };
    this.state.builds.push(record);
    return this.view(record);
  }

  builds(): CodeBuildBuildView[] {
    return this.state.builds.map((b) => this.view(b));
  }

  build(id: string): CodeBuildBuildView | undefined {
    const record = this.state.builds.find((b) => b.id === id);
    return record ? this.view(record) : undefined;
  }

  snapshot(): CodeBuildState {
    return structuredClone(this.state);
  }

  restore(state: CodeBuildState): void {
    this.state = structuredClone(state);
  }

  private view(record: CodeBuildBuildRecord): CodeBuildBuildView {
    const elapsed = this.clock.now() - record.startedAtMs;
    const totalMs = record.durationSeconds * 1000;
    const phases: BuildPhaseView[] = [];
    let offset = 0;
    let current: BuildPhaseType = 'COMPLETED';
    for (const [phaseType, share] of PHASES) {
      const start = offset;
      const end = phaseType === 'FINALIZING' ? totalMs : Math.round(offset + share * totalMs);
      offset = end;
      if (start > elapsed) break;
      if (end > elapsed) {
        phases.push({ phaseType, startTimeMs: record.startedAtMs + start });
        current = phaseType;
        break;
      }
      const failed = record.fails && phaseType === 'BUILD';
      phases.push({
        phaseType,
        phaseStatus: failed ? 'FAILED' : 'SUCCEEDED',
        startTimeMs: record.startedAtMs + start,
        endTimeMs: record.startedAtMs + end,
        durationInSeconds: Math.round((end - start) / 1000),
        contexts: failed
          ? [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: ./baseline.sh. Reason: exit status 1' }]
          : [{ statusCode: '', message: '' }],
      });
    }
    const complete = elapsed >= totalMs;
    if (complete) phases.push({ phaseType: 'COMPLETED', startTimeMs: record.startedAtMs + totalMs });
    return {
      ...structuredClone(record),
      buildStatus: complete ? (record.fails ? 'FAILED' : 'SUCCEEDED') : 'IN_PROGRESS',
      currentPhase: complete ? 'COMPLETED' : current,
      buildComplete: complete,
      ...(complete ? { endedAtMs: record.startedAtMs + totalMs } : {}),
      phases,
    };
  }
}
