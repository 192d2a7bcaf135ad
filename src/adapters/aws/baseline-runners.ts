import { BatchGetBuildsCommand, StartBuildCommand, type Build, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import { baselineEndpoint } from '../../domain/account-vending/vending-settings';
import type { BaselineInput, BaselineRunner, BaselineStatus } from '../../usecases/account-vending-ports';
import { AwsApiError, awsErrorFrom } from './aws-errors';
import type { AwsSession } from './aws-session';
import { SIGNED_HTTP_ACTIONS } from './aws-commands';
import { signedFetch } from './signed-http';

/** The request's values as environment variables / JSON fields, the same for both kinds of baseline. */
function baselineValues(input: BaselineInput): Record<string, string> {
  return {
    ACCOUNT_ID: input.accountId,
    ACCOUNT_NAME: input.request.accountName,
    ACCOUNT_EMAIL: input.request.accountEmail,
    ORGANIZATIONAL_UNIT_ID: input.ouId,
    ENVIRONMENT: input.request.environment,
    COST_CENTER: input.request.costCenter,
    OWNER: input.request.owner,
    JIRA_ISSUE: input.issueKey,
  };
}

/** The baseline as a CodeBuild build in the management account, with the request's values as environment variables. */
export class CodeBuildBaseline implements BaselineRunner {
  constructor(
    private readonly client: CodeBuildClient,
    private readonly projectName: string,
    private readonly region: string,
  ) {}

  async start(input: BaselineInput): Promise<BaselineStatus> {
    const variables = Object.entries(baselineValues(input)).map(([name, value]) => ({ name: `PROVISIO_${name}`, value, type: 'PLAINTEXT' as const }));
    try {
      // CodeBuild returns the same build for a repeated token (for 5 minutes): a crash right after StartBuild starts no second build.
      const out = await this.client.send(new StartBuildCommand({ projectName: this.projectName, environmentVariablesOverride: variables, idempotencyToken: input.idempotencyKey }));
      return this.statusOf(out.build, 'started');
    } catch (error) {
      throw awsErrorFrom(error, 'codebuild:StartBuild');
    }
  }

  async status(ref: string): Promise<BaselineStatus> {
    let builds: Build[] | undefined;
    try {
      builds = (await this.client.send(new BatchGetBuildsCommand({ ids: [ref] }))).builds;
    } catch (error) {
      throw awsErrorFrom(error, 'codebuild:BatchGetBuilds');
    }
    return this.statusOf(builds?.[0], ref);
  }

  private statusOf(build: Build | undefined, ref: string): BaselineStatus {
    if (!build?.id) throw new AwsApiError(`CodeBuild has no build ${ref} (any more).`, 200, 'BuildNotFound', false);
    const account = build.arn?.split(':')[4] ?? '';
    const link = `https://${this.region}.console.aws.amazon.com/codesuite/codebuild/${account}/projects/${encodeURIComponent(this.projectName)}/build/${encodeURIComponent(build.id)}/?region=${this.region}`;
    const status = build.buildStatus ?? 'IN_PROGRESS';
    if (status === 'SUCCEEDED') return { ref: build.id, state: 'SUCCEEDED', detail: `Build ${build.id} succeeded`, link };
    if (status === 'IN_PROGRESS') return { ref: build.id, state: 'IN_PROGRESS', detail: `Build ${build.id} is running (${(build.currentPhase ?? 'SUBMITTED').toLowerCase().replace(/_/g, ' ')})`, link };
    const failedPhase = build.phases?.find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
    const context = failedPhase?.contexts?.find((c) => c.message)?.message;
    const where = failedPhase?.phaseType ? ` in its ${failedPhase.phaseType.toLowerCase().replace(/_/g, ' ')} phase` : '';
    return { ref: build.id, state: 'FAILED', detail: `The baseline build ${build.id} ended ${status.toLowerCase().replace(/_/g, ' ')}${where}${context ? `: ${context}` : ''}. Its logs are in CodeBuild.`, link };
  }
}

interface BackendAnswer {
  id?: unknown;
  status?: unknown;
  message?: unknown;
}

/**
 * The customer's own baseline backend: API Gateway with IAM auth or a Lambda function URL with
 * AWS_IAM auth. Provisio POSTs the request as JSON, signed with SigV4 by the role's session,
 * and follows a job that is not finished yet with signed `GET <url>?id=<job id>`.
 */
export class SignedHttpBaseline implements BaselineRunner {
  private readonly endpoint: { service: 'execute-api' | 'lambda'; region: string };

  constructor(
    private readonly url: string,
    private readonly session: AwsSession,
  ) {
    const endpoint = baselineEndpoint(url);
    if (!endpoint) throw new AwsApiError(`${url} is not an API Gateway or Lambda function URL.`, undefined, 'BadBaselineUrl', false);
    this.endpoint = endpoint;
  }

  async start(input: BaselineInput): Promise<BaselineStatus> {
    const values = baselineValues(input);
    const body = JSON.stringify({
      source: 'provisio',
      idempotencyKey: input.idempotencyKey,
      jiraIssue: values.JIRA_ISSUE,
      accountId: values.ACCOUNT_ID,
      accountName: values.ACCOUNT_NAME,
      accountEmail: values.ACCOUNT_EMAIL,
      organizationalUnitId: values.ORGANIZATIONAL_UNIT_ID,
      environment: values.ENVIRONMENT,
      costCenter: values.COST_CENTER,
      owner: values.OWNER,
    });
    return this.answerOf(await this.signedFetch('POST', new URL(this.url), body, input.idempotencyKey), undefined);
  }

  async status(ref: string): Promise<BaselineStatus> {
    const url = new URL(this.url);
    url.searchParams.set('id', ref);
    return this.answerOf(await this.signedFetch('GET', url, undefined, undefined), ref);
  }

  private get action(): string {
    return SIGNED_HTTP_ACTIONS[this.endpoint.service];
  }

  private async signedFetch(method: 'GET' | 'POST', url: URL, body: string | undefined, idempotencyKey: string | undefined): Promise<Response> {
    try {
      return await signedFetch(this.session, this.endpoint, {
        method,
        url,
        ...(body !== undefined ? { body } : {}),
        ...(idempotencyKey ? { headers: { 'x-provisio-idempotency-key': idempotencyKey } } : {}),
      });
    } catch (error) {
      throw awsErrorFrom(error, this.action);
    }
  }

  private async answerOf(response: Response, ref: string | undefined): Promise<BaselineStatus> {
    const text = await response.text();
    let answer: BackendAnswer = {};
    try {
      answer = text ? (JSON.parse(text) as BackendAnswer) : {};
    } catch {
      // A non-JSON body still gets a readable message below.
    }
    const message = typeof answer.message === 'string' ? answer.message.slice(0, 300) : '';
    const host = new URL(this.url).host;
    if (response.status === 401 || response.status === 403) {
      throw new AwsApiError(
        `The baseline endpoint ${host} refused Provisio's signed request (${response.status}${message ? `: ${message}` : ''}). Its resource policy must let Provisio's role call ${this.action}.`,
        response.status,
        'BaselineAccessDenied',
        false,
      );
    }
    if (response.status === 429 || response.status >= 500) {
      throw new AwsApiError(`The baseline endpoint ${host} answered ${response.status}; Provisio waits and tries again.`, response.status, 'BaselineUnavailable', true);
    }
    if (!response.ok) {
      throw new AwsApiError(`The baseline endpoint ${host} refused the request (${response.status}${message ? `: ${message}` : ''}).`, response.status, 'BaselineRejected', false);
    }
    const id = typeof answer.id === 'string' && answer.id ? answer.id : ref;
    const status = answer.status === 'FAILED' || answer.status === 'IN_PROGRESS' || answer.status === 'SUCCEEDED' ? answer.status : response.status === 202 ? 'IN_PROGRESS' : 'SUCCEEDED';
    if (status === 'IN_PROGRESS' && !id) throw new AwsApiError(`The baseline endpoint ${host} said the job is running but gave no id to follow it.`, response.status, 'BaselineNoId', false);
    const ref2 = id ?? 'done';
    if (status === 'SUCCEEDED') return { ref: ref2, state: 'SUCCEEDED', detail: `${host} finished job ${ref2}${message ? `: ${message}` : ''}` };
    if (status === 'FAILED') return { ref: ref2, state: 'FAILED', detail: `The baseline job ${ref2} at ${host} failed${message ? `: ${message}` : ''}.` };
    return { ref: ref2, state: 'IN_PROGRESS', detail: `Job ${ref2} at ${host} is running${message ? `: ${message}` : ''}` };
  }
}
