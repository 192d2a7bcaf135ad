import type { ApprovedChangeWindow, ChangeOutcome } from './matching';
import type { SecretChange } from './secret-change';

/** A change as Provisio keeps it: the normalised change, how it arrived, and what was decided. */
export interface SecretChangeRecord extends SecretChange {
  outcome: 'pending' | ChangeOutcome;
  /** The approved request that covers it (matched). */
  ticketKey?: string;
  alsoCoveredBy?: string[];
  /** The allow-listed principal that made it (automated, or matched by automation). */
  automatedBy?: string;
  /** The issue filed for it (unapproved), and when Slack was told. */
  unapprovedIssueKey?: string;
  alertedAt?: string;
  why?: 'no-request-for-secret' | 'outside-window';
  nearMisses?: string[];
  topicArn: string;
  snsMessageId: string;
  receivedAt: string;
  decidedAt?: string;
}

function actorLine(change: SecretChange): string {
  const a = change.actor;
  return `${a.arn}${a.roleArn && a.roleArn !== a.arn ? ` (role ${a.roleArn})` : ''} [${a.type}]`;
}

/** The facts of a change, one per line, for comments and issues. */
export function evidenceLines(change: SecretChange): string[] {
  return [
    `Call: ${change.eventName}`,
    `Secret: ${change.secretArn}${change.partialArn ? ' (named without its suffix)' : ''}`,
    `By: ${actorLine(change)}`,
    ...(change.actor.accessKeyId ? [`Access key: ${change.actor.accessKeyId}`] : []),
    `From: ${change.sourceIp}${change.userAgent ? ` (${change.userAgent})` : ''}`,
    `At: ${change.eventTime}`,
    `Account / region: ${change.account} / ${change.region}`,
    ...(change.details.length ? [`Parameters: ${change.details.join('; ')}`] : []),
    `CloudTrail event id: ${change.id}${change.requestId ? `, request id ${change.requestId}` : ''}`,
  ];
}

export function matchedCommentText(change: SecretChange, window: Pick<ApprovedChangeWindow, 'start' | 'end'> | undefined, automatedBy?: string): string {
  return [
    `Provisio saw an approved change to a secret in AWS Secrets Manager within this request's change window${window ? ` (${new Date(window.start).toISOString()} – ${new Date(window.end).toISOString()})` : ''}.`,
    ...evidenceLines(change),
    ...(automatedBy ? [`The caller is an allow-listed automation principal (${automatedBy}).`] : []),
  ].join('\n');
}

export function unapprovedIssueSummary(change: SecretChange): string {
  const summary = `Unapproved secret change: ${change.eventName} on ${change.secretName} by ${change.actor.userName ?? change.actor.arn.split('/').pop() ?? change.actor.arn}`;
  return summary.length > 250 ? `${summary.slice(0, 247)}...` : summary;
}

export function unapprovedIssueText(change: SecretChange, why: 'no-request-for-secret' | 'outside-window', nearMisses: readonly string[]): string {
  const reason =
    why === 'outside-window'
      ? `Approved "Secret change" requests name this secret (${nearMisses.join(', ')}), but none of their change windows includes the time of the change.`
      : 'No approved "Secret change" request names this secret, and the caller is not an allow-listed automation principal.';
  return [
    'Provisio found a change to a secret in AWS Secrets Manager that no approved request covers.',
    reason,
    '',
    ...evidenceLines(change),
    '',
    'Find out who made the change and why. If it was planned, link the request that approved it; if not, treat it as a security incident (rotate the secret, review the caller’s access).',
  ].join('\n');
}

export function slackAlertText(change: SecretChange, issueKey: string, issueUrl: string | undefined): string {
  const link = issueUrl ? `<${issueUrl}|${issueKey}>` : issueKey;
  return `:rotating_light: Unapproved secret change: ${change.eventName} on ${change.secretArn} by ${change.actor.arn} from ${change.sourceIp} at ${change.eventTime}. Filed as ${link}.`;
}

/** A label that finds the issue filed for a change (labels allow no spaces; CloudTrail ids are UUIDs). */
export function changeLabel(changeId: string): string {
  return `secret-change-${changeId.toLowerCase().replace(/[^a-z0-9-]/g, '')}`.slice(0, 255);
}
