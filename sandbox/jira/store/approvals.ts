/**
 * JSM approvals. The decision is the caller's own (JSM assumes the approval belongs to the
 * calling user); one decision settles the step, and the resulting transition is made as the
 * approver, so the `updated` event carries the approver as atlassianId.
 */
import { conflict, forbidden, notFound } from '../errors';
import { type ApprovalRecord, type IssueRecord } from '../model';
import { WORKFLOWS, APPROVAL_TRANSITION } from '../workflow';
import { now, projectOf, type StoreContext } from './context';
import { changeStatus } from './transitions';

export type ApprovalAnswer = 'approve' | 'decline';

export function approvalOf(issue: IssueRecord, approvalId: string): ApprovalRecord {
  const a = issue.approvals.find((x) => x.id === approvalId);
  if (!a) throw notFound(`The approval with id ${approvalId} does not exist on ${issue.key}.`);
  return a;
}

export function answerApproval(ctx: StoreContext, actorId: string, issue: IssueRecord, approvalId: string, decision: ApprovalAnswer): ApprovalRecord {
  const approval = approvalOf(issue, approvalId);
  const approver = approval.approvers.find((a) => a.accountId === actorId);
  if (!approver) throw forbidden('You are not an approver of this approval.');
  if (approval.finalDecision !== 'pending' || approver.decision !== 'pending') throw conflict('This approval has already been completed.');
  const result = decision === 'approve' ? 'approved' : 'declined';
  approver.decision = result;
  approval.finalDecision = result;
  approval.completed = now(ctx);
  if (issue.statusId === approval.statusId) {
    const transitionId = decision === 'approve' ? APPROVAL_TRANSITION.approve : APPROVAL_TRANSITION.decline;
    const t = WORKFLOWS[projectOf(ctx, issue).workflowId].transitions.find((x) => x.id === transitionId);
    if (t) changeStatus(ctx, issue, actorId, t.to);
  }
  return approval;
}
