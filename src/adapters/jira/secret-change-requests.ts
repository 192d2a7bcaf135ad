import { route } from '@forge/api';
import { NotFoundError } from '../../domain/errors';
import { changeLabel } from '../../domain/secret-audit/evidence';
import { parseJiraDateTime, parseSecretArnList, type ApprovedChangeWindow } from '../../domain/secret-audit/matching';
import type { SecretAuditSettings } from '../../domain/secret-audit/settings';
import type { SecretChange } from '../../domain/secret-audit/secret-change';
import type { ApprovedRequests, AuditDesk } from '../../usecases/secret-audit-ports';
import { JiraClient } from './jira-client';
import { JiraSiteAddress } from './site-address';
import { adfFromText, JiraService } from './jira-service';

const DAY_MS = 86_400_000;
const PAGE = 50;
const MAX_CANDIDATES = 200;
const CLOSED_UNAPPROVED = ['Canceled', 'Declined'];

/** `cf[10031]` for `customfield_10031`. */
function clause(fieldId: string): string {
  const n = /^customfield_(\d+)$/.exec(fieldId)?.[1];
  if (!n) throw new Error(`${fieldId} is not a custom field`);
  return `cf[${n}]`;
}

/** A JQL date literal in UTC, minute precision. */
function jqlDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 16)}`;
}

interface SearchPage {
  issues: { id: string; key: string }[];
  nextPageToken?: string;
}

/**
 * "Secret change" requests as the audit reads them, acting as the app: approved ones around a
 * time (found by JQL on the window fields, then each confirmed through JSM: request type,
 * approval decision, parsed fields), plus the comments and issues the audit writes.
 */
export class SecretChangeDesk implements ApprovedRequests, AuditDesk {
  constructor(
    private readonly jira: JiraClient = JiraClient.forApp(),
    private readonly service: JiraService = new JiraService(jira),
  ) {}

  async around(atMs: number, settings: SecretAuditSettings): Promise<ApprovedChangeWindow[]> {
    const { windowStart, windowEnd } = settings.fields;
    if (!windowStart || !windowEnd) return [];
    // JQL reads date literals in the app user's zone: a day of margin each side, exact checks after.
    const jql = `${clause(windowStart)} <= "${jqlDate(atMs + DAY_MS)}" AND ${clause(windowEnd)} >= "${jqlDate(atMs - DAY_MS)}" ORDER BY created DESC`;
    const keys = await this.search(jql);
    const windows: ApprovedChangeWindow[] = [];
    for (const key of keys) {
      const found = await this.window(key, settings);
      if ('window' in found) windows.push(found.window);
    }
    return windows;
  }

  async window(issueIdOrKey: string, settings: SecretAuditSettings): Promise<{ window: ApprovedChangeWindow; reason?: string } | { notApplicable: string }> {
    let request: Awaited<ReturnType<JiraService['customerRequest']>>;
    try {
      request = await this.service.customerRequest(issueIdOrKey);
    } catch (error) {
      // Issues of software projects (and deleted ones) are no customer requests.
      if (error instanceof NotFoundError) return { notApplicable: 'not a customer request' };
      throw error;
    }
    if (request.requestTypeId !== settings.requestTypeId) return { notApplicable: 'another request type' };
    if (CLOSED_UNAPPROVED.includes(request.status)) return { notApplicable: `the request is ${request.status}` };
    const approval = await this.service.approval(request.issueKey);
    if (approval.decision !== 'approved') return { notApplicable: `the request is ${approval.decision}` };
    const f = settings.fields;
    const arns = parseSecretArnList(f.secretArns ? request.fields[f.secretArns] : undefined).arns;
    const start = parseJiraDateTime(f.windowStart ? request.fields[f.windowStart] : undefined);
    const end = parseJiraDateTime(f.windowEnd ? request.fields[f.windowEnd] : undefined);
    if (arns.length === 0 || start === undefined || end === undefined || end < start) return { notApplicable: 'the request has no valid secrets or window' };
    const summary = request.fields.summary;
    const reason = f.reason ? request.fields[f.reason] : undefined;
    return {
      window: {
        issueKey: request.issueKey,
        issueId: request.issueId,
        ...(typeof summary === 'string' ? { summary } : {}),
        secretArns: arns,
        start,
        end,
        ...(approval.approvedBy ? { approvedBy: approval.approvedBy.displayName } : {}),
        ...(approval.completedAt ? { approvedAt: approval.completedAt } : {}),
      },
      ...(typeof reason === 'string' && reason ? { reason } : {}),
    };
  }

  async commentOnce(issueKey: string, marker: string, text: string): Promise<void> {
    if (await this.service.hasComment(issueKey, marker)) return;
    await this.service.comment(issueKey, text, { internal: true, marker });
  }

  async findFiledIssue(change: SecretChange, settings: SecretAuditSettings): Promise<string | undefined> {
    const keys = await this.search(`project = "${settings.projectKey}" AND labels = "${changeLabel(change.id)}" ORDER BY created ASC`, 1);
    return keys[0];
  }

  async fileUnapprovedChange(change: SecretChange, text: { summary: string; body: string }, settings: SecretAuditSettings): Promise<string> {
    const created = await this.jira.post<{ key: string }>(
      route`/rest/api/3/issue`,
      {
        fields: {
          project: { key: settings.projectKey },
          issuetype: { name: settings.issueTypeName },
          summary: text.summary,
          description: adfFromText(text.body),
          labels: ['provisio', 'unapproved-secret-change', changeLabel(change.id)],
        },
      },
      `file an unapproved-change issue in ${settings.projectKey}`,
    );
    return created.key;
  }

  issueUrl(issueKey: string): Promise<string | undefined> {
    return new JiraSiteAddress(() => this.jira).issueUrl(issueKey);
  }

  private async search(jql: string, limit = MAX_CANDIDATES): Promise<string[]> {
    const keys: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await this.jira.post<SearchPage>(
        route`/rest/api/3/search/jql`,
        { jql, fields: ['summary'], maxResults: Math.min(PAGE, limit), ...(nextPageToken ? { nextPageToken } : {}) },
        'search for secret change requests',
      );
      keys.push(...page.issues.map((i) => i.key));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken && keys.length < limit);
    return keys.slice(0, limit);
  }
}
