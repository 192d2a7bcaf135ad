import type { Clock } from '../platform/clock';
import { authError } from './auth-errors';
import { AwsError, internalFailure } from './errors';
import type { IdGenerator } from './ids';
import type { ParsedCall, ResponseParts } from './protocols/protocol';
import type { AwsRequestLogEntry } from './request-log';
import type { IamModel, IamPrincipal } from './services/iam/model';
import type { ServiceDefinition } from './services/service';
import { SigV4Error } from './sigv4/errors';
import { parseSigV4Claims } from './sigv4/parse-authorization';
import { headerValue, receivedFromFetch, type ReceivedRequest } from './sigv4/received-request';
import { verifySigV4 } from './sigv4/verify';

export interface DispatchContext {
  clock: Clock;
  ids: IdGenerator;
  iam: IamModel;
  services: readonly ServiceDefinition[];
  /** The stand-in's region (regional services answer for it on non-AWS hosts). */
  region: string;
  log(entry: AwsRequestLogEntry): void;
}

interface Target {
  service: ServiceDefinition;
  /** The region named by an AWS host (`sts.eu-west-1.amazonaws.com`). */
  hostRegion?: string;
}

/**
 * Serves one request: find the service (by AWS host name, else by the signature's service
 * name, else by the protocol's own markers), verify SigV4 against the clock, throttle,
 * authorise against the caller's policy, run the operation and answer in the service's
 * protocol. Every answer, error or not, is logged.
 */
export async function dispatch(ctx: DispatchContext, request: Request): Promise<Response> {
  const received = await receivedFromFetch(request);
  const requestId = ctx.ids.uuid();
  const target = findService(ctx.services, new URL(request.url).hostname, received);
  if (!target) {
    ctx.log({ service: '', action: '', principalArn: '', status: 404, errorCode: 'UnknownService', atMs: ctx.clock.now() });
    return new Response(JSON.stringify({ message: `the AWS stand-in serves no service at ${new URL(request.url).host}` }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  }
  const { service } = target;
  let parsed: ParsedCall | AwsError;
  try {
    parsed = service.protocol.parse(received);
  } catch (error) {
    parsed = toAwsError(error);
  }
  const operation = parsed instanceof AwsError ? '' : parsed.operation;
  let principal: IamPrincipal | undefined;
  let parts: ResponseParts;
  let errorCode: string | undefined;
  try {
    const region = service.signingRegion ?? target.hostRegion ?? ctx.region;
    const verified = await verifySigV4(received, {
      nowMs: ctx.clock.now(),
      normalizePath: service.normalizePath ?? true,
      expectedScope: { region, service: service.signingName },
      resolve: (accessKeyId, token) => ctx.iam.authenticate(accessKeyId, token),
    });
    principal = verified.credentials.principal;
    if (parsed instanceof AwsError) throw parsed;
    const handler = Object.hasOwn(service.operations, parsed.operation) ? service.operations[parsed.operation] : undefined;
    if (!handler) {
      throw service.protocol.family === 'awsJson'
        ? new AwsError('UnknownOperationException', `Unknown operation ${parsed.operation}`, { status: 400 })
        : new AwsError('InvalidAction', `Could not find operation ${parsed.operation}`, { status: 400 });
    }
    service.admit?.(parsed.operation);
    const call = {
      principal,
      nowMs: ctx.clock.now(),
      requestId,
      region,
      accessKeyId: verified.claims.accessKeyId,
      ...connectionOf(received),
    };
    const actions = [service.iamAction?.(parsed.operation) ?? `${service.actionPrefix}:${parsed.operation}`, ...(service.extraActions?.(parsed.operation, parsed.input) ?? [])];
    for (const action of actions) {
      if (!ctx.iam.isAllowed(principal, action) && !service.resourcePolicyAllows?.(principal, action, parsed.input)) throw service.accessDenied(principal, action, parsed.input, call);
    }
    service.authorize?.(principal, parsed.operation);
    parts = service.protocol.success(parsed.operation, await handler(parsed.input, call), requestId);
  } catch (error) {
    const awsError = error instanceof SigV4Error ? authError(service.protocol.family, error.kind, error.message) : toAwsError(error);
    errorCode = awsError.code;
    parts = service.protocol.error(awsError, requestId);
  }
  ctx.log({
    service: service.name,
    action: operation,
    principalArn: principal?.arn ?? '',
    status: parts.status,
    ...(errorCode === undefined ? {} : { errorCode }),
    atMs: ctx.clock.now(),
  });
  return new Response(parts.body, {
    status: parts.status,
    headers: {
      ...parts.headers,
      'x-amzn-RequestId': requestId,
      // The SDK corrects its clock from this header, so it must be virtual time.
      date: new Date(ctx.clock.now()).toUTCString(),
    },
  });
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  console.error('AWS stand-in: operation failed unexpectedly', error);
  return internalFailure();
}

const AWS_HOST = /^([a-z0-9-]+)(?:\.([a-z]{2}(?:-[a-z]+)+-\d))?\.amazonaws\.com$/;

function findService(services: readonly ServiceDefinition[], hostname: string, received: ReceivedRequest): Target | undefined {
  const host = AWS_HOST.exec(hostname);
  if (host) {
    const service = services.find((s) => s.endpointPrefix === host[1]);
    // A host without a region (sts.amazonaws.com) is a global endpoint, signed for us-east-1.
    return service ? { service, hostRegion: host[2] ?? 'us-east-1' } : undefined;
  }
  // Not an AWS host (the stand-in served on localhost): the signature names the service...
  try {
    const signingName = parseSigV4Claims(received).scope.service;
    const service = services.find((s) => s.signingName === signingName);
    if (service) return { service };
  } catch {
    // ...and without a readable signature, the protocol's markers do.
  }
  const service = services.find((s) => s.protocol.recognizes(received));
  return service ? { service } : undefined;
}

/** The caller's address (first X-Forwarded-For hop), user agent and host, for CloudTrail. */
function connectionOf(received: ReceivedRequest): { sourceIp?: string; userAgent?: string; host?: string } {
  const sourceIp = headerValue(received, 'x-forwarded-for')?.split(',')[0]?.trim();
  const userAgent = headerValue(received, 'user-agent');
  const host = headerValue(received, 'host');
  return { ...(sourceIp ? { sourceIp } : {}), ...(userAgent ? { userAgent } : {}), ...(host ? { host } : {}) };
}
