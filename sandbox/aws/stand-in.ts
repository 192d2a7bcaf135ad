import { Hono } from 'hono';
import type { Clock } from '../platform/clock';
import { dispatch } from './dispatch';
import { IdGenerator } from './ids';
import type { AwsRequestLogEntry } from './request-log';
import { CodeBuildModel, type CodeBuildState } from './services/codebuild/model';
import { IamModel, type IamState } from './services/iam/model';
import { OrganizationsModel, type OrganizationsState } from './services/organizations/model';
import { createServices } from './services/registry';

export interface AwsStandInOptions {
  clock: Clock;
  /** The region regional services (STS, CodeBuild) live in; default us-east-1. */
  region?: string;
  /** Virtual seconds until a CreateAccount request settles; default 120. */
  accountCreationSeconds?: number;
  /** Accounts the organization may hold before CreateAccount fails ACCOUNT_LIMIT_EXCEEDED; default 10 (AWS's default quota). */
  accountLimit?: number;
  /** Organizations calls per virtual second before TooManyRequestsException; unlimited by default. */
  organizationsRequestsPerSecond?: number;
  /** Virtual seconds a CodeBuild build runs unless its project says otherwise; default 60. */
  codeBuildBuildSeconds?: number;
}

export interface AwsStandIn {
  /** One endpoint for every service; may be mounted under a path prefix (signatures are checked over the path received). */
  app: Hono;
  /** In-process entry for the platform's egress router, called with the original AWS URL. */
  handle(request: Request): Promise<Response>;
  iam: IamModel;
  organizations: OrganizationsModel;
  codebuild: CodeBuildModel;
  requestLog(): AwsRequestLogEntry[];
  /** The operations each service serves, e.g. `{ sts: ['AssumeRole', 'GetCallerIdentity'], … }`. */
  servedOperations(): Record<string, string[]>;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

interface AwsStandInSnapshot {
  version: 1;
  ids: number;
  iam: IamState;
  organizations: OrganizationsState;
  codebuild: CodeBuildState;
}

/** Builds the AWS stand-in: SigV4-verifying STS, Organizations and CodeBuild on the virtual clock. */
export function createAwsStandIn(options: AwsStandInOptions): AwsStandIn {
  const { clock } = options;
  const region = options.region ?? 'us-east-1';
  const ids = new IdGenerator();
  const iam = new IamModel(clock, ids);
  const organizations = new OrganizationsModel(clock, ids, iam, {
    accountCreationSeconds: options.accountCreationSeconds ?? 120,
    ...(options.accountLimit === undefined ? {} : { accountLimit: options.accountLimit }),
    ...(options.organizationsRequestsPerSecond === undefined ? {} : { requestsPerSecond: options.organizationsRequestsPerSecond }),
  });
  const codebuild = new CodeBuildModel(clock, ids, region, { buildSeconds: options.codeBuildBuildSeconds });
  const services = createServices({ clock, region, iam, organizations, codebuild });
  const log: AwsRequestLogEntry[] = [];

  const handle = (request: Request) => dispatch({ clock, ids, iam, services, region, log: (entry) => log.push(entry) }, request);
  const app = new Hono();
  app.all('*', (c) => handle(c.req.raw));

  return {
    app,
    handle,
    iam,
    organizations,
    codebuild,
    requestLog: () => log.map((entry) => ({ ...entry })),
    servedOperations: () => Object.fromEntries(services.map((s) => [s.name, Object.keys(s.operations)])),
    snapshot: (): AwsStandInSnapshot => ({
      version: 1,
      ids: ids.snapshot(),
      iam: iam.snapshot(),
      organizations: organizations.snapshot(),
      codebuild: codebuild.snapshot(),
    }),
    restore: (snapshot: unknown) => {
      const s = snapshot as Partial<AwsStandInSnapshot>;
      if (s?.version !== 1 || !s.iam || !s.organizations || !s.codebuild || typeof s.ids !== 'number') {
        throw new Error('not a snapshot of the AWS stand-in');
      }
      ids.restore(s.ids);
      iam.restore(s.iam);
      organizations.restore(s.organizations);
      codebuild.restore(s.codebuild);
    },
  };
}
