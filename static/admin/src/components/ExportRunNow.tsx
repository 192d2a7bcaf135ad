import type { ExportRunNowResult } from '@shared/export-contract';
import { useState } from 'react';
import { runExportNow } from '../export-api';
import { OUTCOME_LABELS } from '../export-format';
import { useAction } from '../hooks/use-action';
import { Field } from './Field';

const ALL = '';

/** Run now: starts (or resumes) a run of every exported project or of one, and says what became of each. */
export function ExportRunNow({ projects, onStarted }: { projects: string[]; onStarted: () => void }) {
  const [scope, setScope] = useState(ALL);
  const { state, run } = useAction(runExportNow, onStarted);
  const busy = state.status === 'busy';
  const chosen = scope !== ALL && projects.includes(scope) ? scope : ALL;
  return (
    <div className="export-run-now">
      <div className="export-run-now-row">
        <Field id="export-run-scope" label="Run" errorKey="run-scope">
          {(a11y) => (
            <select {...a11y} value={chosen} onChange={(e) => setScope(e.target.value)} disabled={projects.length === 0} data-testid="export-run-scope">
              <option value={ALL}>All projects</option>
              {projects.map((key) => (
                <option key={key} value={key}>
                  {key} only
                </option>
              ))}
            </select>
          )}
        </Field>
        <button
          type="button"
          className="button button-primary"
          onClick={() => run(chosen === ALL ? {} : { projects: [chosen] })}
          disabled={busy || projects.length === 0}
          aria-busy={busy}
          data-testid="export-run-now"
        >
          {busy ? 'Starting…' : 'Run now'}
        </button>
        <span className="muted">A run goes on in the background; its progress shows below.</span>
      </div>
      <div aria-live="polite">
        {state.status === 'done' && <RunNowOutcomes result={state.data} />}
        {state.status === 'failed' && (
          <p className="provisio-error" role="alert" data-testid="export-run-error">
            Nothing was started: {state.message}
          </p>
        )}
      </div>
    </div>
  );
}

function RunNowOutcomes({ result }: { result: ExportRunNowResult }) {
  if (result.starts.length === 0) {
    return (
      <p className="save-feedback save-invalid" data-testid="export-run-outcomes">
        No project to run: save the export settings with at least one project first.
      </p>
    );
  }
  return (
    <div className="save-feedback save-ok" role="status" data-testid="export-run-outcomes">
      <ul className="export-run-outcomes">
        {result.starts.map((s) => (
          <li key={s.project} data-testid="export-run-outcome" data-project={s.project} data-outcome={s.outcome}>
            <span className="mono">{s.project}</span>: {OUTCOME_LABELS[s.outcome]}
            {s.runId && (
              <>
                {' '}
                <span className="muted">
                  (run <code>{s.runId}</code>)
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
