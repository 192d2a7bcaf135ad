/**
 * `/browse/{key}`: the issue view. Agents and admins get Jira's agent view (all fields, the
 * transitions they may take, internal and public comments, and the app's real issue panel in
 * an iframe); everyone else gets the portal's view of their request (its form fields, public
 * comments, approvals). Everything is read as the signed-in user.
 */
import { resourceEntryUrl } from '../resource-server';
import { uiModule, type PageContext } from './context';
import { adfToText, decisionLabel, formatDateTime, formatFieldValue, initials, isEmptyValue } from './format';
import { html, type SafeHtml } from './html';
import type { JiraApiError } from './jira-client';
import { lozenge } from './layout';
import type { RequestTypeField } from './request-form';

export interface IssueBean {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  names?: Record<string, string>;
}

interface StatusBean {
  name?: string;
  statusCategory?: { key?: string; colorName?: string; name?: string };
}

interface Transition {
  id: string;
  name: string;
  isAvailable?: boolean;
  to?: StatusBean;
}

interface UserRef {
  accountId?: string;
  displayName?: string;
}

export interface Approval {
  id: string;
  name: string;
  finalDecision: string;
  canAnswerApproval: boolean;
  approvers: { approver: UserRef; approverDecision: string }[];
}

/** A comment in one shape, whether it came from JSM (`public`) or REST v3 (`jsdPublic`, ADF body). */
export interface CommentView {
  id: string;
  author: string;
  text: string;
  created: string;
  public: boolean;
}

interface RequestTypeRef {
  fieldId: string;
  id: string;
  name: string;
  serviceDeskId: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: JiraApiError | Error };

async function attempt<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/** Fields the view shows in their own places rather than in the details list. */
const SHOWN_ELSEWHERE = new Set(['summary', 'status', 'description', 'comment', 'attachment', 'worklog', 'timetracking', 'issuelinks', 'subtasks']);

/** The request type field's value names the request type (JSM's `vp-origin` field). */
export function requestTypeOf(issue: IssueBean): RequestTypeRef | undefined {
  for (const [fieldId, value] of Object.entries(issue.fields)) {
    const rt = (value as { requestType?: { id?: unknown; name?: unknown; serviceDeskId?: unknown } } | null)?.requestType;
    if (rt && typeof rt === 'object' && typeof rt.id === 'string') {
      return { fieldId, id: rt.id, name: String(rt.name ?? ''), serviceDeskId: String(rt.serviceDeskId ?? '') };
    }
  }
  return undefined;
}

/**
 * Agent view or portal view: the SERVICEDESK_AGENT permission on the issue (or, where Jira does
 * not say, BROWSE_PROJECTS plus an agent/admin seed role).
 */
export function isStaffViewer(permissions: Record<string, { havePermission?: boolean }> | undefined, roles: readonly string[]): boolean {
  const staffRole = roles.includes('agent') || roles.includes('admin');
  if (!permissions) return staffRole;
  if (permissions.SERVICEDESK_AGENT?.havePermission) return true;
  return !permissions.SERVICEDESK_AGENT && !!permissions.BROWSE_PROJECTS?.havePermission && staffRole;
}

function issuePath(key: string): string {
  return `/browse/${encodeURIComponent(key)}`;
}

export async function loadComments(ui: PageContext, key: string, isRequest: boolean, staff: boolean): Promise<CommentView[]> {
  if (isRequest) {
    const page = await ui.jira.get<{ values: { id: string; body: string; public: boolean; author?: UserRef; created?: { jira?: string; iso8601?: string } }[] }>(
      `/rest/servicedeskapi/request/${encodeURIComponent(key)}/comment`,
      staff ? { limit: 100 } : { public: true, internal: false, limit: 100 },
    );
    return page.values.map((c) => ({
      id: c.id,
      author: c.author?.displayName ?? 'Someone',
      text: c.body,
      created: c.created?.jira ?? c.created?.iso8601 ?? '',
      public: c.public,
    }));
  }
  const page = await ui.jira.get<{ comments: { id: string; body: unknown; author?: UserRef; created?: string; jsdPublic?: boolean }[] }>(
    `/rest/api/3/issue/${encodeURIComponent(key)}/comment`,
    { maxResults: 100 },
  );
  return page.comments.map((c) => ({
    id: c.id,
    author: c.author?.displayName ?? 'Someone',
    text: typeof c.body === 'string' ? c.body : adfToText(c.body),
    created: c.created ?? '',
    public: c.jsdPublic !== false,
  }));
}

