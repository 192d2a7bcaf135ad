import { DateTime } from '@common/components/DateTime';
import type { AwsConnectionTestView } from '@shared/resolver-contract';
import { testAws } from '../api';
import { useAction } from '../hooks/use-action';

/**
 * Test connection: Provisio assumes the role for real and reads the organization, and says what
 * it found or, in plain words, what to fix. Until then the page shows the last test's outcome.
 */
export function AwsTest({ lastTest }: { lastTest?: AwsConnectionTestView }) {
  const { state, run } = useAction(testAws);
  const testing = state.status === 'busy';
  const shown = state.status === 'done' ? state.data : state.status === 'idle' ? lastTest : undefined;
  return (
    <div className="connection-test">
      <div className="connection-test-row">
        <button type="button" className="button" onClick={() => run()} disabled={testing} aria-busy={testing} data-testid="aws-test-button">
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <span className="muted">Uses the saved settings: save your changes first.</span>
      </div>
      <div aria-live="polite">
        {shown && <AwsTestOutcome result={shown} fresh={state.status === 'done'} />}
        {state.status === 'failed' && (
          <p className="provisio-error" role="alert" data-testid="aws-test-error">
            The test did not run: {state.message}
          </p>
        )}
      </div>
    </div>
  );
}

function AwsTestOutcome({ result, fresh }: { result: AwsConnectionTestView; fresh: boolean }) {
  const when = (
    <span className="muted" data-testid="aws-test-at">
      {fresh ? 'Tested' : 'Last tested'} <DateTime iso={result.at} />
    </span>
  );
  if (!result.ok) {
    return (
      <div className="connection-test-result connection-test-failed" role={fresh ? 'alert' : undefined} data-testid="aws-test-result" data-ok="false">
        <p className="connection-test-title">Provisio could not connect to AWS</p>
        <p data-testid="aws-test-message">{result.message}</p>
        <p>{when}</p>
      </div>
    );
  }
  return (
    <div className="connection-test-result" data-testid="aws-test-result" data-ok="true">
      <p className="connection-test-title">Connected: Provisio assumed the role and reads your organization.</p>
      <dl className="facts">
        <dt>Assumed role</dt>
        <dd className="mono" data-testid="aws-test-assumed-role">
          {result.assumedRoleArn ?? '—'}
        </dd>
        <dt>Organization</dt>
        <dd className="mono" data-testid="aws-test-organization-id">
          {result.organizationId ?? '—'}
        </dd>
        <dt>Management account</dt>
        <dd className="mono" data-testid="aws-test-management-account">
          {result.managementAccountId ?? '—'}
        </dd>
        <dt>Root</dt>
        <dd className="mono" data-testid="aws-test-root-id">
          {result.rootId ?? '—'}
        </dd>
      </dl>
      <p className="connection-test-when">{when}</p>
    </div>
  );
}
