import type { AddressInfo } from 'node:net';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createAwsStandIn, seedAwsDemo, type AwsDemoSeed, type AwsStandIn, type AwsStandInOptions } from '../../../sandbox/aws';
import { installVirtualDate, VirtualClock } from '../../../sandbox/platform/clock';
import { inProcessHandler, type WireExchange } from './in-process-handler';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the SDK reaches the stand-in: in-process with real AWS URLs, or over HTTP on an ephemeral port. */
export type Transport = { kind: 'in-process' } | { kind: 'server'; endpoint: string };

export interface AwsHarness {
  clock: VirtualClock;
  aws: AwsStandIn;
  seed: AwsDemoSeed;
  /** Raw wire exchanges of in-process clients, oldest first. */
  exchanges: WireExchange[];
  sts(credentials: Credentials, transport?: Transport): STSClient;
  organizations(credentials: Credentials, transport?: Transport, maxAttempts?: number): OrganizationsClient;
  codebuild(credentials: Credentials, transport?: Transport): CodeBuildClient;
  /** Provisio's path in: its user keys → AssumeRole with the ExternalId → session credentials. */
  automationCredentials(transport?: Transport): Promise<Credentials>;
  /** Serves the stand-in's Hono app on 127.0.0.1, optionally under a path prefix. */
  listen(prefix?: string): Promise<Transport & { kind: 'server' }>;
  close(): Promise<void>;
}

export const START = Date.UTC(2026, 2, 2, 9, 0, 0);

/**
 * A seeded stand-in on a virtual clock, with the official SDK clients pointed at it. The SDK
 * reads time through Date, so Date is switched to the virtual clock as the sandbox does.
 */
export function createAwsHarness(options: Partial<AwsStandInOptions> = {}): AwsHarness {
  const clock = new VirtualClock(START);
  const restoreDate = installVirtualDate(clock);
  const aws = createAwsStandIn({ clock, ...options });
  const seed = seedAwsDemo(aws);
  const exchanges: WireExchange[] = [];
  const servers: ServerType[] = [];

  const config = (credentials: Credentials, transport: Transport = { kind: 'in-process' }) => ({
    region: 'us-east-1',
    credentials,
    ...(transport.kind === 'server'
      ? { endpoint: transport.endpoint }
      : { requestHandler: inProcessHandler((r) => aws.handle(r), (e) => exchanges.push(e)) }),
  });

  const harness: AwsHarness = {
    clock,
    aws,
    seed,
    exchanges,
    sts: (credentials, transport) => new STSClient(config(credentials, transport)),
    organizations: (credentials, transport, maxAttempts) =>
      new OrganizationsClient({ ...config(credentials, transport), ...(maxAttempts === undefined ? {} : { maxAttempts }) }),
    codebuild: (credentials, transport) => new CodeBuildClient(config(credentials, transport)),
    async automationCredentials(transport) {
      const out = await harness
        .sts(seed.provisio, transport)
        .send(new AssumeRoleCommand({ RoleArn: seed.automationRole.arn, RoleSessionName: 'provisio-test', ExternalId: seed.automationRole.externalId }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('AssumeRole returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    },
    async listen(prefix) {
      const app = prefix ? new Hono().route(prefix, aws.app) : aws.app;
      const server: ServerType = await new Promise((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      servers.push(server);
      return { kind: 'server', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix ?? ''}` };
    },
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      restoreDate();
    },
  };
  return harness;
}

export type SdkError = Error & { name: string; $metadata?: { httpStatusCode?: number }; [member: string]: unknown };

/** Runs a promise expected to fail and returns the SDK's error (name, $metadata, members). */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}
