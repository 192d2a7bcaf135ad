import { DateTime } from '@common/components/DateTime';
import { testOkta } from '../api';
import { useAction } from '../hooks/use-action';

/** Obtains a real access token from Okta with the saved connection and shows what Okta granted. */
export function OktaTest() {
  const { state, run } = useAction(testOkta);
  const testing = state.status === 'busy';
  return (
    <div className="okta-test">
      <div className="okta-test-row">
        <button type="button" className="button" onClick={() => run()} disabled={testing} aria-busy={testing} data-testid="okta-test-button">
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <span className="muted">Uses the saved settings: save your changes first.</span>
      </div>
      <div aria-live="polite">
        {state.status === 'done' && (
          <div className="okta-test-result" data-testid="okta-test-result">
            <p className="okta-test-ok">Connected: Okta issued an access token.</p>
            <dl className="facts">
              <dt>Token type</dt>
              <dd data-testid="okta-test-token-type">{state.data.tokenType}</dd>
              <dt>Scopes</dt>
              <dd data-testid="okta-test-scopes">{state.data.scopes.join(' ')}</dd>
              <dt>Expires</dt>
              <dd data-testid="okta-test-expires">
                <DateTime iso={state.data.expiresAt} />
              </dd>
            </dl>
          </div>
        )}
        {state.status === 'failed' && (
          <p className="provisio-error" role="alert" data-testid="okta-test-error">
            Okta did not issue a token: {state.message}
          </p>
        )}
      </div>
    </div>
  );
}
