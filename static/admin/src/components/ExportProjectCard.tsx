import { DateTime } from '@common/components/DateTime';
import type { ExportLastRunView, ExportProjectStatus, ExportRunView } from '@shared/export-contract';
import { formatCount, STATE_LABELS } from '../export-format';
import { ExportErrorList } from './ExportErrorList';
import { ExportRunStats } from './ExportRunStats';

/** One exported project: its state, watermark, the run going on (or stopped), the last finished run, and every error. */
export function ExportProjectCard({ status }: { status: ExportProjectStatus }) {
  const { project, state, watermark, run, lastRun, totals, errors, pendingTombstones } = status;
  const titleId = `export-project-${project}-title`;
  // A run that stopped is also the last run: shown once, as the stopped run.
  const sameRun = run !== undefined && lastRun?.runId === run.runId;
  return (
    <article className={`export-project export-project-${state}`} aria-labelledby={titleId} data-testid="export-project" data-project={project} data-state={state}>
      {/* Live: a screen reader hears "ITS Idle" when a run ends (the text only changes with the state). */}
      <h3 className="export-project-title" id={titleId} aria-live="polite" aria-atomic="true">
        <span className="mono">{project}</span>{' '}
        <span className={`lozenge export-state export-state-${state}`} data-testid="export-state">
          {STATE_LABELS[state]}
        </span>
      </h3>
      <dl className="facts">
        <dt>Watermark</dt>
        <dd data-testid="export-watermark" data-value={watermark ?? ''}>
          {watermark ? (
            <>
              Everything updated before <DateTime iso={watermark} /> is exported.
            </>
          ) : (
            'None yet: the first run exports every issue.'
          )}
        </dd>
        <dt>Exported so far</dt>
        <dd data-testid="export-totals">
          {formatCount(totals.records)} records and {formatCount(totals.tombstones)} tombstones in {formatCount(totals.runs)} {totals.runs === 1 ? 'run' : 'runs'}
        </dd>
        {pendingTombstones > 0 && (
          <>
            <dt>Deletions waiting</dt>
            <dd data-testid="export-pending-tombstones">
              {pendingTombstones === 1 ? '1 deleted issue goes out' : `${formatCount(pendingTombstones)} deleted issues go out`} as a tombstone with the next run.
            </dd>
          </>
        )}
      </dl>
      {run && <CurrentRun run={run} stoppedAt={sameRun ? lastRun?.finishedAt : undefined} />}
      {lastRun && !sameRun && <LastRun run={lastRun} />}
      {!lastRun && !run && <p className="muted">No run has finished yet.</p>}
      <ExportErrorList project={project} errors={errors} />
    </article>
  );
}

function Window({ from, to }: { from: string; to: string }) {
  return (
    <>
      updated from <DateTime iso={from} /> to <DateTime iso={to} />
    </>
  );
}

function CurrentRun({ run, stoppedAt }: { run: ExportRunView; stoppedAt?: string }) {
  const failed = run.status === 'failed';
  return (
    <section className={`export-run${failed ? ' export-run-failed' : ''}`} aria-label={failed ? 'Stopped run' : 'Current run'} data-testid="export-run" data-status={run.status}>
      <h4 className="export-subtitle">{failed ? 'Stopped run' : 'Current run'}</h4>
      <p className="export-run-summary">
        {run.trigger === 'manual' ? 'Run now' : 'Scheduled'}, started <DateTime iso={run.startedAt} />: issues <Window from={run.windowFrom} to={run.windowTo} />. Last
        checkpoint <DateTime iso={run.checkpointAt} />
        {stoppedAt && (
          <>
            ; stopped <DateTime iso={stoppedAt} testId="export-run-stopped" />
          </>
        )}
        .
      </p>
      <ExportRunStats testIdPrefix="export-run" stats={{ pages: run.pages, records: run.records, duplicates: run.duplicates, bytes: run.bytes }} />
      {run.error && (
        <p className="provisio-error" role={failed ? 'alert' : undefined} data-testid="export-run-error-message">
          {failed ? 'Stopped: ' : 'Last error (retrying): '}
          {run.error}
          {failed && ' Run now resumes it from its last checkpoint.'}
        </p>
      )}
    </section>
  );
}

function LastRun({ run }: { run: ExportLastRunView }) {
  const failed = run.status === 'failed';
  return (
    <section className="export-run" aria-label="Last finished run" data-testid="export-last-run" data-status={run.status}>
      <h4 className="export-subtitle">
        Last run{' '}
        <span className={`badge ${failed ? 'badge-danger' : 'badge-ok'}`} data-testid="export-last-run-status">
          {failed ? 'Failed' : 'Succeeded'}
        </span>
      </h4>
      <p className="export-run-summary">
        Finished <DateTime iso={run.finishedAt} testId="export-last-run-finished" /> ({run.trigger === 'manual' ? 'Run now' : 'scheduled'}), issues{' '}
        <Window from={run.windowFrom} to={run.windowTo} />.
      </p>
      <ExportRunStats testIdPrefix="export-last-run" stats={{ pages: run.pages, records: run.records, duplicates: run.duplicates, tombstones: run.tombstones, bytes: run.bytes }} />
      {run.error && (
        <p className="provisio-error" data-testid="export-last-run-error">
          {run.error}
        </p>
      )}
    </section>
  );
}
