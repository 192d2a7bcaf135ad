import api, { route } from '@forge/api';
import { ForbiddenError, NotFoundError, UpstreamError } from '../../domain/errors';

type Requester = ReturnType<typeof api.asApp>;
type JiraRoute = ReturnType<typeof route>;

export interface JiraUser {
  accountId: string;
  displayName: string;
}

/** A Jira answer the caller may inspect (400s carry Jira's `errorMessages`). */
export class JiraRequestError extends UpstreamError {
  override readonly name = 'JiraRequestError';
}

/**
 * A small Jira REST client over @forge/api. `forUser` acts as the invoking user (so Jira's own
 * permissions decide what they may see); `forApp` acts as the app.
 */
export class JiraClient {
  private constructor(private readonly requester: Requester) {}

  static forUser(): JiraClient {
    return new JiraClient(api.asUser());
  }

  static forApp(): JiraClient {
    return new JiraClient(api.asApp());
  }

  async myself(): Promise<JiraUser> {
    const body = await this.get<JiraUser>(route`/rest/api/3/myself`, 'read the current user');
    return { accountId: body.accountId, displayName: body.displayName };
  }

  /** True when the caller holds every named permission (globally, or in the given project/issue). */
  async hasPermissions(permissions: string[], scope: { projectKey?: string; issueKey?: string } = {}): Promise<boolean> {
    const keys = permissions.join(',');
    const path = scope.issueKey
      ? route`/rest/api/3/mypermissions?permissions=${keys}&issueKey=${scope.issueKey}`
      : scope.projectKey
        ? route`/rest/api/3/mypermissions?permissions=${keys}&projectKey=${scope.projectKey}`
        : route`/rest/api/3/mypermissions?permissions=${keys}`;
    const body = await this.get<{ permissions: Record<string, { havePermission: boolean }> }>(path, 'read permissions');
    return permissions.every((p) => body.permissions[p]?.havePermission === true);
  }

  /** Reads an issue's key and project; a caller who may not browse it gets NotFoundError, as Jira answers. */
  async issueSummary(issueIdOrKey: string): Promise<{ id: string; key: string; projectKey: string }> {
    const body = await this.get<{ id: string; key: string; fields: { project: { key: string } } }>(
      route`/rest/api/3/issue/${issueIdOrKey}?fields=project`,
      `read issue ${issueIdOrKey}`,
    );
    return { id: body.id, key: body.key, projectKey: body.fields.project.key };
  }

  get<T>(path: JiraRoute, what: string): Promise<T> {
    return this.send<T>(path, { method: 'GET' }, what);
  }

  post<T>(path: JiraRoute, body: unknown, what: string): Promise<T> {
    return this.send<T>(path, { method: 'POST', body: JSON.stringify(body) }, what);
  }

  private async send<T>(path: JiraRoute, init: { method: string; body?: string }, what: string): Promise<T> {
    let response: Response;
    try {
      response = (await this.requester.requestJira(path, {
        ...init,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      })) as unknown as Response;
    } catch (cause) {
      throw new UpstreamError(`Jira did not answer when trying to ${what}`, undefined, { cause });
    }
    if (response.status === 404) throw new NotFoundError(`Jira found nothing when trying to ${what}`);
    if (response.status === 401 || response.status === 403) throw new ForbiddenError(`Jira refused to ${what}`);
    if (!response.ok) {
      const detail = await errorDetail(response);
      throw new JiraRequestError(`Jira answered ${response.status} when trying to ${what}${detail ? `: ${detail}` : ''}`, response.status);
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errorMessages?: string[]; errors?: Record<string, string>; errorMessage?: string };
    return [...(body.errorMessages ?? []), ...Object.values(body.errors ?? {}), ...(body.errorMessage ? [body.errorMessage] : [])].join('; ');
  } catch {
    return '';
  }
}
