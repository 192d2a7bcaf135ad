import { matchedCommentText, slackAlertText, unapprovedIssueSummary, unapprovedIssueText, type SecretChangeRecord } from '../domain/secret-audit/evidence';
import { classifyChange } from '../domain/secret-audit/matching';
import type { ApprovedRequests, AuditDesk, ChangeAlerts, SecretAuditStore } from './secret-audit-ports';

export interface AuditDeps {
  store: SecretAuditStore;
  requests: ApprovedRequests;
  desk: AuditDesk;
  alerts: ChangeAlerts;
}

export type AuditOutcome = { kind: 'decided'; outcome: SecretChangeRecord['outcome']; issueKey?: string } | { kind: 'skipped'; why: string };

/**
 * Decides one recorded change and acts on it: matched → an internal comment with the evidence on
 * the approving request; automated → recorded only; unapproved → one issue in the configured
 * project (found again by its label if a crash came between filing and recording it) and a Slack
 * alert (at least once). Effects come before the record is saved, and each is idempotent, so a
 * retry after any failure ends with one comment or one issue.
 */
export async function auditSecretChange(changeId: string, deps: AuditDeps): Promise<AuditOutcome> {
  const record = await deps.store.change(changeId);
  if (!record) return { kind: 'skipped', why: 'no such change' };
  if (record.outcome === 'unapproved' && record.unapprovedIssueKey && !record.alertedAt) return alert(record, record.unapprovedIssueKey, deps);
  if (record.outcome !== 'pending') return { kind: 'skipped', why: `already ${record.outcome}` };
  const settings = await deps.store.settings();
  if (!settings) return { kind: 'skipped', why: 'the audit is not configured' };

  const windows = await deps.requests.around(Date.parse(record.eventTime), settings);
  const decision = classifyChange(record, windows, settings.automationPrincipals);
  const decidedAt = new Date().toISOString();

  if (decision.outcome === 'matched') {
    const window = windows.find((w) => w.issueKey === decision.ticketKey);
    await deps.desk.commentOnce(decision.ticketKey, `secret-change:${record.id}`, matchedCommentText(record, window, decision.automatedBy));
    await deps.store.saveChange({
      ...record,
      outcome: 'matched',
      ticketKey: decision.ticketKey,
      ...(decision.alsoCoveredBy.length ? { alsoCoveredBy: decision.alsoCoveredBy } : {}),
      ...(decision.automatedBy ? { automatedBy: decision.automatedBy } : {}),
      decidedAt,
    });
    return { kind: 'decided', outcome: 'matched', issueKey: decision.ticketKey };
  }

  if (decision.outcome === 'automated') {
    await deps.store.saveChange({ ...record, outcome: 'automated', automatedBy: decision.principal, decidedAt });
    return { kind: 'decided', outcome: 'automated' };
  }

  const issueKey =
    (await deps.desk.findFiledIssue(record, settings)) ??
    (await deps.desk.fileUnapprovedChange(record, { summary: unapprovedIssueSummary(record), body: unapprovedIssueText(record, decision.why, decision.nearMisses) }, settings));
  // Recorded before alerting, so a retry never files again; the alert is marked sent after it is.
  const decided: SecretChangeRecord = { ...record, outcome: 'unapproved', unapprovedIssueKey: issueKey, why: decision.why, nearMisses: decision.nearMisses, decidedAt };
  await deps.store.saveChange(decided);
  return alert(decided, issueKey, deps);
}

async function alert(record: SecretChangeRecord, issueKey: string, deps: AuditDeps): Promise<AuditOutcome> {
  await deps.alerts.unapprovedChange(slackAlertText(record, issueKey, await deps.desk.issueUrl(issueKey)));
  await deps.store.saveChange({ ...record, alertedAt: new Date().toISOString() });
  return { kind: 'decided', outcome: 'unapproved', issueKey };
}