export async function issuePage(ui: PageContext, key: string): Promise<{ status: number; body: SafeHtml; title: string }> {
  const enc = encodeURIComponent(key);
  const [issueOutcome, permsOutcome] = await Promise.all([
    attempt(ui.jira.get<IssueBean>(`/rest/api/3/issue/${enc}`, { expand: 'names' })),
    attempt(
      ui.jira.get<{ permissions: Record<string, { havePermission?: boolean }> }>('/rest/api/3/mypermissions', {
        issueKey: key,
        permissions: 'BROWSE_PROJECTS,SERVICEDESK_AGENT,ADD_COMMENTS,TRANSITION_ISSUES',
      }),
    ),
  ]);
  if (!issueOutcome.ok) throw issueOutcome.error;
  const issue = issueOutcome.value;
  const permissions = permsOutcome.ok ? permsOutcome.value.permissions : undefined;
  const staff = isStaffViewer(permissions, ui.viewer.user.roles);
  const requestType = requestTypeOf(issue);

  const [transitions, approvals, comments, requestFields] = await Promise.all([
    staff ? attempt(ui.jira.get<{ transitions: Transition[] }>(`/rest/api/3/issue/${enc}/transitions`)) : Promise.resolve(undefined),
    requestType ? attempt(ui.jira.get<{ values: Approval[] }>(`/rest/servicedeskapi/request/${enc}/approval`, { limit: 50 })) : Promise.resolve(undefined),
    attempt(loadComments(ui, key, !!requestType, staff)),
    !staff && requestType
      ? attempt(
          ui.jira.get<{ requestTypeFields: RequestTypeField[] }>(
            `/rest/servicedeskapi/servicedesk/${encodeURIComponent(requestType.serviceDeskId)}/requesttype/${encodeURIComponent(requestType.id)}/field`,
          ),
        )
      : Promise.resolve(undefined),
  ]);

  const f = issue.fields;
  const status = (f.status ?? {}) as StatusBean;
  const project = (f.project ?? {}) as { id?: string; key?: string; name?: string; projectTypeKey?: string };
  const issueType = (f.issuetype ?? {}) as { id?: string; name?: string };
  const reporter = (f.reporter as UserRef | null | undefined)?.displayName ?? 'Anonymous';
  const summary = String(f.summary ?? '');
  const canComment = permissions ? !!permissions.ADD_COMMENTS?.havePermission : true;

  const approvalsSection = approvals ? renderApprovals(key, approvals) : '';
  const commentsSection = renderComments(key, comments, staff, canComment);
  const statusBlock = html`<div class="status-row">${lozenge(status.name ?? 'Unknown', status.statusCategory?.colorName, 'issue-status')}</div>`;

  if (!staff) {
    const fieldsSection = renderRequestFields(issue, requestFields);
    return {
      status: 200,
      title: `${issue.key}: ${summary}`,
      body: html`<nav class="breadcrumbs"><a href="/">My requests</a> / ${issue.key}</nav>
        <div class="portal-request">
          <section class="card">
            <p class="muted">${issue.key} · ${requestType?.name ?? issueType.name ?? ''}</p>
            <h1 data-testid="issue-summary">${summary}</h1>
            <p class="muted">Raised by ${reporter}${typeof f.created === 'string' ? html` on ${formatDateTime(f.created)}` : ''}</p>
            ${statusBlock}
            ${fieldsSection}
          </section>
          ${approvalsSection}
          ${commentsSection}
        </div>`,
    };
  }

  const panel = renderIssuePanel(ui, issue, project, issueType);
  const description = f.description;
  return {
    status: 200,
    title: `${issue.key}: ${summary}`,
    body: html`<nav class="breadcrumbs"><a href="/">Projects</a> / ${project.name ?? project.key ?? ''} / <span data-testid="issue-key">${issue.key}</span></nav>
      <h1 class="issue-summary" data-testid="issue-summary">${summary}</h1>
      <div class="issue-layout">
        <div class="issue-main">
          <section class="section">
            <h2>Description</h2>
            ${isEmptyValue(description) ? html`<p class="muted">No description.</p>` : html`<div class="pre description">${typeof description === 'string' ? description : adfToText(description)}</div>`}
          </section>
          ${panel}
          ${approvalsSection}
          ${commentsSection}
        </div>
        <aside class="issue-side">
          <section class="card">
            ${statusBlock}
            ${renderTransitions(key, transitions)}
          </section>
          <section class="card">
            <h2>Details</h2>
            ${requestType ? html`<p class="muted" data-testid="request-type">Request type: <strong>${requestType.name}</strong></p>` : ''}
            ${renderDetails(issue, requestType ? [requestType.fieldId] : [])}
          </section>
        </aside>
      </div>`,
  };
}

