/** JSM servicedeskapi DTOs (CustomerRequestDTO, CommentDTO, ApprovalDTO, paging …). */
import { adfToText, textToHtml } from '../adf';
import { statusOrThrow, type StatusCategoryKey } from '../catalog';
import {
  type ApprovalRecord,
  type CommentRecord,
  type IssueRecord,
  type RequestTypeFieldRecord,
  type RequestTypeRecord,
  type ServiceDeskRecord,
} from '../model';
import { findCustomField, findRequestType, findUser, serviceDeskOfProject, type StoreContext } from '../store/context';
import { dateDto } from '../time';
import { fieldSchema } from './meta';
import { userDto } from './users';
import { customValueJson } from './values';

export const JSM_BASE = '/rest/servicedeskapi';

export interface Page<T> {
  values: T[];
  start: number;
  limit: number;
  isLastPage: boolean;
}

export function pageOf<T>(all: readonly T[], start: number, limit: number): Page<T> {
  const values = all.slice(start, start + limit);
  return { values, start, limit, isLastPage: start + values.length >= all.length };
}

/** PagedDTO envelope; `path` is the resource path with its query (for self/next/prev links). */
export function pagedDto<T>(ctx: StoreContext, path: string, page: Page<T>, expands: string[] = []): Record<string, unknown> {
  const base = `${ctx.siteUrl}${JSM_BASE}`;
  const url = new URL(`${ctx.siteUrl}${path}`);
  const links: Record<string, unknown> = { base, context: '', self: url.toString() };
  if (!page.isLastPage) {
    url.searchParams.set('start', String(page.start + page.limit));
    url.searchParams.set('limit', String(page.limit));
    links.next = url.toString();
  }
  if (page.start > 0) {
    url.searchParams.set('start', String(Math.max(0, page.start - page.limit)));
    url.searchParams.set('limit', String(page.limit));
    links.prev = url.toString();
  }
  return { _expands: expands, size: page.values.length, start: page.start, limit: page.limit, isLastPage: page.isLastPage, _links: links, values: page.values };
}

export function jsmCategory(key: StatusCategoryKey): 'UNDEFINED' | 'NEW' | 'INDETERMINATE' | 'DONE' {
  switch (key) {
    case 'new':
      return 'NEW';
    case 'indeterminate':
      return 'INDETERMINATE';
    case 'done':
      return 'DONE';
    default:
      return 'UNDEFINED';
  }
}

export function serviceDeskDto(ctx: StoreContext, sd: ServiceDeskRecord): Record<string, unknown> {
  const project = ctx.state.projects.find((p) => p.id === sd.projectId);
  return {
    id: sd.id,
    projectId: sd.projectId,
    projectName: project?.name ?? '',
    projectKey: project?.key ?? '',
    _links: { self: `${ctx.siteUrl}${JSM_BASE}/servicedesk/${sd.id}` },
  };
}

export function requestTypeDto(ctx: StoreContext, rt: RequestTypeRecord): Record<string, unknown> {
  const icon = `${ctx.siteUrl}/secure/viewavatar?avatarType=SD_REQTYPE&avatarId=10500`;
  return {
    id: rt.id,
    _links: { self: `${ctx.siteUrl}${JSM_BASE}/servicedesk/${rt.serviceDeskId}/requesttype/${rt.id}` },
    name: rt.name,
    description: rt.description,
    helpText: rt.helpText,
    issueTypeId: rt.issueTypeId,
    serviceDeskId: rt.serviceDeskId,
    portalId: rt.serviceDeskId,
    groupIds: ['1'],
    icon: { id: '10500', _links: { iconUrls: { '48x48': `${icon}&size=large`, '24x24': `${icon}&size=small`, '16x16': `${icon}&size=xsmall`, '32x32': `${icon}&size=medium` } } },
  };
}

export function requestTypeFieldDto(ctx: StoreContext, f: RequestTypeFieldRecord): Record<string, unknown> {
  const cf = findCustomField(ctx, f.fieldId);
  const validValues = (cf?.options ?? []).map((o) => ({ value: o.id, label: o.value, children: [] }));
  return {
    fieldId: f.fieldId,
    name: f.label,
    description: f.description,
    required: f.required,
    defaultValues: [],
    validValues,
    presetValues: [],
    jiraSchema: fieldSchema(ctx, f.fieldId) ?? { type: 'string' },
    visible: true,
  };
}

function statusDate(issue: IssueRecord): number {
  return issue.statusLog[issue.statusLog.length - 1]?.at ?? issue.created;
}

export function currentStatusDto(issue: IssueRecord): Record<string, unknown> {
  const status = statusOrThrow(issue.statusId);
  return { status: status.name, statusCategory: jsmCategory(status.category), statusDate: dateDto(statusDate(issue)) };
}

/** Status history, newest first, as JSM's /status lists it. */
export function statusHistoryDtos(issue: IssueRecord): Record<string, unknown>[] {
  return [...issue.statusLog].reverse().map((s) => {
    const status = statusOrThrow(s.statusId);
    return { status: status.name, statusCategory: jsmCategory(status.category), statusDate: dateDto(s.at) };
  });
}

export function requestLinks(ctx: StoreContext, issue: IssueRecord): Record<string, string> {
  const sd = serviceDeskOfProject(ctx, issue.projectId);
  return {
    jiraRest: `${ctx.siteUrl}/rest/api/2/issue/${issue.id}`,
    web: `${ctx.siteUrl}/servicedesk/customer/portal/${sd?.id ?? '1'}/${issue.key}`,
    agent: `${ctx.siteUrl}/browse/${issue.key}`,
    self: `${ctx.siteUrl}${JSM_BASE}/request/${issue.id}`,
  };
}

