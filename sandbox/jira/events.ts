/**
 * Builds the Forge product event payloads Jira sends (events-reference/jira): the issue with a
 * small field set whose users are `{accountId}` only, the actor as `atlassianId`, and for
 * updates the changelog plus `associatedStatuses` when the status changed.
 */
import { findIssueType, statusOrThrow } from './catalog';
import { EVENT, type JiraProductEvent } from './events-types';
import { type CommentRecord, type HistoryRecord, type IssueRecord } from './model';
import { issueTypeBean, projectDetails, statusBean } from './render/meta';
import { projectOf, type StoreContext } from './store/context';
import { jiraDateTime } from './time';

const ref = (accountId: string | null): { accountId: string } | null => (accountId ? { accountId } : null);

export function eventIssue(ctx: StoreContext, issue: IssueRecord): Record<string, unknown> {
  const type = findIssueType(issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      summary: issue.summary,
      issuetype: type ? issueTypeBean(ctx, type) : null,
      creator: ref(issue.creatorId),
      created: jiraDateTime(issue.created),
      project: projectDetails(ctx, projectOf(ctx, issue)),
      reporter: ref(issue.reporterId),
      assignee: ref(issue.assigneeId),
      updated: jiraDateTime(issue.updated),
      status: statusBean(ctx, statusOrThrow(issue.statusId)),
    },
  };
}

function send(ctx: StoreContext, eventType: string, actorId: string, body: Record<string, unknown>): void {
  // A detached copy: later mutations of the store must not reach queued events.
  const payload = JSON.parse(JSON.stringify({ eventType, ...body, atlassianId: actorId })) as Record<string, unknown>;
  const event: JiraProductEvent = { eventType, payload, actorAccountId: actorId };
  try {
    ctx.emit(event);
  } catch (err) {
    // Jira's event delivery never fails the REST call that caused it.
    console.error(`[jira stand-in] event sink threw for ${eventType}:`, err);
  }
}

export function emitCreated(ctx: StoreContext, issue: IssueRecord, actorId: string): void {
  send(ctx, EVENT.created, actorId, { issue: eventIssue(ctx, issue), associatedUsers: [{ accountId: actorId }] });
}

export function emitUpdated(ctx: StoreContext, issue: IssueRecord, actorId: string, history: HistoryRecord): void {
  const body: Record<string, unknown> = {
    issue: eventIssue(ctx, issue),
    associatedUsers: [{ accountId: actorId }],
    changelog: { id: history.id, items: history.items.map((i) => ({ ...i })) },
  };
  const statusItem = history.items.find((i) => i.fieldId === 'status');
  if (statusItem?.from && statusItem.to) {
    body.associatedStatuses = [statusBean(ctx, statusOrThrow(statusItem.from)), statusBean(ctx, statusOrThrow(statusItem.to))];
  }
  send(ctx, EVENT.updated, actorId, body);
}

export function emitAssigned(ctx: StoreContext, issue: IssueRecord, actorId: string, history: HistoryRecord): void {
  const body: Record<string, unknown> = {
    issue: eventIssue(ctx, issue),
    changelog: { id: history.id, items: history.items.filter((i) => i.fieldId === 'assignee').map((i) => ({ ...i })) },
  };
  if (issue.assigneeId) body.associatedUsers = [{ accountId: issue.assigneeId }];
  send(ctx, EVENT.assigned, actorId, body);
}

export function emitCommented(ctx: StoreContext, issue: IssueRecord, actorId: string, comment: CommentRecord): void {
  const body: Record<string, unknown> = {
    issue: eventIssue(ctx, issue),
    comment: {
      id: comment.id,
      author: { accountId: comment.authorId },
      body: comment.body,
      updateAuthor: { accountId: comment.updateAuthorId },
      created: jiraDateTime(comment.created),
      updated: jiraDateTime(comment.updated),
      jsdPublic: !comment.internal,
    },
  };
  send(ctx, EVENT.commented, actorId, body);
}

export function emitDeleted(ctx: StoreContext, issue: IssueRecord, actorId: string): void {
  send(ctx, EVENT.deleted, actorId, { issue: eventIssue(ctx, issue) });
}
