import type { SecretChangeRecord } from '../../domain/secret-audit/evidence';
import type { SecretChangeView } from '../../shared/secret-audit-contract';

/** A stored change as the admin report and the issue panel show it. */
export function toChangeView(r: SecretChangeRecord): SecretChangeView {
  const reason =
    r.why === 'outside-window'
      ? `Outside the change window of ${(r.nearMisses ?? []).join(', ')}`
      : r.why === 'no-request-for-secret'
        ? 'No approved request names this secret'
        : undefined;
  return {
    id: r.id,
    eventTime: r.eventTime,
    eventName: r.eventName,
    secretArn: r.secretArn,
    actorArn: r.actor.arn,
    ...(r.actor.roleArn ? { actorRoleArn: r.actor.roleArn } : {}),
    actorType: r.actor.type,
    sourceIp: r.sourceIp,
    account: r.account,
    region: r.region,
    outcome: r.outcome,
    ...(r.ticketKey ? { ticketKey: r.ticketKey } : {}),
    ...(r.unapprovedIssueKey ? { unapprovedIssueKey: r.unapprovedIssueKey } : {}),
    ...(r.automatedBy ? { automatedBy: r.automatedBy } : {}),
    ...(reason ? { reason } : {}),
    details: [...r.details],
  };
}
