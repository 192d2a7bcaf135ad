/**
 * The export's streams, as data (style-anchors practice 12, after Airbyte's source-jira
 * manifest): which endpoint a stream reads, how it pages, what its cursor is, and for each
 * collection Jira embeds in an issue, how to tell that the embedded copy was cut and where the
 * rest comes from. One generic page loop (usecases/export-project-pages.ts) runs them; code
 * exists only where data cannot say it.
 */

/** A collection Jira embeds in each issue of a search page, possibly cut short. */
export interface EmbeddedCollection {
  name: 'changelog' | 'comments';
  /** Path of the embedded page object in the issue bean. */
  path: readonly string[];
  /** Member holding the entries, and member holding how many exist in all. */
  items: string;
  total: string;
  /** Order Jira embeds them in; records always hold them oldest first. */
  embeddedOrder: 'newest-first' | 'oldest-first';
  /** Member with each entry's creation time: entries newer than the record's `updated` belong to a later version. */
  createdMember: string;
  /** Where the complete collection comes from when `entries < total`. */
  complete:
    | { kind: 'bulk'; method: 'POST'; path: string; maxIssuesPerRequest: number; maxResults: number }
    | { kind: 'per-issue'; method: 'GET'; pathTemplate: string; maxResults: number };
  /** The search must ask for this to get the collection embedded. */
  request: { expand?: string; field?: string };
  /** Only exported when this setting is on. */
  setting?: 'includeComments';
}

export interface IssueStream {
  name: 'issues';
  endpoint: { method: 'POST'; path: string };
  paginator: { kind: 'nextPageToken'; tokenMember: string; pageMember: string; lastMember: string; sizeParam: string; requestedSize: number };
  cursor: { field: 'updated'; tieBreaker: 'key' };
  /** Fields every record needs whatever the admin chose. */
  requiredFields: readonly string[];
  /** `names` gives field names for the page at no extra request. */
  expand: readonly string[];
  embedded: readonly EmbeddedCollection[];
}

/** GET/POST /rest/api/3/search/jql (forge-and-api-facts §10.1): token paging, no total, at most 5000 ids or 100 issues with fields per page. */
export const ISSUE_STREAM: IssueStream = {
  name: 'issues',
  endpoint: { method: 'POST', path: '/rest/api/3/search/jql' },
  // Ask for the most the endpoint allows; Jira answers with as many as it will for these fields.
  paginator: { kind: 'nextPageToken', tokenMember: 'nextPageToken', pageMember: 'issues', lastMember: 'isLast', sizeParam: 'maxResults', requestedSize: 5000 },
  cursor: { field: 'updated', tieBreaker: 'key' },
  requiredFields: ['updated', 'created', 'project'],
  expand: ['names'],
  embedded: [
    {
      name: 'changelog',
      path: ['changelog'],
      items: 'histories',
      total: 'total',
      // Jira embeds the most recent histories only (about 100), newest first.
      embeddedOrder: 'newest-first',
      createdMember: 'created',
      // POST /rest/api/3/changelog/bulkfetch (§10.3): up to 1000 issues and 10000 histories per request, oldest first.
      complete: { kind: 'bulk', method: 'POST', path: '/rest/api/3/changelog/bulkfetch', maxIssuesPerRequest: 1000, maxResults: 10000 },
      request: { expand: 'changelog' },
    },
    {
      name: 'comments',
      path: ['fields', 'comment'],
      items: 'comments',
      total: 'total',
      embeddedOrder: 'oldest-first',
      createdMember: 'created',
      complete: { kind: 'per-issue', method: 'GET', pathTemplate: '/rest/api/3/issue/{issueId}/comment', maxResults: 5000 },
      request: { field: 'comment' },
      setting: 'includeComments',
    },
  ],
};

/** Deleted issues arrive as product events, not from search (search cannot return what is gone). */
export const TOMBSTONE_STREAM = { name: 'tombstones', source: { kind: 'product-event', event: 'avi:jira:deleted:issue' } } as const;
