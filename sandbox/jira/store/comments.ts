/** Comments, including JSM internal notes (hidden from customers, flagged by `sd.public.comment`). */
import { isAdfDoc, textToAdf, type AdfDoc } from '../adf';
import { badRequest, forbidden, notFound } from '../errors';
import { emitCommented } from '../events';
import { type CommentRecord, type IssueRecord } from '../model';
import { canSeeComment, isStaff, issuePermissions } from '../permissions';
import { nextId, now, projectOf, type StoreContext } from './context';

export const INTERNAL_PROPERTY = 'sd.public.comment';
const COMMENT_LIMIT = 32767;

export interface NewCommentInput {
  /** ADF (REST v3) or plain text (JSM, web UI). */
  body: AdfDoc | string;
  /** JSM internal note. Ignored outside service projects. */
  internal?: boolean;
  properties?: Record<string, unknown>;
}

export function addComment(ctx: StoreContext, actorId: string, issue: IssueRecord, input: NewCommentInput): CommentRecord {
  if (!issuePermissions(ctx.state, actorId, issue).has('ADD_COMMENTS')) throw forbidden('You do not have the permission to comment on this issue.');
  const project = projectOf(ctx, issue);
  const internal = project.projectTypeKey === 'service_desk' && input.internal === true;
  if (internal && !isStaff(ctx.state, actorId, project)) throw forbidden('Customers can only add public comments.');
  let body: AdfDoc;
  if (typeof input.body === 'string') body = textToAdf(input.body);
  else if (isAdfDoc(input.body)) body = input.body;
  else throw badRequest('', { comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
  if (body.content.length === 0) throw badRequest('', { comment: 'Comment body can not be empty!' });
  if (JSON.stringify(body).length > COMMENT_LIMIT) throw badRequest('', { comment: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' });
  const properties: Record<string, unknown> = { ...(input.properties ?? {}) };
  if (project.projectTypeKey === 'service_desk') properties[INTERNAL_PROPERTY] = { internal };
  const at = now(ctx);
  const comment: CommentRecord = {
    id: nextId(ctx, 'comment'),
    authorId: actorId,
    updateAuthorId: actorId,
    body,
    created: at,
    updated: at,
    internal,
    properties: internal ? properties : withoutPublicMarker(properties),
  };
  issue.comments.push(comment);
  issue.updated = at;
  emitCommented(ctx, issue, actorId, comment);
  return comment;
}

/** Public comments carry no `sd.public.comment` property in Jira unless one was given. */
function withoutPublicMarker(props: Record<string, unknown>): Record<string, unknown> {
  const marker = props[INTERNAL_PROPERTY];
  if (typeof marker === 'object' && marker !== null && (marker as { internal?: unknown }).internal === false) {
    const rest = { ...props };
    delete rest[INTERNAL_PROPERTY];
    return rest;
  }
  return props;
}

export function visibleCommentsOf(ctx: StoreContext, actorId: string, issue: IssueRecord): CommentRecord[] {
  return issue.comments.filter((c) => canSeeComment(ctx.state, actorId, issue, c));
}

export function visibleComment(ctx: StoreContext, actorId: string, issue: IssueRecord, commentId: string): CommentRecord {
  const c = issue.comments.find((x) => x.id === commentId);
  if (!c || !canSeeComment(ctx.state, actorId, issue, c)) throw notFound(`Can not find a comment for key '${commentId}'.`);
  return c;
}
