/** Per-issue changelog paging and the bulk changelog fetch. */
import { createHash } from 'node:crypto';
import { badRequest } from '../errors';
import { type HistoryRecord, type IssueRecord } from '../model';
import { canBrowse } from '../permissions';
import { changelogBean } from '../render/issue';
import { findIssue, visibleIssue } from '../store/context';
import { asObject, ok, queryInt, route, stringArray, type RouteDef } from './define';

const CHANGELOG_PAGE_MAX = 100;
const BULK_ISSUES_MAX = 1000;
const BULK_FIELDS_MAX = 10;
const BULK_DEFAULT = 1000;
const BULK_MAX = 10000;

interface BulkToken {
  h: string;
  o: number;
}

export const changelogRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}/changelog', ({ ctx, actor, params, url }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const startAt = queryInt(url, 'startAt', 0);
    const maxResults = Math.min(queryInt(url, 'maxResults', CHANGELOG_PAGE_MAX, 1), CHANGELOG_PAGE_MAX);
    const values = issue.histories.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= issue.histories.length;
    const self = new URL(`${ctx.siteUrl}/rest/api/3/issue/${issue.key}/changelog`);
    self.searchParams.set('maxResults', String(maxResults));
    self.searchParams.set('startAt', String(startAt));
    const body: Record<string, unknown> = {
      self: self.toString(),
      maxResults,
      startAt,
      total: issue.histories.length,
      isLast,
      values: values.map((h) => changelogBean(ctx, h)),
    };
    if (!isLast) {
      self.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = self.toString();
    }
    return ok(body);
  }),

  route('platform', 'POST', '/rest/api/3/changelog/bulkfetch', ({ ctx, actor, body }) => {
    const req = asObject(body);
    const refs = stringArray(req.issueIdsOrKeys, 'issueIdsOrKeys');
    if (refs.length === 0) throw badRequest('At least one issue ID or key must be provided.');
    if (refs.length > BULK_ISSUES_MAX) throw badRequest(`A maximum of ${BULK_ISSUES_MAX} issue IDs or keys can be provided.`);
    const fieldIds = stringArray(req.fieldIds, 'fieldIds');
    if (fieldIds.length > BULK_FIELDS_MAX) throw badRequest(`A maximum of ${BULK_FIELDS_MAX} field IDs can be provided.`);
    const maxResults = req.maxResults === undefined ? BULK_DEFAULT : Number(req.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1) throw badRequest("'maxResults' must be a positive integer.");
    const pageSize = Math.min(maxResults, BULK_MAX);
    // Issues the caller cannot see are skipped silently.
    const issues = [...new Map(refs.map((r) => findIssue(ctx, r)).filter((i): i is IssueRecord => !!i && canBrowse(ctx.state, actor.accountId, i)).map((i) => [i.id, i])).values()];
    const entries: { issue: IssueRecord; history: HistoryRecord; items: HistoryRecord['items'] }[] = [];
    for (const issue of issues) {
      for (const history of issue.histories) {
        const items = fieldIds.length ? history.items.filter((i) => fieldIds.includes(i.fieldId)) : history.items;
        if (items.length) entries.push({ issue, history, items });
      }
    }
    // Oldest change first, then smallest issue id (the spec's order).
    entries.sort((a, b) => a.history.created - b.history.created || Number(a.issue.id) - Number(b.issue.id) || Number(a.history.id) - Number(b.history.id));
    const hash = createHash('sha256').update(JSON.stringify([actor.accountId, refs, fieldIds])).digest('hex').slice(0, 16);
    let offset = 0;
    if (typeof req.nextPageToken === 'string') {
      let token: BulkToken | undefined;
      try {
        token = JSON.parse(Buffer.from(req.nextPageToken, 'base64url').toString('utf8')) as BulkToken;
      } catch {
        token = undefined;
      }
      if (!token || token.h !== hash || !Number.isInteger(token.o)) throw badRequest('The provided next page token is invalid.');
      offset = token.o;
    }
    const page = entries.slice(offset, offset + pageSize);
    const grouped = new Map<string, Record<string, unknown>[]>();
    for (const e of page) {
      const list = grouped.get(e.issue.id) ?? [];
      list.push(changelogBean(ctx, e.history, e.items));
      grouped.set(e.issue.id, list);
    }
    const out: Record<string, unknown> = {
      issueChangeLogs: [...grouped].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
    };
    if (offset + page.length < entries.length) {
      out.nextPageToken = Buffer.from(JSON.stringify({ h: hash, o: offset + page.length } satisfies BulkToken)).toString('base64url');
    }
    return ok(out);
  }),
];
