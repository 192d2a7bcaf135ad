import { Hono } from 'hono';
import type { Clock } from '../platform/clock';
import { recordApiCalls, type CloudTrailRecord } from './cloudtrail';
import { BaselineBackends, type BackendsState } from './backends';
import { dispatch } from './dispatch';
import { EventBridgeModel, type EventBridgeState } from './eventbridge';
import { IdGenerator } from './ids';
import type { AwsRequestLogEntry } from './request-log';
import { CodeBuildModel, type CodeBuildState } from './services/codebuild/model';
import { IamModel, type IamState } from './services/iam/model';
import { OrganizationsModel, type OrganizationsState } from './services/organizations/model';
import { createServices } from './services/registry';
import { SecretsManagerModel, type SecretsManagerState } from './services/secretsmanager/model';
import { SnsModel, type SnsState } from './services/sns/model';
import { snsAnonymousRequest } from './services/sns/anonymous';
import { IdentityCenterModel, type IdentityCenterState } from './services/sso-admin/model';
import { S3Model, type S3State } from './services/s3/model';

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
  /** Runs deferred work (CloudTrail → EventBridge, SNS deliveries) at a virtual time; the sandbox passes its timeline. */
  schedule?: (dueAt: number, label: string, run: () => Promise<void>) => void;
  /** The HTTP client SNS delivers with; without one, deliveries fail with a 502 (nothing leaves the process). */
  deliverHttp?: (url: string, init: RequestInit) => Promise<Response>;
  /** Virtual seconds between an API call and its CloudTrail event reaching EventBridge; default 0. */
  cloudTrailDelaySeconds?: number;
  /** Virtual seconds until an Identity Center account assignment (create or delete) settles; default 2. */
  identityCenterAssignmentSeconds?: number;
}

export interface AwsStandIn {
  /** One endpoint for every service; may be mounted under a path prefix (signatures are checked over the path received). */
  app: Hono;
  /** In-process entry for the platform's egress router, called with the original AWS URL. */
  handle(request: Request): Promise<Response>;
  iam: IamModel;
  organizations: OrganizationsModel;
  codebuild: CodeBuildModel;
  secretsmanager: SecretsManagerModel;
  sns: SnsModel;
  eventbridge: EventBridgeModel;
  /** IAM Identity Center (SSO Admin and the identity store). */
  identityCenter: IdentityCenterModel;
  /** S3 buckets and objects (the Jira → S3 export writes here). */
  s3: S3Model;
  /** CloudTrail records of the calls made so far (management events, newest last). */
  cloudTrail(): CloudTrailRecord[];
  /** Customer baseline backends (API Gateway, Lambda function URLs) with IAM auth. */
  backends: BaselineBackends;
  requestLog(): AwsRequestLogEntry[];
  /** Calls `listener` with every answered request as it is answered (tests use it to act at an exact call). */
  observe(listener: (entry: AwsRequestLogEntry) => void): () => void;
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
  secretsmanager?: SecretsManagerState;
  identityCenter?: IdentityCenterState;
  s3?: S3State;
  sns?: SnsState;
  eventbridge?: EventBridgeState;
  backends?: BackendsState;
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
  const schedule =
    options.schedule ??
    ((dueAt: number, _label: string, run: () => Promise<void>) => {
      setTimeout(() => void run(), Math.max(0, dueAt - clock.now())).unref();
    });
  const secretsmanager = new SecretsManagerModel(clock, ids);
  const s3 = new S3Model(clock);
  const identityCenter = new IdentityCenterModel(clock, ids, { assignmentSeconds: options.identityCenterAssignmentSeconds ?? 2 });
  // Without an HTTP client nothing leaves the process: deliveries fail (and are logged) instead.
  const noDelivery = async () => new Response('the AWS stand-in has no HTTP client for SNS deliveries', { status: 502 });
  const sns = new SnsModel({ clock, ids, schedule, send: options.deliverHttp ?? noDelivery });
  // EventBridge targets: SNS topics whose policy lets events.amazonaws.com publish.
  const eventbridge = new EventBridgeModel(clock, ids, (targetArn, event) => {
    if (!targetArn.startsWith('arn:aws:sns:') || !sns.allowsServicePublish(targetArn, 'events.amazonaws.com')) return false;
    sns.publish({ topicArn: targetArn, message: JSON.stringify(event), publisher: 'events.amazonaws.com' });
    return true;
  });
  const trail: CloudTrailRecord[] = [];
  const toCloudTrail = (record: CloudTrailRecord) => {
    trail.push(record);
    if (trail.length > 1000) trail.splice(0, trail.length - 1000);
    const source = `aws.${record.eventSource.split('.')[0]}`;
    schedule(clock.now() + (options.cloudTrailDelaySeconds ?? 0) * 1000, `CloudTrail ${record.eventName} → EventBridge`, async () => {
      eventbridge.fromCloudTrail(record, source);
    });
  };
  const services = createServices({
    clock,
    region,
    iam,
    organizations,
    codebuild,
    secretsmanager,
    sns,
    identityCenter,
    s3,
    recordApiCalls: (operations, spec) => recordApiCalls(operations, spec, { iam, ids, sink: toCloudTrail }),
  });
  const log: AwsRequestLogEntry[] = [];
  const backends = new BaselineBackends(clock, ids, iam);
  const listeners = new Set<(entry: AwsRequestLogEntry) => void>();
  const record = (entry: AwsRequestLogEntry) => {
    log.push(entry);
    for (const listener of listeners) listener({ ...entry });
  };

  const handle = async (request: Request) =>
    BaselineBackends.serves(new URL(request.url).hostname)
      ? backends.handle(request, record)
      : ((await snsAnonymousRequest(sns, request, (entry) => log.push({ ...entry, atMs: clock.now() }))) ??
        dispatch({ clock, ids, iam, services, region, log: record }, request));
  const app = new Hono();
  app.all('*', (c) => handle(c.req.raw));

  return {
    app,
    handle,
    iam,
    organizations,
    codebuild,
    secretsmanager,
    sns,
    eventbridge,
    identityCenter,
    s3,
    cloudTrail: () => structuredClone(trail),
    backends,
    requestLog: () => log.map((entry) => ({ ...entry })),
    observe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    servedOperations: () => Object.fromEntries(services.map((s) => [s.name, Object.keys(s.operations)])),
    snapshot: (): AwsStandInSnapshot => ({
      version: 1,
      ids: ids.snapshot(),
      iam: iam.snapshot(),
      organizations: organizations.snapshot(),
      codebuild: codebuild.snapshot(),
      secretsmanager: secretsmanager.snapshot(),
      identityCenter: identityCenter.snapshot(),
      s3: s3.snapshot(),
      sns: sns.snapshot(),
      eventbridge: eventbridge.snapshot(),
      backends: backends.snapshot(),
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
      if (s.secretsmanager) secretsmanager.restoreState(s.secretsmanager);
      if (s.identityCenter) identityCenter.restore(s.identityCenter);
      if (s.s3) s3.restore(s.s3);
      if (s.sns) sns.restore(s.sns);
      if (s.eventbridge) eventbridge.restore(s.eventbridge);
      backends.restore(s.backends);
    },
  };
}
