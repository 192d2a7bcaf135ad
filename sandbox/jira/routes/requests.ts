/** JSM customer requests: create, list, view, comments, approvals, status history, participants. */
import { badRequest } from '../errors';
import { type IssueRecord, type UserRecord } from '../model';
import { approvalDto, commentDto, customerRequestDto, pageOf, pagedDto, statusHistoryDtos } from '../render/jsm';
import { userDto } from '../render/users';
import { findUser, type StoreContext } from '../store/context';
import { approvalOf, answerApproval } from '../store/approvals';
import { addComment, visibleCommentsOf } from '../store/comments';
import {
  addParticipants,
  canCommentOn,
  canManageParticipants,
  createCustomerRequest,
  listRequests,
  removeParticipants,
  visibleRequest,
  type RequestListFilter,
  type RequestOwnership,
} from '../store/requests';
import { asObject, ok, optionalString, queryBool, queryInt, queryString, queryValues, route, stringArray, type RouteDef } from './define';

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

function requestDto(ctx: StoreContext, actor: UserRecord, issue: IssueRecord, expand: Set<string>): Record<string, unknown> {
  return customerRequestDto(ctx, issue, {
    expand,
    viewerId: actor.accountId,
    visibleComments: visibleCommentsOf(ctx, actor.accountId, issue),
    canManageParticipants: canManageParticipants(ctx, actor.accountId, issue),
    canComment: canCommentOn(ctx, actor.accountId, issue),
  });
}

function participantsPage(ctx: StoreContext, issue: IssueRecord, url: URL): Record<string, unknown> {
  const users = issue.participantIds.map((id) => findUser(ctx, id)).filter((u): u is UserRecord => !!u);
  return pagedDto(ctx, pathOf(url), pageOf(users.map((u) => userDto(ctx, u)), queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1)));
}

function participantIds(body: unknown): string[] {
  const req = asObject(body);
  if (req.usernames !== undefined) throw badRequest('usernames are no longer supported; use accountIds.');
  return stringArray(req.accountIds, 'accountIds');
}

const OWNERSHIP = new Set(['OWNED_REQUESTS', 'PARTICIPATED_REQUESTS', 'APPROVER', 'ALL_ORGANIZATIONS', 'ORGANIZATION', 'ALL_REQUESTS']);

export const requestRoutes: RouteDef[] = [
  route('jsm', 'POST', '/rest/servicedeskapi/request', ({ ctx, actor, body, url }) => {
    const req = asObject(body);
    const values = req.requestFieldValues === undefined ? {} : asObject(req.requestFieldValues, 'requestFieldValues');
    const issue = createCustomerRequest(ctx, actor.accountId, {
      serviceDeskId: optionalString(req, 'serviceDeskId') ?? '',
      requestTypeId: optionalString(req, 'requestTypeId') ?? '',
      requestFieldValues: values,
      raiseOnBehalfOf: optionalString(req, 'raiseOnBehalfOf'),
      requestParticipants: req.requestParticipants === undefined ? undefined : stringArray(req.requestParticipants, 'requestParticipants'),
    });
    return ok(requestDto(ctx, actor, issue, new Set(queryValues(url, 'expand'))), 201);
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request', ({ ctx, actor, url }) => {
    const ownership = queryValues(url, 'requestOwnership');
    const bad = ownership.find((o) => !OWNERSHIP.has(o));
    if (bad) throw badRequest(`'${bad}' is not a valid requestOwnership value.`);
    const filter: RequestListFilter = {
      ownership: ownership as RequestOwnership[],
      status: queryString(url, 'requestStatus') as RequestListFilter['status'],
      approvalStatus: queryString(url, 'approvalStatus') as RequestListFilter['approvalStatus'],
      serviceDeskId: queryString(url, 'serviceDeskId'),
      requestTypeId: queryString(url, 'requestTypeId'),
      searchTerm: queryString(url, 'searchTerm'),
    };
    const expand = new Set(queryValues(url, 'expand'));
    const all = listRequests(ctx, actor.accountId, filter).map((i) => requestDto(ctx, actor, i, expand));
    return ok(pagedDto(ctx, pathOf(url), pageOf(all, queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}', ({ ctx, actor, params, url }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return ok(requestDto(ctx, actor, issue, new Set(queryValues(url, 'expand'))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}/comment', ({ ctx, actor, params, url }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const wantPublic = queryBool(url, 'public', true);
    const wantInternal = queryBool(url, 'internal', true);
    const rendered = queryValues(url, 'expand').includes('renderedBody');
    const comments = visibleCommentsOf(ctx, actor.accountId, issue)
      .filter((c) => (c.internal ? wantInternal : wantPublic))
      .map((c) => commentDto(ctx, issue, c, rendered));
    return ok(pagedDto(ctx, pathOf(url), pageOf(comments, queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'POST', '/rest/servicedeskapi/request/{issueIdOrKey}/comment', ({ ctx, actor, params, body }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const req = asObject(body);
    if (typeof req.body !== 'string' || req.body.trim() === '') throw badRequest('The comment body must not be empty.');
    if (typeof req.public !== 'boolean') throw badRequest("The 'public' field is required.");
    const comment = addComment(ctx, actor.accountId, issue, { body: req.body, internal: !req.public });
    return ok(commentDto(ctx, issue, comment, false), 201);
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}/approval', ({ ctx, actor, params, url }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const approvals = issue.approvals.map((a) => approvalDto(ctx, issue, a, actor.accountId));
    return ok(pagedDto(ctx, pathOf(url), pageOf(approvals, queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}', ({ ctx, actor, params }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return ok(approvalDto(ctx, issue, approvalOf(issue, params.approvalId ?? ''), actor.accountId));
  }),

  route('jsm', 'POST', '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}', ({ ctx, actor, params, body }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    const decision = asObject(body).decision;
    if (decision !== 'approve' && decision !== 'decline') throw badRequest("The decision must be 'approve' or 'decline'.");
    const approval = answerApproval(ctx, actor.accountId, issue, params.approvalId ?? '', decision);
    return ok(approvalDto(ctx, issue, approval, actor.accountId));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}/status', ({ ctx, actor, params, url }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return ok(pagedDto(ctx, pathOf(url), pageOf(statusHistoryDtos(issue), queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', ({ ctx, actor, params, url }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    return ok(participantsPage(ctx, issue, url));
  }),

  route('jsm', 'POST', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', ({ ctx, actor, params, url, body }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    addParticipants(ctx, actor.accountId, issue, participantIds(body));
    return ok(participantsPage(ctx, issue, url));
  }),

  route('jsm', 'DELETE', '/rest/servicedeskapi/request/{issueIdOrKey}/participant', ({ ctx, actor, params, url, body }) => {
    const issue = visibleRequest(ctx, actor.accountId, params.issueIdOrKey ?? '');
    removeParticipants(ctx, actor.accountId, issue, participantIds(body));
    return ok(participantsPage(ctx, issue, url));
  }),
];
