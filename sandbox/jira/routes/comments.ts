/** REST v3 comments (ADF bodies; JSM internal notes via the `sd.public.comment` property). */
import { isAdfDoc } from '../adf';
import { badRequest } from '../errors';
import { commentBean } from '../render/issue';
import { visibleIssue } from '../store/context';
import { INTERNAL_PROPERTY, addComment, visibleComment, visibleCommentsOf } from '../store/comments';
import { isInternalByProperties } from '../store/edit';
import { asObject, expandSet, ok, queryInt, queryString, route, type RouteDef } from './define';

export const commentRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}/comment', ({ ctx, actor, params, url }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const startAt = queryInt(url, 'startAt', 0);
    const maxResults = Math.min(queryInt(url, 'maxResults', 100, 0), 5000);
    const orderBy = queryString(url, 'orderBy') ?? 'created';
    const rendered = expandSet(url).has('renderedBody');
    let comments = visibleCommentsOf(ctx, actor.accountId, issue);
    if (orderBy === '-created') comments = [...comments].reverse();
    const page = comments.slice(startAt, startAt + maxResults);
    return ok({ startAt, maxResults, total: comments.length, comments: page.map((c) => commentBean(ctx, issue, c, rendered)) });
  }),

  route('platform', 'POST', '/rest/api/3/issue/{issueIdOrKey}/comment', ({ ctx, actor, params, url, body }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const req = asObject(body);
    if (req.body === undefined) throw badRequest('', { comment: 'Comment body can not be empty!' });
    // REST v3 takes ADF only; plain strings are the JSM API's and the web UI's form.
    if (!isAdfDoc(req.body)) throw badRequest('', { comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
    const properties: Record<string, unknown> = {};
    if (Array.isArray(req.properties)) {
      for (const p of req.properties as unknown[]) {
        const { key, value } = (p ?? {}) as { key?: unknown; value?: unknown };
        if (typeof key === 'string' && key !== INTERNAL_PROPERTY) properties[key] = value;
      }
    }
    const comment = addComment(ctx, actor.accountId, issue, {
      body: req.body,
      internal: isInternalByProperties(req.properties),
      properties,
    });
    return ok(commentBean(ctx, issue, comment, expandSet(url).has('renderedBody')), 201);
  }),

  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', ({ ctx, actor, params, url }) => {
    const issue = visibleIssue(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const comment = visibleComment(ctx, actor.accountId, issue, params.id ?? '');
    return ok(commentBean(ctx, issue, comment, expandSet(url).has('renderedBody')));
  }),
];
