import api, { route } from '@forge/api';
import { ForbiddenError, NotFoundError, UpstreamError } from '../../domain/errors';

type Requester = ReturnType<typeof api.asApp>;

export interface JiraUser {
  accountId: string;
  displayName: string;
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
    const body = await this.getJson<JiraUser>(route`/rest/api/3/myself`, 'read the current user');
    return { accountId: body.accountId, displayName: body.displayName };
  }

  /** True when the caller holds every named permission (globally, or in the given project). */
  async hasPermissions(permissions: string[], projectKey?: string): Promise<boolean> {
    const keys = permissions.join(',');
    const path = projectKey
      ? route`/rest/api/3/mypermissions?permissions=${keys}&projectKey=${projectKey}`
      : route`/rest/api/3/mypermissions?permissions=${keys}`;
    const body = await this.getJson<{ permissions: Record<string, { havePermission: boolean }> }>(path, 'read permissions');
    return permissions.every((p) => body.permissions[p]?.havePermission === true);
  }

  /** Reads an issue's key and project; a caller who may not browse it gets NotFoundError, as Jira answers. */
  async issueSummary(issueIdOrKey: string): Promise<{ id: string; key: string; projectKey: string }> {
    const body = await this.getJson<{ id: string; key: string; fields: { project: { key: string } } }>(
      route`/rest/api/3/issue/${issueIdOrKey}?fields=project`,
      `read issue ${issueIdOrKey}`,
    );
    return { id: body.id, key: body.key, projectKey: body.fields.project.key };
  }

  private async getJson<T>(path: ReturnType<typeof route>, what: string): Promise<T> {
    let response: Response;
    try {
      response = (await this.requester.requestJira(path, { headers: { Accept: 'application/json' } })) as unknown as Response;
    } catch (cause) {
      throw new UpstreamError(`Jira did not answer when trying to ${what}`, undefined, { cause });
    }
    if (response.status === 404) throw new NotFoundError(`Jira found nothing when trying to ${what}`);
    if (response.status === 401 || response.status === 403) throw new ForbiddenError(`Jira refused to ${what}`);
    if (!response.ok) throw new UpstreamError(`Jira answered ${response.status} when trying to ${what}`, response.status);
    return (await response.json()) as T;
  }
}
