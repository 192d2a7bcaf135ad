import { DateTime } from '@common/components/DateTime';
import type { SecretChangesPanelView } from '@shared/secret-audit-contract';

type Approval = SecretChangesPanelView['approval'];

const topicName = (arn: string) => arn.split(':').at(-1) || arn;

/** Whether the approval reached the customer's SNS topic (so pipelines could act on it), and came back. */
export function ApprovalPublication({ approval }: { approval: Approval }) {
  if (!approval) {
    return (
      <p className="approval-line muted" data-testid="approval-publication" data-state="none">
        Approval not published to SNS: the request is not approved yet, or no topic is set for approvals.
      </p>
    );
  }
  if (approval.error && !approval.publishedAt) {
    return (
      <p className="publication-error" role="alert" data-testid="approval-publication" data-state="failed">
        Publishing the approval to <span title={approval.topicArn}>{topicName(approval.topicArn)}</span> failed: {approval.error}
      </p>
    );
  }
  return (
    <p className="approval-line" data-testid="approval-publication" data-state={approval.deliveredBackAt ? 'delivered' : 'published'}>
      Approval published to{' '}
      <strong title={`${approval.topicArn}${approval.messageId ? ` · message ${approval.messageId}` : ''}`}>{topicName(approval.topicArn)}</strong>
      {approval.publishedAt && (
        <>
          {' '}
          on <DateTime iso={approval.publishedAt} />
        </>
      )}
      {approval.deliveredBackAt && (
        <span className="muted">
          {' '}
          · received back <DateTime iso={approval.deliveredBackAt} style="time" />
        </span>
      )}
    </p>
  );
}
