import { Field } from './Field';

export interface AccessKeyValues {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsAccessKeysProps {
  /** Whether keys are saved; the page never learns them, only a hint like AKIA…WXYZ. */
  saved: boolean;
  hint?: string;
  values: AccessKeyValues;
  onChange: (patch: Partial<AccessKeyValues>) => void;
  /** Showing the inputs to replace saved keys. */
  replacing: boolean;
  onReplace: (replacing: boolean) => void;
  errors: Record<string, string>;
}

/** The IAM user's access key: typed once, saved as a Forge secret, afterwards only shown as saved. */
export function AwsAccessKeys({ saved, hint, values, onChange, replacing, onReplace, errors }: AwsAccessKeysProps) {
  if (saved && !replacing) {
    return (
      <div className="field keys-saved">
        <p className="field-label">Access key</p>
        <p data-testid="aws-keys-saved">
          <span className="key-saved">Keys saved{hint ? ` (${hint})` : ''}</span> as a Forge secret; they are never shown again.{' '}
          <button type="button" className="link-button" onClick={() => onReplace(true)} data-testid="aws-replace-keys">
            Replace keys
          </button>
        </p>
      </div>
    );
  }
  return (
    <fieldset className="keys">
      <legend>{saved ? 'New access key' : 'Access key of the IAM user'}</legend>
      <p className="field-hint keys-hint" data-testid={saved ? 'aws-keys-replacing' : 'aws-keys-missing'}>
        {saved
          ? `Replaces the saved keys${hint ? ` (${hint})` : ''} when you save.`
          : 'No keys are saved yet. Create an access key for the IAM user the template created (aws iam create-access-key) and paste it here.'}
      </p>
      <div className="field-row">
        <Field id="aws-access-key-id" label="Access key id" errorKey="connection.accessKeyId" error={errors['connection.accessKeyId']}>
          {(a11y) => (
            <input
              {...a11y}
              className="mono"
              value={values.accessKeyId}
              onChange={(e) => onChange({ accessKeyId: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              placeholder="AKIA…"
              data-testid="aws-access-key-id"
            />
          )}
        </Field>
        <Field id="aws-secret-access-key" label="Secret access key" errorKey="connection.secretAccessKey" error={errors['connection.secretAccessKey']}>
          {(a11y) => (
            <input
              {...a11y}
              type="password"
              className="mono"
              value={values.secretAccessKey}
              onChange={(e) => onChange({ secretAccessKey: e.target.value })}
              autoComplete="new-password"
              spellCheck={false}
              data-testid="aws-secret-access-key"
            />
          )}
        </Field>
      </div>
      {saved && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onChange({ accessKeyId: '', secretAccessKey: '' });
            onReplace(false);
          }}
          data-testid="aws-keep-keys"
        >
          Keep the saved keys
        </button>
      )}
    </fieldset>
  );
}