/** Every field the issue has a value for, labelled with its name from `expand=names`. */
export function renderDetails(issue: IssueBean, alsoShown: readonly string[] = []): SafeHtml {
  const entries = Object.entries(issue.fields).filter(([id, value]) => !SHOWN_ELSEWHERE.has(id) && !alsoShown.includes(id) && !isEmptyValue(value));
  return html`<dl class="details" data-testid="issue-fields">
    ${entries.map(([id, value]) => html`<dt title="${id}">${issue.names?.[id] ?? id}</dt><dd>${formatFieldValue(value)}</dd>`)}
  </dl>`;
}

function renderRequestFields(issue: IssueBean, outcome: Outcome<{ requestTypeFields: RequestTypeField[] }> | undefined): SafeHtml {
  const rows: SafeHtml[] = [];
  if (outcome?.ok) {
    for (const field of outcome.value.requestTypeFields) {
      if (field.fieldId === 'summary') continue;
      const value = issue.fields[field.fieldId];
      if (isEmptyValue(value)) continue;
      rows.push(html`<dt>${field.name}</dt><dd>${formatFieldValue(value)}</dd>`);
    }
  } else {
    const description = issue.fields.description;
    if (!isEmptyValue(description)) rows.push(html`<dt>Description</dt><dd>${formatFieldValue(description)}</dd>`);
  }
  return rows.length ? html`<dl class="details request-fields">${rows}</dl>` : html``;
}

function renderTransitions(key: string, outcome: Outcome<{ transitions: Transition[] }> | undefined): SafeHtml {
  if (!outcome) return html``;
  if (!outcome.ok) return html`<p class="inline-error">Could not load the workflow: ${outcome.error.message}</p>`;
  const available = outcome.value.transitions.filter((t) => t.isAvailable !== false);
  if (!available.length) return html`<p class="muted">No transitions available.</p>`;
  return html`<div class="transitions" data-testid="transitions">
    ${available.map(
      (t) => html`<form method="post" action="${issuePath(key)}/transition" class="inline">
        <input type="hidden" name="transitionId" value="${t.id}">
        <input type="hidden" name="transitionName" value="${t.name}">
        <button type="submit" class="button" title="${t.to?.name ? `Move to ${t.to.name}` : t.name}">${t.name}</button>
      </form>`,
    )}
  </div>`;
}

function decisionClass(decision: string): string {
  return decision === 'approved' ? 'green' : decision === 'declined' ? 'red' : 'yellow';
}

