import type { ExportTestResult } from '@shared/export-contract';
import { testExport } from '../export-api';
import { useAction } from '../hooks/use-action';

/** Test: Provisio lists the bucket under the saved prefix with the AWS connection's role, and says what it found or why it could not. */
export function ExportTest({ configured }: { configured: boolean }) {
  const { state, run } = useAction(testExport);
  const testing = state.status === 'busy';
  return (
    <div className="connection-test">
      <div className="connection-test-row">
        <button type="button" className="button" onClick={() => run()} disabled={testing} aria-busy={testing} data-testid="export-test-button">
          {testing ? 'Testing…' : 'Test'}
        </button>
        <span className="muted">{configured ? 'Lists the bucket under the saved prefix: save your changes first.' : 'Save the export settings first.'}</span>
      </div>
      <div aria-live="polite">
        {state.status === 'done' && <ExportTestOutcome result={state.data} />}
        {state.status === 'failed' && (
          <p className="provisio-error" role="alert" data-testid="export-test-error">
            The test did not run: {state.message}
          </p>
        )}
      </div>
    </div>
  );
}

function ExportTestOutcome({ result }: { result: ExportTestResult }) {
  if (!result.ok) {
    return (
      <div className="connection-test-result connection-test-failed" role="alert" data-testid="export-test-result" data-ok="false">
        <p className="connection-test-title">Provisio could not read the bucket</p>
        <p data-testid="export-test-message">{result.message}</p>
      </div>
    );
  }
  const keys = result.sampleKeys ?? [];
  return (
    <div className="connection-test-result" data-testid="export-test-result" data-ok="true">
      <p className="connection-test-title" data-testid="export-test-message">
        {result.message}
      </p>
      {keys.length === 0 ? (
        <p data-testid="export-test-empty">Nothing is under the prefix yet.</p>
      ) : (
        <>
          <p>{keys.length === 1 ? 'The first object found:' : `The first ${keys.length} objects found:`}</p>
          <ul className="export-sample-keys" data-testid="export-test-keys">
            {keys.map((key) => (
              <li key={key}>
                <code className="wrap">{key}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
