import { useState, type FormEvent } from 'react';
import { saveSlack } from '../api';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { Field } from './Field';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';

/** The Slack incoming webhook failures are posted to: write-only, so the page shows only whether one is set. */
export function SlackSection({ configured, onSaved }: { configured: boolean; onSaved: () => Promise<void> }) {
  const [url, setUrl] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useSave();
  const errors = fieldErrorsOf(save.state);
  const done = async () => {
    setUrl('');
    setConfirmRemove(false);
    await onSaved();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An empty URL would remove the webhook; that has its own button.
    if (!url.trim()) return save.fail({ webhookUrl: 'Paste the webhook URL from Slack (https://hooks.slack.com/services/…).' });
    save.run(() => saveSlack(url.trim()), done);
  };

  return (
    <Section id="slack" title="Slack notifications" description="Provisio posts to this Slack channel when a request fails, so someone can act on it.">
      <p className="slack-state" data-testid="slack-status">
        {configured ? (
          <>
            <span className="badge badge-ok">Configured</span> A webhook is saved. For safety it is never shown again.
          </>
        ) : (
          <>
            <span className="badge">Not configured</span> Failures are reported on the request only.
          </>
        )}
      </p>
      <form className="admin-form" onSubmit={submit} noValidate>
        <Field id="slack-webhook" label={configured ? 'Replace the webhook URL' : 'Webhook URL'} errorKey="webhookUrl" error={errors.webhookUrl} hint="A Slack incoming webhook, https://hooks.slack.com/services/…">
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              value={url}
              onChange={(e) => {
                setUrl(e.target.value);
                if (save.state.status === 'saved') save.reset();
              }}
              autoComplete="off"
              spellCheck={false}
              placeholder="https://hooks.slack.com/services/…"
              data-testid="slack-webhook"
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.state.status === 'saving'} data-testid="slack-save">
            {configured ? 'Replace webhook' : 'Save webhook'}
          </button>
          {configured && !confirmRemove && (
            <button type="button" className="button" onClick={() => setConfirmRemove(true)} data-testid="slack-remove">
              Remove webhook
            </button>
          )}
          {configured && confirmRemove && (
            <span className="confirm" role="group" aria-label="Confirm removal">
              <span>Stop posting failures to Slack?</span>
              <button type="button" className="button button-danger" onClick={() => save.run(() => saveSlack(null), done)} data-testid="slack-remove-confirm">
                Remove
              </button>
              <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
                Cancel
              </button>
            </span>
          )}
        </div>
        <SaveFeedback state={save.state} testIdPrefix="slack" savedMessage="Slack settings saved." otherErrors={unshownErrors(errors, ['webhookUrl'])} />
      </form>
    </Section>
  );
}
