import { DateTime } from '@common/components/DateTime';
import { OUTCOME_LABELS, principalName, secretName } from '@common/secret-change-format';
import type { SecretChangeView } from '@shared/secret-audit-contract';

/** One change: what was called, when, on which secret, by whom and from where. */
export function SecretChangeItem({ change }: { change: SecretChangeView }) {
  return (
    <li className="secret-change" data-testid="secret-change" data-event-id={change.id} data-event-name={change.eventName} data-outcome={change.outcome}>
      <div className="step-head">
        <span className="secret-change-event" data-testid="secret-change-event">
          {change.eventName}
          {change.outcome !== 'matched' && <span className={`lozenge lozenge-${change.outcome}`}>{OUTCOME_LABELS[change.outcome]}</span>}
        </span>
        <span className="step-time" data-testid="secret-change-time">
          <DateTime iso={change.eventTime} />
        </span>
      </div>
      <dl className="change-facts">
        <dt>Secret</dt>
        <dd title={change.secretArn} data-testid="secret-change-secret">
          {secretName(change.secretArn)}
        </dd>
        <dt>Actor</dt>
        <dd title={change.actorArn} data-testid="secret-change-actor">
          {principalName(change.actorArn)}
        </dd>
        <dt>Source IP</dt>
        <dd className="mono" data-testid="secret-change-ip">
          {change.sourceIp}
        </dd>
        {change.reason && (
          <>
            <dt>Note</dt>
            <dd>{change.reason}</dd>
          </>
        )}
      </dl>
    </li>
  );
}
