import { route } from '@forge/api';
import { JiraClient } from './jira-client';

export interface CustomerRequest {
  issueId: string;
  issueKey: string;
  requestTypeId: string;
  serviceDeskId: string;
  reporterAccountId?: string;
  reporter?: { accountId: string; displayName: string; email?: string };
  status: string;
  /** Field values by field id, as JSM returns them. */
  fields: Record<string, unknown>;
}

export interface ApprovalDecision {
  decision: 'pending' | 'approved' | 'declined';
  approvedBy?: { accountId: string; displayName: string };
  completedAt?: string;
}

interface RawRequest {
  issueId: string;
  issueKey: string;
  requestTypeId: string;
  serviceDeskId: string;
  reporter?: { accountId?: string; displayName?: string; emailAddress?: string };
  currentStatus?: { status?: string };
  requestFieldValues?: { fieldId: string; value: unknown }[];
}

interface RawApprovals {
  values?: {
    finalDecision: 'pending' | 'approved' | 'declined';
    completedDate?: { iso8601?: string };
    approvers?: { approver: { accountId: string; displayName: string }; approverDecision: string }[];
  }[];
}

interface RawComments {
  comments: { id: string; properties?: { key: string; value: unknown }[] }[];
  startAt: number;
  maxResults: number;
  total: number;
}

/** The marker property a Provisio comment carries, so a retried step can tell it already posted. */
const MARKER_PROPERTY = 'provisio.marker';
const COMMENT_PAGE = 100;

/** Plain text → Atlassian Document Format, one paragraph per line. */
export function adfFromText(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

/** Jira and JSM in Provisio's words, acting as the app. */
export class JiraService {
  private readonly requestReads: Map<string, Promise<CustomerRequest>> | undefined;

  constructor(
    private readonly jira: JiraClient = JiraClient.forApp(),
    options: { shareRequestReads?: boolean } = {},
  ) {
    this.requestReads = options.shareRequestReads ? new Map() : undefined;
  }

  /**
   * Reads a customer request. With `shareRequestReads`, repeated reads of one request in one
   * invocation (the flows sharing the issue-updated trigger each ask) cost one Jira call.
   */
  customerRequest(issueIdOrKey: string): Promise<CustomerRequest> {
    if (!this.requestReads) return this.readCustomerRequest(issueIdOrKey);
    let read = this.requestReads.get(issueIdOrKey);
    if (!read) {
      read = this.readCustomerRequest(issueIdOrKey);
      this.requestReads.set(issueIdOrKey, read);
      // A failed read is not remembered: the next asker tries again.
      read.catch(() => this.requestReads?.delete(issueIdOrKey));
    }
    return read;
  }

  private async readCustomerRequest(issueIdOrKey: string): Promise<CustomerRequest> {
    const raw = await this.jira.get<RawRequest>(route`/rest/servicedeskapi/request/${issueIdOrKey}`, `read request ${issueIdOrKey}`);
    const fields: Record<string, unknown> = {};
    for (const value of raw.requestFieldValues ?? []) fields[value.fieldId] = value.value;
    const reporterId = raw.reporter?.accountId;
    return {
      issueId: raw.issueId,
      issueKey: raw.issueKey,
      requestTypeId: raw.requestTypeId,
      serviceDeskId: raw.serviceDeskId,
      ...(reporterId
        ? {
            reporterAccountId: reporterId,
            reporter: { accountId: reporterId, displayName: raw.reporter?.displayName ?? reporterId, ...(raw.reporter?.emailAddress ? { email: raw.reporter.emailAddress } : {}) },
          }
        : {}),
      status: raw.currentStatus?.status ?? '',
      fields,
    };
  }

  /** The decision of the request's latest approval, and who made it. */
  async approval(issueKey: string): Promise<ApprovalDecision> {
    const raw = await this.jira.get<RawApprovals>(route`/rest/servicedeskapi/request/${issueKey}/approval`, `read approvals of ${issueKey}`);
    const last = raw.values?.at(-1);
    if (!last) return { decision: 'pending' };
    const approver = last.approvers?.find((a) => a.approverDecision === last.finalDecision);
    return {
      decision: last.finalDecision,
      ...(approver ? { approvedBy: { accountId: approver.approver.accountId, displayName: approver.approver.displayName } } : {}),
      ...(last.completedDate?.iso8601 ? { completedAt: last.completedDate.iso8601 } : {}),
    };
  }

  /** Posts a comment (internal for agents, or public for the requester) tagged with `marker`. */
  async comment(issueKey: string, text: string, options: { internal: boolean; marker: string }): Promise<string> {
    const created = await this.jira.post<{ id: string }>(
      route`/rest/api/3/issue/${issueKey}/comment`,
      {
        body: adfFromText(text),
        properties: [
          { key: 'sd.public.comment', value: { internal: options.internal } },
          { key: MARKER_PROPERTY, value: { marker: options.marker } },
        ],
      },
      `comment on ${issueKey}`,
    );
    return created.id;
  }

  /** True when a comment tagged `marker` exists (so a retry does not post it twice). */
  async hasComment(issueKey: string, marker: string): Promise<boolean> {
    for (let startAt = 0; ; startAt += COMMENT_PAGE) {
      const page = await this.jira.get<RawComments>(
        route`/rest/api/3/issue/${issueKey}/comment?expand=properties&startAt=${startAt}&maxResults=${COMMENT_PAGE}`,
        `read comments of ${issueKey}`,
      );
      const found = page.comments.some((c) => c.properties?.some((p) => p.key === MARKER_PROPERTY && (p.value as { marker?: string })?.marker === marker));
      if (found) return true;
      if (page.comments.length === 0 || startAt + page.comments.length >= page.total) return false;
    }
  }

  async status(issueKey: string): Promise<string> {
    const issue = await this.jira.get<{ fields: { status: { name: string } } }>(route`/rest/api/3/issue/${issueKey}?fields=status`, `read the status of ${issueKey}`);
    return issue.fields.status.name;
  }

  /** Moves the issue to `statusName` through whichever transition leads there; a no-op if it is already there. */
  async moveTo(issueKey: string, statusName: string): Promise<'moved' | 'already-there'> {
    // One read gives both the status and the transitions open from it (`expand=transitions`).
    const issue = await this.jira.get<{ fields: { status: { name: string } }; transitions?: { id: string; to: { name: string } }[] }>(
      route`/rest/api/3/issue/${issueKey}?fields=status&expand=transitions`,
      `read the status and transitions of ${issueKey}`,
    );
    if (issue.fields.status.name === statusName) return 'already-there';
    const transition = issue.transitions?.find((t) => t.to.name === statusName);
    if (!transition) throw new NoTransitionError(`${issueKey} has no transition to "${statusName}" from its current status`);
    await this.jira.post(route`/rest/api/3/issue/${issueKey}/transitions`, { transition: { id: transition.id } }, `move ${issueKey} to ${statusName}`);
    return 'moved';
  }
}

export class NoTransitionError extends Error {
  override readonly name = 'NoTransitionError';
}
