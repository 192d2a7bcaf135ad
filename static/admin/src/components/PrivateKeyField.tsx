import { Field } from './Field';

/**
 * The service app's private key: typed or pasted, masked, and never shown again once saved. The
 * page only learns whether one is saved; leaving the field empty keeps it.
 */
export function PrivateKeyField({ value, onChange, keySaved, error }: { value: string; onChange: (value: string) => void; keySaved: boolean; error?: string }) {
  const hint = keySaved ? (
    <span data-testid="okta-key-saved">
      <span className="key-saved">A private key is saved</span> as a Forge secret and is never shown again. Leave this empty to keep it, or paste a new
      key to replace it.
    </span>
  ) : (
    <span data-testid="okta-key-missing">No private key is saved yet. Paste the PKCS#8 PEM of the key registered with the Okta app.</span>
  );
  return (
    <Field id="okta-private-key" label="Private key (PEM)" errorKey="privateKeyPem" error={error} hint={hint}>
      {(a11y) => (
        <textarea
          {...a11y}
          className="secret-input"
          rows={4}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={keySaved ? '•••••• saved — paste a new key to replace it' : '-----BEGIN PRIVATE KEY-----'}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          data-testid="okta-private-key"
        />
      )}
    </Field>
  );
}
