import { DateTime } from '@common/components/DateTime';
import type { ExportProjectStatus } from '@shared/export-contract';

/** Every error the project's runs met, newest first: the transient ones were retried, the others stopped a run. */
export function ExportErrorList({ project, errors }: { project: string; errors: ExportProjectStatus['errors'] }) {
  if (errors.length === 0) {
    return (
      <p className="muted export-no-errors" data-testid="export-no-errors">
        No errors.
      </p>
    );
  }
  const newestFirst = [...errors].reverse();
  return (
    <div className="export-errors">
      <h4 className="export-subtitle" id={`export-errors-${project}`}>
        Errors ({errors.length})
      </h4>
      <ul className="export-error-list" aria-labelledby={`export-errors-${project}`} data-testid="export-errors">
        {newestFirst.map((e, i) => (
          <li key={`${e.at}-${i}`} className={`export-error${e.transient ? '' : ' export-error-stop'}`} data-testid="export-error" data-transient={String(e.transient)}>
            <span className="export-error-meta">
              <DateTime iso={e.at} />{' '}
              <span className={`badge${e.transient ? '' : ' badge-danger'}`}>{e.transient ? 'Retried automatically' : 'Stopped the run'}</span>
              {e.runId && (
                <span className="muted">
                  {' '}
                  run <code>{e.runId}</code>
                </span>
              )}
            </span>
            <span className="export-error-message" data-testid="export-error-message">
              {e.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