function requestFieldValues(ctx: StoreContext, issue: IssueRecord, rt: RequestTypeRecord | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ fieldId: 'summary', label: rt?.fields.find((f) => f.fieldId === 'summary')?.label ?? 'Summary', value: issue.summary }];
  for (const f of rt?.fields ?? []) {
    if (f.fieldId === 'summary') continue;
    if (f.fieldId === 'description') {
      if (!issue.description) continue;
      const text = adfToText(issue.description);
      out.push({ fieldId: 'description', label: f.label, value: text, renderedValue: { html: textToHtml(text) } });
      continue;
    }
    const cf = findCustomField(ctx, f.fieldId);
    const value = issue.customFields[f.fieldId];
    if (!cf || value === undefined) continue;
    const entry: Record<string, unknown> = { fieldId: f.fieldId, label: f.label, value: customValueJson(ctx, cf, value, 'jsm') };
    if (cf.kind === 'textarea') entry.renderedValue = { html: textToHtml(String(value)) };
    out.push(entry);
  }
  return out;
}

export interface RequestDtoOptions {
  expand: ReadonlySet<string>;
  viewerId: string;
  /** Comments the viewer may see, for `expand=comment`. */
  visibleComments: CommentRecord[];
  canManageParticipants: boolean;
  canComment: boolean;
}

export function customerRequestDto(ctx: StoreContext, issue: IssueRecord, opts: RequestDtoOptions): Record<string, unknown> {
  const rt = issue.requestTypeId ? findRequestType(ctx, issue.requestTypeId) : undefined;
  const sd = serviceDeskOfProject(ctx, issue.projectId);
  const reporter = issue.reporterId ? findUser(ctx, issue.reporterId) : undefined;
  const out: Record<string, unknown> = {
    _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
    issueId: issue.id,
    issueKey: issue.key,
    summary: issue.summary,
    requestTypeId: rt?.id ?? '',
    serviceDeskId: sd?.id ?? '',
    createdDate: dateDto(issue.created),
    requestFieldValues: requestFieldValues(ctx, issue, rt),
    currentStatus: currentStatusDto(issue),
    _links: requestLinks(ctx, issue),
  };
  if (reporter) out.reporter = userDto(ctx, reporter);
  const path = `${JSM_BASE}/request/${issue.id}`;
  if (opts.expand.has('participant')) {
    const users = issue.participantIds.map((id) => findUser(ctx, id)).filter((u) => u !== undefined);
    out.participants = pagedDto(ctx, `${path}/participant`, pageOf(users.map((u) => userDto(ctx, u)), 0, 50));
  }
  if (opts.expand.has('status')) out.status = pagedDto(ctx, `${path}/status`, pageOf(statusHistoryDtos(issue), 0, 50));
  if (opts.expand.has('requestType') && rt) out.requestType = requestTypeDto(ctx, rt);
  if (opts.expand.has('serviceDesk') && sd) out.serviceDesk = serviceDeskDto(ctx, sd);
  if (opts.expand.has('comment')) {
    out.comments = pagedDto(ctx, `${path}/comment`, pageOf(opts.visibleComments.map((c) => commentDto(ctx, issue, c, false)), 0, 50));
  }
  if (opts.expand.has('action')) {
    out.actions = {
      addAttachment: { allowed: false },
      addComment: { allowed: opts.canComment },
      addParticipant: { allowed: opts.canManageParticipants },
      removeParticipant: { allowed: opts.canManageParticipants },
    };
  }
  if (opts.expand.has('sla')) out.sla = pagedDto(ctx, `${path}/sla`, pageOf([], 0, 50));
  if (opts.expand.has('attachment')) out.attachments = pagedDto(ctx, `${path}/attachment`, pageOf([], 0, 50));
  return out;
}

export function commentDto(ctx: StoreContext, issue: IssueRecord, c: CommentRecord, rendered: boolean): Record<string, unknown> {
  const author = findUser(ctx, c.authorId);
  const text = adfToText(c.body);
  const out: Record<string, unknown> = {
    id: c.id,
    body: text,
    public: !c.internal,
    created: dateDto(c.created),
    _links: { self: `${ctx.siteUrl}${JSM_BASE}/request/${issue.id}/comment/${c.id}` },
  };
  if (author) out.author = userDto(ctx, author);
  if (rendered) out.renderedBody = { html: textToHtml(text) };
  return out;
}

export function approvalDto(ctx: StoreContext, issue: IssueRecord, a: ApprovalRecord, viewerId: string): Record<string, unknown> {
  const mine = a.approvers.find((ap) => ap.accountId === viewerId);
  const out: Record<string, unknown> = {
    id: a.id,
    name: a.name,
    finalDecision: a.finalDecision,
    canAnswerApproval: a.finalDecision === 'pending' && mine?.decision === 'pending',
    approvers: a.approvers.flatMap((ap) => {
      const user = findUser(ctx, ap.accountId);
      return user ? [{ approver: userDto(ctx, user), approverDecision: ap.decision }] : [];
    }),
    createdDate: dateDto(a.created),
    _links: { self: `${ctx.siteUrl}${JSM_BASE}/request/${issue.id}/approval/${a.id}` },
  };
  if (a.completed !== null) out.completedDate = dateDto(a.completed);
  return out;
}

/** The "Request Type" field value as REST v3 shows it on the issue. */
export function requestTypeFieldValue(ctx: StoreContext, issue: IssueRecord): Record<string, unknown> | null {
  const rt = issue.requestTypeId ? findRequestType(ctx, issue.requestTypeId) : undefined;
  if (!rt) return null;
  return { _links: requestLinks(ctx, issue), requestType: requestTypeDto(ctx, rt), currentStatus: currentStatusDto(issue) };
}
