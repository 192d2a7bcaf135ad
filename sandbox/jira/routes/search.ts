/**
 * Enhanced JQL search (2025 semantics): `{issues, nextPageToken?, isLast}` with no `total`,
 * `fields` defaulting to id, page size capped at 5000 for id/key-only requests and 100
 * otherwise. The removed /search answers 410 Gone as Jira Cloud does now.
 */
import { JiraError, badRequest } from '../errors';
import { approximateCount, searchPage } from '../jql/search';
import { issueBean, resolveFieldSelection } from '../render/issue';
import { fieldName, fieldSchema } from '../render/meta';
import { type StoreContext } from '../store/context';
import { type UserRecord } from '../model';
import { asObject, queryValues, ok, queryInt, queryString, route, stringArray, type RouteDef, type RouteResult } from './define';
import { transitionBean } from './issues';
import { availableTransitions } from '../store/transitions';

const DEFAULT_PAGE = 50;
const ID_ONLY_CAP = 5000;
const FIELDS_CAP = 100;

interface SearchRequest {
  jql: string;
  nextPageToken?: string;
  maxResults: number;
  fields: string[];
  expand: string[];
  properties: string[];
}

function runSearch(ctx: StoreContext, actor: UserRecord, req: SearchRequest): RouteResult {
  const selection = resolveFieldSelection(ctx, req.fields, 'id');
  const expand = new Set(req.expand);
  const keysOnly = selection.keysOnly && expand.size === 0 && req.properties.length === 0;
  const cap = keysOnly ? ID_ONLY_CAP : FIELDS_CAP;
  const pageSize = Math.max(1, Math.min(req.maxResults, cap));
  const page = searchPage(ctx, actor.accountId, req.jql, pageSize, req.nextPageToken);
  // names/schema describe the result set once, at the top level.
  const perIssueExpand = new Set([...expand].filter((e) => e !== 'names' && e !== 'schema'));
  const issues = page.issues.map((issue) =>
    issueBean(ctx, issue, {
      selection,
      expand: perIssueExpand,
      properties: req.properties,
      viewerId: actor.accountId,
      transitions: expand.has('transitions') ? availableTransitions(ctx, actor.accountId, issue).map((t) => transitionBean(ctx, t)) : undefined,
    }),
  );
  const body: Record<string, unknown> = { issues, isLast: page.nextPageToken === undefined };
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  if (expand.has('names')) body.names = Object.fromEntries(selection.fieldIds.map((id) => [id, fieldName(ctx, id) ?? id]));
  if (expand.has('schema')) {
    body.schema = Object.fromEntries(selection.fieldIds.flatMap((id) => {
      const s = fieldSchema(ctx, id);
      return s ? [[id, s]] : [];
    }));
  }
  return ok(body);
}

const GONE =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

export const searchRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/search/jql', ({ ctx, actor, url }) =>
    runSearch(ctx, actor, {
      jql: queryString(url, 'jql') ?? '',
      nextPageToken: queryString(url, 'nextPageToken'),
      maxResults: queryInt(url, 'maxResults', DEFAULT_PAGE, 0),
      fields: url.searchParams.getAll('fields'),
      expand: queryValues(url, 'expand'),
      properties: queryValues(url, 'properties'),
    }),
  ),

  route('platform', 'POST', '/rest/api/3/search/jql', ({ ctx, actor, body }) => {
    const req = asObject(body);
    const maxResults = req.maxResults === undefined ? DEFAULT_PAGE : Number(req.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 0) throw badRequest("'maxResults' must be a non-negative integer.");
    if (req.jql !== undefined && typeof req.jql !== 'string') throw badRequest("'jql' must be a string.");
    const expand = typeof req.expand === 'string' ? req.expand.split(',').map((s) => s.trim()).filter(Boolean) : [];
    return runSearch(ctx, actor, {
      jql: (req.jql as string | undefined) ?? '',
      nextPageToken: typeof req.nextPageToken === 'string' ? req.nextPageToken : undefined,
      maxResults,
      fields: stringArray(req.fields, 'fields'),
      expand,
      properties: stringArray(req.properties, 'properties'),
    });
  }),

  route('platform', 'POST', '/rest/api/3/search/approximate-count', ({ ctx, actor, body }) => {
    const req = asObject(body);
    if (typeof req.jql !== 'string') throw badRequest("'jql' must be a string.");
    return ok({ count: approximateCount(ctx, actor.accountId, req.jql) });
  }),

  route('platform', 'GET', '/rest/api/3/search', () => {
    throw new JiraError('gone', GONE);
  }),

  route('platform', 'POST', '/rest/api/3/search', () => {
    throw new JiraError('gone', GONE);
  }),
];
