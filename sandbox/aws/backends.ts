import type { Clock } from '../platform/clock';
import type { IdGenerator } from './ids';
import type { AwsRequestLogEntry } from './request-log';
import type { IamModel, IamPrincipal } from './services/iam/model';
import { SigV4Error } from './sigv4/errors';
import { receivedFromFetch } from './sigv4/received-request';
import { verifySigV4 } from './sigv4/verify';

/**
 * A customer's own baseline backend behind AWS IAM auth: an API Gateway stage
 * (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/…`, signed for `execute-api`) or a
 * Lambda function URL (`https://<id>.lambda-url.<region>.on.aws/`, signed for `lambda`). Requests
 * are SigV4-verified against the IAM model and authorised (`execute-api:Invoke`,
 * `lambda:InvokeFunctionUrl`); verified ones are recorded. The backend's contract: `POST` the
 * request as JSON → `202 {id, status: "IN_PROGRESS"}` (the same job again for a repeated
 * `idempotencyKey`), then `GET ?id=<id>` → `{id, status: IN_PROGRESS|SUCCEEDED|FAILED, message}`.
 */
export type BackendKind = 'api-gateway' | 'lambda-url';

export interface BaselineBackend {
  kind: BackendKind;
  /** The URL to configure: scheme, host and path prefix. */
  url: string;
  host: string;
  pathPrefix: string;
  region: string;
  accountId: string;
  /** Virtual seconds a job runs before it settles. */
  jobSeconds: number;
}

export interface BackendJob {
  id: string;
  backendUrl: string;
  idempotencyKey?: string;
  body: unknown;
  principalArn: string;
  startedAtMs: number;
  settlesAtMs: number;
  fails: boolean;
}

/** One request the backend received, verified or not. */
export interface BackendRequestRecord {
  atMs: number;
  method: string;
  url: string;
  status: number;
  /** The authenticated caller ('' when the signature did not verify). */
  principalArn: string;
  verified: boolean;
  /** The JSON body of a POST. */
  body?: unknown;
  error?: string;
}

export interface BackendsState {
  backends: BaselineBackend[];
  jobs: BackendJob[];
  requests: BackendRequestRecord[];
  failNext: string[];
}

