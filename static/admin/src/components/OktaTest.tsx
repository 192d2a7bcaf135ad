import { DateTime } from '@common/components/DateTime';
import { describeError } from '@common/use-resolver';
import type { OktaTestResult } from '@shared/resolver-contract';
import { useState } from 'react';
import { testOkta } from '../api';

type TestState = { status: 'idle' } | { status: 'testing' } | { status: 'ok'; result: OktaTestResult } | { status: 'failed'; message: string };

/** Obtains a real access token from Okta with the saved connection and shows what Okta granted. */
export function OktaTest() {
  const [state, setState] = useState<TestState>({ status: 'idle' });
  const run = () => {
    setState({ status: 'testing' });
    testOkta().then(
      (answer) => setState(answer.ok ? { status: 'ok', result: answer.data } : { status: 'failed', message: answer.error.message }),
      (error: unknown) => setState({ status: 'failed', message: describeError(error) }),
    );
  };
  const testing = state.status === 'testing';
  return (
    <div className="okta-test">
      <div className="okta-test-row">
        <button type="button" className="button" onClick={run} disabled={testing} aria-busy={testing} data-testid="okta-test-button">
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <span className="muted">Uses the saved settings: save your changes first.</span>
      </div>
      <div aria-live="polite">
        {state.status === 'ok' && (
          <div className="okta-test-result" data-testid="okta-test-result">
            <p className="okta-test-ok">Connected: Okta issued an access token.</p>
            <dl className="facts">
              <dt>Token type</dt>
              <dd data-testid="okta-test-token-type">{state.result.tokenType}</dd>
              <dt>Scopes</dt>
              <dd data-testid="okta-test-scopes">{state.result.scopes.join(' ')}</dd>
              <dt>Expires</dt>
              <dd data-testid="okta-test-expires">
                <DateTime iso={state.result.expiresAt} />
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
