import type { InvocationError } from '@forge/events';
import { startApprovalPublication } from '../../usecases/publish-secret-change-approval';
import { approvalDeps } from '../secret-audit-composition';
import { redeliveryFor } from './redelivery';

interface IssueUpdatedEvent {
  issue?: { id?: unknown; key?: unknown };
  changelog?: { items?: { field?: unknown; fieldId?: unknown }[] };
}

/** `avi:jira:updated:issue`: a status change of an approved "Secret change" request queues its publication to SNS. */
export async function onSecretChangeUpdated(event: IssueUpdatedEvent): Promise<InvocationError | void> {
  const statusChanged = event.changelog?.items?.some((item) => item.fieldId === 'status' || item.field === 'status');
  const issueId = event.issue?.id;
  if (!statusChanged || typeof issueId !== 'string' || !/^\d{1,18}$/.test(issueId)) return;
  try {
    const outcome = await startApprovalPublication({ issueId }, approvalDeps());
    if (outcome === 'queued') console.info(`secret change approval ${String(event.issue?.key)} queued for SNS`);
  } catch (error) {
    // Without another delivery an approved change would never be published, and would be flagged as unapproved.
    return redeliveryFor(error, `check ${String(event.issue?.key)} for a secret change approval`);
  }
}
