import type { SaveState } from '../hooks/use-save';

/**
 * What became of the last save: a success message, or why nothing was saved. `otherErrors` are
 * field errors no input on the form shows (so none is lost).
 */
export function SaveFeedback({ state, testIdPrefix, savedMessage, otherErrors = {} }: { state: SaveState; testIdPrefix: string; savedMessage: string; otherErrors?: Record<string, string> }) {
  if (state.status === 'saved') {
    return (
      <p className="save-feedback save-ok" role="status" data-testid={`${testIdPrefix}-saved`}>
        {savedMessage}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="save-feedback provisio-error" role="alert" data-testid={`${testIdPrefix}-failed`}>
        {state.message}
      </p>
    );
  }
  if (state.status === 'invalid') {
    const others = Object.entries(otherErrors);
    return (
      <div className="save-feedback save-invalid" role="alert" data-testid={`${testIdPrefix}-invalid`}>
        <p>Nothing was saved: fix the fields marked below.</p>
        {others.length > 0 && (
          <ul>
            {others.map(([key, message]) => (
              <li key={key} data-testid={`error-${key}`}>
                {message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return null;
}

/** The errors among `fieldErrors` whose keys no input of the form shows. */
export function unshownErrors(fieldErrors: Record<string, string>, shown: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).filter(([key]) => !shown.includes(key)));
}
