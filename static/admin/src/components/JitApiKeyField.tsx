import { Field } from './Field';

/**
 * The Atlassian organization API key (for Atlassian group targets): typed once, saved as a Forge
 * secret, never read back. The page only learns whether one is saved; empty keeps it.
 */
export function JitApiKeyField({ value, onChange, saved, error }: { value: string; onChange: (value: string) => void; saved: boolean; error?: string }) {
  const hint = saved ? (
    <span data-testid="jit-api-key-saved">
      <span className="key-saved">An API key is saved</span> as a Forge secret and is never shown again. Leave this empty to keep it, or paste a new key to
      replace it.
    </span>
  ) : (
    <span data-testid="jit-api-key-missing">No API key is saved yet. Atlassian group targets need one: create it at admin.atlassian.com → Settings → API keys.</span>
  );
  return (
    <Field id="jit-api-key" label="Organization API key" errorKey="atlassianApiKey" error={error} hint={hint}>
      {(a11y) => (
        <input
          {...a11y}
          type="password"
          className="mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={saved ? '•••••• saved — paste a new key to replace it' : 'Paste the API key'}
          autoComplete="new-password"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          data-testid="jit-api-key"
        />
      )}
    </Field>
  );
}
