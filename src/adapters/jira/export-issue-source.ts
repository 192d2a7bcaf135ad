import api, { assumeTrustedRoute } from '@forge/api';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import type { IssueBean } from '../../domain/export/records';
import { StalePageTokenError, type IssueSource, type SearchPage, type SearchPageRequest } from '../../usecases/export-ports';
import { JiraRequestError } from './jira-client';

type Requester = ReturnType<typeof api.asApp>;

/** A failed Jira call, with when Jira said to come back (429 / 503 Retry-After). */
export class JiraExportError extends JiraRequestError {
  constructor(
    message: string,
    status: number,
    readonly retryAt?: number,
  ) {
    super(message, status);
  }
}

/**
 * Reads issues for the export as the app (asApp): the search pages, the bulk changelog and
 * comments. Paths come from the stream definitions (constants), never from a request. Nothing
 * is ignored: every non-2xx answer becomes an error carrying Jira's own message.
 */
export class JiraExportIssueSource implements IssueSource {
  constructor(private readonly requester: Requester = api.asApp()) {}

  async search(request: SearchPageRequest): Promise<SearchPage> {
    const body = {
      jql: request.jql,
      fields: request.fields,
      expand: request.expand.join(','),
      maxResults: request.maxResults,
      ...(request.nextPageToken ? { nextPageToken: request.nextPageToken } : {}),
    };
    const response = await this.send('/rest/api/3/search/jql', { method: 'POST', body: JSON.stringify(body) });
    if (response.status === 400 && request.nextPageToken) {
      const detail = await errorDetail(response);
      if (/token/i.test(detail)) throw new StalePageTokenError(`Jira refused the page token: ${detail}`);
      throw failure(response, 'search issues for the export', detail);
    }
    const page = await this.json<{ issues?: IssueBean[]; nextPageToken?: string; names?: Record<string, string> }>(response, 'search issues for the export');
    return { issues: Array.isArray(page.issues) ? page.issues : [], ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}), names: page.names ?? {} };
  }

  async bulkChangelogs(request: { path: string; issueIds: string[]; maxResults: number; nextPageToken?: string }): Promise<{ byIssue: Map<string, unknown[]>; nextPageToken?: string }> {
    const body = { issueIdsOrKeys: request.issueIds, maxResults: request.maxResults, ...(request.nextPageToken ? { nextPageToken: request.nextPageToken } : {}) };
    const response = await this.send(request.path, { method: 'POST', body: JSON.stringify(body) });
    const page = await this.json<{ issueChangeLogs?: { issueId: string; changeHistories?: unknown[] }[]; nextPageToken?: string }>(response, 'read the full changelogs');
    const byIssue = new Map<string, unknown[]>();
    for (const log of page.issueChangeLogs ?? []) byIssue.set(String(log.issueId), [...(byIssue.get(String(log.issueId)) ?? []), ...(log.changeHistories ?? [])]);
    return { byIssue, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  async comments(request: { pathTemplate: string; issueId: string; startAt: number; maxResults: number }): Promise<{ values: unknown[]; total: number }> {
    if (!/^\d{1,18}$/.test(request.issueId)) throw new NotFoundError(`"${request.issueId.slice(0, 20)}" is not an issue id`);
    const query = new URLSearchParams({ startAt: String(request.startAt), maxResults: String(request.maxResults), orderBy: 'created' });
    const response = await this.send(`${request.pathTemplate.replace('{issueId}', request.issueId)}?${query.toString()}`, { method: 'GET' });
    const page = await this.json<{ comments?: unknown[]; total?: number }>(response, `read the comments of issue ${request.issueId}`);
    const values = Array.isArray(page.comments) ? page.comments : [];
    return { values, total: typeof page.total === 'number' ? page.total : request.startAt + values.length };
  }

  private async send(path: string, init: { method: string; body?: string }): Promise<Response> {
    try {
      return (await this.requester.requestJira(assumeTrustedRoute(path), {
        ...init,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      })) as unknown as Response;
    } catch (cause) {
      throw new JiraRequestError(`Jira did not answer (${init.method} ${path.split('?')[0]})`, undefined, { cause });
    }
  }

  private async json<T>(response: Response, what: string): Promise<T> {
    if (response.ok) return (await response.json()) as T;
    throw failure(response, what, await errorDetail(response));
  }
}

function failure(response: Response, what: string, detail: string): Error {
  const message = `Jira answered ${response.status} when trying to ${what}${detail ? `: ${detail}` : ''}`;
  if (response.status === 401 || response.status === 403) return new ForbiddenError(message);
  if (response.status === 404) return new NotFoundError(message);
  return new JiraExportError(message, response.status, retryAt(response.headers.get('retry-after')));
}

function retryAt(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Date.now() + Math.max(0, seconds) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : at;
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errorMessages?: string[]; errors?: Record<string, string>; message?: string };
    return [...(body.errorMessages ?? []), ...Object.values(body.errors ?? {}), ...(body.message ? [body.message] : [])].join('; ');
  } catch {
    return '';
  }
}