const GATEWAY_HOST = /^[a-z0-9]{10}\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;
const LAMBDA_HOST = /^[a-z0-9]{32}\.lambda-url\.([a-z]{2}(?:-[a-z]+)+-\d)\.on\.aws$/;

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export class BaselineBackends {
  private state: BackendsState = { backends: [], jobs: [], requests: [], failNext: [] };

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly iam: IamModel,
  ) {}

  create(input: { kind: BackendKind; region: string; accountId: string; path?: string; jobSeconds?: number }): BaselineBackend {
    const host = input.kind === 'api-gateway' ? `${this.ids.lowerAlnum(10)}.execute-api.${input.region}.amazonaws.com` : `${this.ids.lowerAlnum(32)}.lambda-url.${input.region}.on.aws`;
    const pathPrefix = input.path ?? (input.kind === 'api-gateway' ? '/prod/baseline' : '/');
    const backend: BaselineBackend = {
      kind: input.kind,
      url: `https://${host}${pathPrefix}`,
      host,
      pathPrefix,
      region: input.region,
      accountId: input.accountId,
      jobSeconds: input.jobSeconds ?? 45,
    };
    this.state.backends.push(backend);
    return { ...backend };
  }

  /** The next job started at this backend fails (once per call). */
  failNextJob(url: string): void {
    this.state.failNext.push(url);
  }

  /** Whether a host is one of the backend kinds (the stand-in routes it here instead of to a service). */
  static serves(hostname: string): boolean {
    return GATEWAY_HOST.test(hostname) || LAMBDA_HOST.test(hostname);
  }

  backends(): BaselineBackend[] {
    return this.state.backends.map((b) => ({ ...b }));
  }

  requests(): BackendRequestRecord[] {
    return structuredClone(this.state.requests);
  }

  jobs(): BackendJob[] {
    return structuredClone(this.state.jobs);
  }

  snapshot(): BackendsState {
    return structuredClone(this.state);
  }

  restore(state: BackendsState | undefined): void {
    this.state = state ? structuredClone(state) : { backends: [], jobs: [], requests: [], failNext: [] };
  }

  async handle(request: Request, log: (entry: AwsRequestLogEntry) => void): Promise<Response> {
    const url = new URL(request.url);
    const received = await receivedFromFetch(request);
    const backend = this.state.backends.find((b) => b.host === url.hostname && (url.pathname === b.pathPrefix || url.pathname.startsWith(b.pathPrefix.endsWith('/') ? b.pathPrefix : `${b.pathPrefix}/`)));
    const service = LAMBDA_HOST.test(url.hostname) ? 'lambda' : 'execute-api';
    const action = service === 'lambda' ? 'InvokeFunctionUrl' : 'Invoke';
    const record = (status: number, principal: IamPrincipal | undefined, extra: Partial<BackendRequestRecord> = {}) => {
      this.state.requests.push({ atMs: this.clock.now(), method: request.method, url: request.url, status, principalArn: principal?.arn ?? '', verified: principal !== undefined, ...extra });
      log({ service, action, principalArn: principal?.arn ?? '', status, ...(status >= 400 ? { errorCode: extra.error ?? String(status) } : {}), atMs: this.clock.now() });
    };
    if (!backend) {
      record(404, undefined, { error: 'NotFound' });
      return json(404, { message: 'Not Found' });
    }
    let principal: IamPrincipal;
    try {
      const verified = await verifySigV4(received, {
        nowMs: this.clock.now(),
        expectedScope: { region: backend.region, service },
        resolve: (accessKeyId, token) => this.iam.authenticate(accessKeyId, token),
      });
      principal = verified.credentials.principal;
    } catch (error) {
      const message = error instanceof SigV4Error ? error.message : 'Forbidden';
      record(403, undefined, { error: error instanceof SigV4Error ? error.kind : 'Forbidden' });
      return backend.kind === 'lambda-url' ? json(403, { Message: 'Forbidden' }) : json(403, { message });
    }
    const iamAction = `${service}:${action}`;
    if (!this.iam.isAllowed(principal, iamAction)) {
      record(403, principal, { error: 'AccessDenied' });
      return json(403, { Message: `User: ${principal.arn} is not authorized to perform: ${iamAction} on resource: ${backend.url}` });
    }
    if (request.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(new TextDecoder().decode(received.body)) as Record<string, unknown>;
      } catch {
        record(400, principal, { error: 'BadJson' });
        return json(400, { message: 'the body must be JSON' });
      }
      const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : undefined;
      const existing = key ? this.state.jobs.find((j) => j.backendUrl === backend.url && j.idempotencyKey === key) : undefined;
      if (existing) {
        record(200, principal, { body });
        return json(200, this.jobView(existing));
      }
      const failIndex = this.state.failNext.indexOf(backend.url);
      if (failIndex !== -1) this.state.failNext.splice(failIndex, 1);
      const now = this.clock.now();
      const job: BackendJob = {
        id: `job-${this.ids.hex(16)}`,
        backendUrl: backend.url,
        ...(key ? { idempotencyKey: key } : {}),
        body,
        principalArn: principal.arn,
        startedAtMs: now,
        settlesAtMs: now + backend.jobSeconds * 1000,
        fails: failIndex !== -1,
      };
      this.state.jobs.push(job);
      record(202, principal, { body });
      return json(202, this.jobView(job));
    }
    if (request.method === 'GET') {
      const id = url.searchParams.get('id');
      const job = this.state.jobs.find((j) => j.id === id && j.backendUrl === backend.url);
      if (!job) {
        record(404, principal, { error: 'JobNotFound' });
        return json(404, { message: `no job ${id ?? ''}` });
      }
      record(200, principal);
      return json(200, this.jobView(job));
    }
    record(405, principal, { error: 'MethodNotAllowed' });
    return json(405, { message: 'Method Not Allowed' });
  }

  private jobView(job: BackendJob): { id: string; status: string; message: string } {
    if (this.clock.now() < job.settlesAtMs) return { id: job.id, status: 'IN_PROGRESS', message: 'applying the baseline' };
    return job.fails ? { id: job.id, status: 'FAILED', message: 'the guardrails stack failed to deploy' } : { id: job.id, status: 'SUCCEEDED', message: 'baseline applied' };
  }
}
