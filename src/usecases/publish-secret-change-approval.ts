import { approvalMessage } from '../domain/secret-audit/approval-message';
import type { ApprovalPublication, ApprovalPublisher, ApprovedRequests, SecretAuditQueue, SecretAuditStore } from './secret-audit-ports';

export type ApprovalStart = 'not-configured' | 'not-applicable' | 'already-published' | 'queued';

/**
 * An issue changed status: if it is an approved "Secret change" request and approvals are
 * published, queue the publication (the queue retries; the trigger does not).
 */
export async function startApprovalPublication(
  issue: { issueId: string },
  deps: { store: SecretAuditStore; requests: ApprovedRequests; queue: SecretAuditQueue },
): Promise<ApprovalStart> {
  const settings = await deps.store.settings();
  if (!settings?.publishTopicArn) return 'not-configured';
  if ((await deps.store.approval(issue.issueId))?.publishedAt) return 'already-published';
  const found = await deps.requests.window(issue.issueId, settings);
  if ('notApplicable' in found) return 'not-applicable';
  await deps.queue.publishApproval(issue.issueId);
  return 'queued';
}

export type PublishOutcome = { kind: 'published'; messageId: string } | { kind: 'skipped'; why: string };

/**
 * Publishes an approved request to the customer's SNS topic, once: the request, its secrets and
 * window, and its approver, with message attributes for filter policies. A failure is recorded
 * (the panel shows it) and rethrown for the consumer to retry.
 */
export async function publishSecretChangeApproval(
  issueId: string,
  deps: { store: SecretAuditStore; requests: ApprovedRequests; publisher: ApprovalPublisher; siteUrl?: () => Promise<string | undefined> },
): Promise<PublishOutcome> {
  const settings = await deps.store.settings();
  const topicArn = settings?.publishTopicArn;
  if (!settings || !topicArn) return { kind: 'skipped', why: 'approvals are not published' };
  const existing = await deps.store.approval(issueId);
  if (existing?.publishedAt && existing.messageId) return { kind: 'skipped', why: 'already published' };
  const found = await deps.requests.window(issueId, settings);
  if ('notApplicable' in found) return { kind: 'skipped', why: found.notApplicable };
  const { window, reason } = found;
  const base = { issueId, issueKey: window.issueKey, topicArn };
  // Recorded before publishing, so the topic delivering the message back (which can be quicker
  // than this invocation) finds the record to mark.
  await deps.store.saveApproval({ ...base });
  try {
    const siteUrl = await deps.siteUrl?.();
    const { messageId } = await deps.publisher.publish(topicArn, approvalMessage(window, { ...(reason ? { reason } : {}), ...(siteUrl ? { siteUrl } : {}) }));
    const { error: _previous, ...current }: ApprovalPublication = (await deps.store.approval(issueId)) ?? base;
    await deps.store.saveApproval({ ...current, ...base, publishedAt: new Date().toISOString(), messageId });
    return { kind: 'published', messageId };
  } catch (error) {
    await deps.store.saveApproval({ ...base, error: error instanceof Error ? error.message : 'publishing failed' }).catch(() => undefined);
    throw error;
  }
}
