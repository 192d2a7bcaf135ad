/** `/`: the requests the signed-in user can see, from a JQL search as that user, newest first. */
import type { PageContext } from './context';
import { formatDateTime } from './format';
import { html, type SafeHtml } from './html';
import { lozenge } from './layout';

interface ServiceDesk {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
}

interface Paged<T> {
  values: T[];
  isLastPage?: boolean;
}

interface SearchIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
}

interface SearchResult {
  issues: SearchIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

interface Field {
  id: string;
  name: string;
  schema?: { custom?: string };
}

const REQUEST_TYPE_FIELD = 'com.atlassian.servicedesk:vp-origin';
export const PAGE_SIZE = 20;

/** JQL is bounded (the enhanced search refuses unbounded queries): the service projects' keys. */
export function requestsJql(projectKeys: readonly string[]): string {
  const keys = projectKeys.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`);
  return `project in (${keys.join(', ')}) ORDER BY created DESC`;
}

export async function requestsPage(ui: PageContext, pageToken: string | undefined): Promise<SafeHtml> {
  const [desks, fields] = await Promise.all([
    ui.jira.get<Paged<ServiceDesk>>('/rest/servicedeskapi/servicedesk', { limit: 100 }),
    ui.jira.get<Field[]>('/rest/api/3/field'),
  ]);
  if (desks.values.length === 0) {
    return html`<h1>Requests</h1><p class="empty">You have no service desks to see requests in.</p>`;
  }
  const requestTypeField = fields.find((f) => f.schema?.custom === REQUEST_TYPE_FIELD)?.id;
  const result = await ui.jira.get<SearchResult>('/rest/api/3/search/jql', {
    jql: requestsJql(desks.values.map((d) => d.projectKey)),
    fields: ['summary', 'status', 'reporter', 'updated', 'issuetype', ...(requestTypeField ? [requestTypeField] : [])].join(','),
    maxResults: PAGE_SIZE,
    nextPageToken: pageToken,
  });

  const rows = result.issues.map((issue) => {
    const f = issue.fields;
    const status = f.status as { name?: string; statusCategory?: { colorName?: string } } | undefined;
    const requestType = requestTypeField ? (f[requestTypeField] as { requestType?: { name?: string } } | null | undefined)?.requestType?.name : undefined;
    const type = requestType ?? (f.issuetype as { name?: string } | undefined)?.name ?? '';
    const reporter = (f.reporter as { displayName?: string } | null | undefined)?.displayName ?? 'Anonymous';
    const href = `/browse/${encodeURIComponent(issue.key)}`;
    return html`<tr data-testid="request-row">
      <td class="key"><a href="${href}">${issue.key}</a></td>
      <td><a href="${href}">${String(f.summary ?? '')}</a></td>
      <td>${type}</td>
      <td>${status ? lozenge(status.name ?? '', status.statusCategory?.colorName) : ''}</td>
      <td>${reporter}</td>
      <td class="when">${typeof f.updated === 'string' ? formatDateTime(f.updated) : ''}</td>
    </tr>`;
  });

  const pager = html`<nav class="pager" aria-label="Pages">
    ${pageToken ? html`<a class="button subtle" href="/">First page</a>` : ''}
    ${result.nextPageToken ? html`<a class="button" href="/?page=${encodeURIComponent(result.nextPageToken)}" data-testid="next-page">Next page</a>` : ''}
  </nav>`;

  return html`<div class="page-head">
      <h1>Requests</h1>
      <a class="button primary" href="/portal">Raise a request</a>
    </div>
    ${
      rows.length
        ? html`<table class="issues">
      <thead><tr><th>Key</th><th>Summary</th><th>Request type</th><th>Status</th><th>Reporter</th><th>Updated</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`
        : html`<p class="empty">${pageToken ? 'No more requests.' : html`No requests yet. <a href="/portal">Raise one in the portal.</a>`}</p>`
    }
    ${pager}`;
}
