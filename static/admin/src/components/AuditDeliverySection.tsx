import { DateTime } from '@common/components/DateTime';
import type { SecretAuditConfigView, SnsSubscriptionStatusView } from '@shared/secret-audit-contract';
import { CopyField } from './CopyField';
import { Section } from './Section';

const SUBSCRIPTION_LABELS: Record<SnsSubscriptionStatusView['status'], string> = {
  confirmed: 'Confirmed',
  unsubscribed: 'Unsubscribed',
  'confirmation-failed': 'Confirmation failed',
};

/** The web trigger SNS delivers to, and whether deliveries arrive. */
export function AuditDeliverySection({ config }: { config: SecretAuditConfigView }) {
  return (
    <Section
      id="audit-delivery"
      title="Delivery from AWS"
      description={
        <>
          An EventBridge rule sends every Secrets Manager change to an SNS topic, which delivers it here. Deploy <code>{config.infraTemplate}</code> with the URL
          below as its <code>WebTriggerUrl</code>: Provisio checks the signed confirmation and confirms the subscription itself.
        </>
      }
    >
      {config.webTriggerUrl ? (
        <CopyField id="audit-webtrigger-url" label="Web trigger URL" value={config.webTriggerUrl} hint="Treat it like a password: anyone with it can send messages, although Provisio accepts only messages signed by SNS for the topics below." testId="audit-webtrigger-url" />
      ) : (
        <p className="provisio-error" role="alert" data-testid="audit-webtrigger-missing">
          Forge did not give Provisio its web trigger URL. Reload the page; if it stays missing, redeploy the app.
        </p>
      )}

      <h3 className="subsection-title">Subscriptions</h3>
      {config.subscriptions.length === 0 ? (
        <p className="muted" data-testid="audit-no-subscriptions">
          No topic has subscribed yet. Deploy the template, then reload this page.
        </p>
      ) : (
        <ul className="subscriptions" data-testid="audit-subscriptions">
          {config.subscriptions.map((s) => (
            <li key={s.topicArn} className="subscription" data-testid="audit-subscription" data-status={s.status}>
              <span className={`badge ${s.status === 'confirmed' ? 'badge-ok' : 'badge-danger'}`}>{SUBSCRIPTION_LABELS[s.status]}</span> <code className="wrap">{s.topicArn}</code>
              <span className="muted">
                {' '}
                since <DateTime iso={s.at} />
              </span>
              {s.detail && <span className="subscription-detail">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="last-message" data-testid="audit-last-message">
        {config.lastMessageAt ? (
          <>
            Last message from SNS <DateTime iso={config.lastMessageAt} />
          </>
        ) : (
          <span className="muted">No message has arrived from SNS yet.</span>
        )}
      </p>
    </Section>
  );
}
