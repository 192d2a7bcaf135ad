import { startApprovalPublication } from '../../usecases/publish-secret-change-approval';
import { approvalDeps } from '../secret-audit-composition';

interface IssueUpdatedEvent {
  issue?: { id?: unknown; key?: unknown };
  changelog?: { items?: { field?: unknown; fieldId?: unknown }[] };
}

/** `avi:jira:updated:issue`: a status change of an approved "Secret change" request queues its publication to SNS. */
export async function onSecretChangeUpdated(event: IssueUpdatedEvent): Promise<void> {
  const statusChanged = event.changelog?.items?.some((item) => item.fieldId === 'status' || item.field === 'status');
  const issueId = event.issue?.id;
  if (!statusChanged || typeof issueId !== 'string' || !/^\d{1,18}$/.test(issueId)) return;
  const outcome = await startApprovalPublication({ issueId }, approvalDeps());
  if (outcome === 'queued') console.info(`secret change approval ${String(event.issue?.key)} queued for SNS`);
}
