import type { ApprovedChangeWindow } from './matching';
import { parseSecretArn } from './secret-change';

/** `source` of every message Provisio publishes, so its own messages are recognised when the topic delivers them back. */
export const PROVISIO_MESSAGE_SOURCE = 'provisio';
export const APPROVAL_EVENT = 'secret-change-approved';

export interface ApprovalMessage {
  subject: string;
  /** JSON text. */
  message: string;
  /** SNS message attributes, for subscription filter policies. */
  attributes: Record<string, { DataType: 'String' | 'Number' | 'String.Array'; StringValue: string }>;
}

/**
 * What Provisio publishes when a "Secret change" request is approved: the request, its secrets and
 * window, who approved it, as JSON; attributes carry the same for filtering (by account, by
 * window) without parsing the body. The idempotency key lets subscribers drop redeliveries.
 */
export function approvalMessage(window: ApprovedChangeWindow, extra: { reason?: string; siteUrl?: string }): ApprovalMessage {
  const accounts = [...new Set(window.secretArns.map((a) => parseSecretArn(a.replace(/\*$/, ''))?.accountId).filter((a): a is string => a !== undefined))];
  const body = {
    source: PROVISIO_MESSAGE_SOURCE,
    event: APPROVAL_EVENT,
    version: 1,
    issueKey: window.issueKey,
    issueId: window.issueId,
    ...(window.summary ? { summary: window.summary } : {}),
    ...(extra.siteUrl ? { issueUrl: `${extra.siteUrl.replace(/\/$/, '')}/browse/${window.issueKey}` } : {}),
    secretArns: window.secretArns,
    changeWindow: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(window.approvedBy ? { approvedBy: window.approvedBy } : {}),
    ...(window.approvedAt ? { approvedAt: window.approvedAt } : {}),
  };
  return {
    subject: `Secret change approved: ${window.issueKey}`.slice(0, 100),
    message: JSON.stringify(body),
    attributes: {
      'provisio.event': { DataType: 'String', StringValue: APPROVAL_EVENT },
      'provisio.idempotencyKey': { DataType: 'String', StringValue: `${window.issueId}:${window.start}:${window.end}` },
      'jira.issueKey': { DataType: 'String', StringValue: window.issueKey },
      'secret.arns': { DataType: 'String.Array', StringValue: JSON.stringify(window.secretArns.slice(0, 50)) },
      ...(accounts.length ? { 'aws.accounts': { DataType: 'String.Array' as const, StringValue: JSON.stringify(accounts) } } : {}),
      'window.start': { DataType: 'Number', StringValue: String(Math.floor(window.start / 1000)) },
      'window.end': { DataType: 'Number', StringValue: String(Math.floor(window.end / 1000)) },
    },
  };
}

/** Whether a delivered message body is one Provisio published (its own approvals coming back). */
export function isProvisioMessage(message: string): { issueKey?: string } | undefined {
  try {
    const parsed = JSON.parse(message) as { source?: unknown; issueKey?: unknown };
    if (parsed?.source !== PROVISIO_MESSAGE_SOURCE) return undefined;
    return typeof parsed.issueKey === 'string' ? { issueKey: parsed.issueKey } : {};
  } catch {
    return undefined;
  }
}