function renderApprovals(key: string, outcome: Outcome<{ values: Approval[] }>): SafeHtml {
  if (!outcome.ok) return html`<section class="section"><h2>Approvals</h2><p class="inline-error">Could not load approvals: ${outcome.error.message}</p></section>`;
  const approvals = outcome.value.values;
  if (!approvals.length) return html``;
  return html`<section class="section" data-testid="approvals">
    <h2>Approvals</h2>
    ${approvals.map(
      (a) => html`<div class="approval card">
        <div class="approval-head"><strong>${a.name}</strong> ${lozenge(decisionLabel(a.finalDecision), decisionClass(a.finalDecision), 'approval-decision')}</div>
        <ul class="approvers">
          ${a.approvers.map(
            (ap) => html`<li><span class="avatar small" aria-hidden="true">${initials(ap.approver.displayName ?? '?')}</span> ${ap.approver.displayName ?? ap.approver.accountId ?? 'Approver'}
              <span class="decision decision-${decisionClass(ap.approverDecision)}">${ap.approverDecision === 'pending' ? 'Pending' : decisionLabel(ap.approverDecision)}</span></li>`,
          )}
        </ul>
        ${
          a.canAnswerApproval
            ? html`<form method="post" action="${issuePath(key)}/approval/${encodeURIComponent(a.id)}" class="approval-actions">
          <button type="submit" name="decision" value="approve" class="button primary">Approve</button>
          <button type="submit" name="decision" value="decline" class="button danger">Decline</button>
        </form>`
            : ''
        }
      </div>`,
    )}
  </section>`;
}

function renderComments(key: string, outcome: Outcome<CommentView[]>, staff: boolean, canComment: boolean): SafeHtml {
  const list = outcome.ok
    ? outcome.value.length
      ? html`<ol class="comments">${outcome.value.map(
          (c) => html`<li class="comment${c.public ? '' : ' internal'}" data-testid="comment">
            <div class="comment-head"><span class="avatar small" aria-hidden="true">${initials(c.author)}</span> <strong>${c.author}</strong>
              ${staff ? html`<span class="tag ${c.public ? 'tag-public' : 'tag-internal'}">${c.public ? 'Reply to customer' : 'Internal note'}</span>` : ''}
              <span class="muted">${formatDateTime(c.created)}</span></div>
            <div class="pre">${c.text}</div>
          </li>`,
        )}</ol>`
      : html`<p class="muted">No comments yet.</p>`
    : html`<p class="inline-error">Could not load comments: ${outcome.error.message}</p>`;
  const form = canComment
    ? html`<form method="post" action="${issuePath(key)}/comment" class="comment-form">
        <label for="comment-body" class="visually-hidden">Comment</label>
        <textarea id="comment-body" name="body" rows="3" placeholder="${staff ? 'Reply to the customer or add an internal note…' : 'Add a comment…'}"></textarea>
        <div class="actions">
          ${
            staff
              ? html`<button type="submit" name="visibility" value="internal" class="button">Add internal note</button>
          <button type="submit" name="visibility" value="public" class="button primary">Reply to customer</button>`
              : html`<button type="submit" name="visibility" value="public" class="button primary">Add comment</button>`
          }
        </div>
      </form>`
    : '';
  return html`<section class="section" data-testid="comments"><h2>Activity</h2>${list}${form}</section>`;
}

/** The app's jira:issuePanel, rendered by its real Custom UI in a frame the platform knows. */
function renderIssuePanel(
  ui: PageContext,
  issue: IssueBean,
  project: { id?: string; key?: string; projectTypeKey?: string },
  issueType: { id?: string; name?: string },
): SafeHtml {
  const module = uiModule(ui.deps.platform, 'jira:issuePanel');
  if (!module) return html``;
  let src: string;
  try {
    const token = ui.deps.frames.open({
      moduleKey: module.key,
      accountId: ui.viewer.user.accountId,
      extension: {
        issue: { id: issue.id, key: issue.key, type: issueType.name ?? '', typeId: issueType.id ?? '' },
        project: { id: project.id ?? '', key: project.key ?? '', type: project.projectTypeKey ?? '' },
      },
    });
    src = resourceEntryUrl(module.resource, token);
  } catch (error) {
    return html`<section class="section app-panel"><h2>${module.title}</h2><p class="inline-error">The app could not be shown: ${(error as Error).message}</p></section>`;
  }
  return html`<section class="section app-panel" data-testid="app-panel">
    <h2 class="app-panel-title"><span class="app-icon" aria-hidden="true">P</span> ${module.title}</h2>
    <iframe class="forge-frame issue-panel-frame" src="${src}" title="${module.title}" data-module-key="${module.key}"></iframe>
  </section>`;
}
