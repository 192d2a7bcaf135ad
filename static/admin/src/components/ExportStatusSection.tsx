import { DateTime } from '@common/components/DateTime';
import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { EXPORT_POLL_MS, type ExportStatusState } from '../hooks/use-export-status';
import { scheduleLabel } from '../export-format';
import { ExportProjectCard } from './ExportProjectCard';
import { ExportRunNow } from './ExportRunNow';
import { Section } from './Section';

/**
 * Run now, and the state of each exported project, read again every few seconds while a run
 * is going. Errors stay listed: a failed run is never shown as anything but failed.
 */
export function ExportStatusSection({ status, projects, refresh }: { status: ExportStatusState; projects: string[]; refresh: () => void }) {
  const data = status.status === 'ready' ? status.data : undefined;
  return (
    <Section
      id="export-status"
      title="Runs"
      description={
        data?.configured
          ? `Schedule: ${scheduleLabel(data.scheduleHours).toLowerCase()}. Run now exports what changed since each project's watermark; a stopped run resumes from its last checkpoint.`
          : 'Run now exports what changed since each project’s watermark; a stopped run resumes from its last checkpoint.'
      }
    >
      <ExportRunNow projects={projects} onStarted={refresh} />
      <div className="export-status-bar">
        <h3 className="subsection-title">State of each project</h3>
        <button type="button" className="button" onClick={refresh} disabled={status.status === 'loading'} data-testid="export-status-refresh">
          Refresh
        </button>
        {status.status === 'ready' && (
          // Not a live region: it changes every few seconds while a run is going; the cards say what changed.
          <span className="muted" data-testid="export-status-updated" data-live={String(status.live)}>
            Read <DateTime iso={status.at} style="time" />
            {status.live && ` · a run is going: read again every ${EXPORT_POLL_MS / 1000} seconds`}
          </span>
        )}
      </div>
      {status.status === 'loading' && <Loading label="Loading the state of each project…" />}
      {status.status === 'error' && <ErrorMessage testId="export-status-error" message={status.message} />}
      {status.status === 'ready' && status.refreshError && (
        <p className="provisio-error" role="alert" data-testid="export-status-refresh-error">
          Could not read the state again ({status.refreshError}); this is what it was before.
        </p>
      )}
      {data && !data.configured && (
        <p className="muted" data-testid="export-not-configured">
          The export is not set up yet: save its settings above.
        </p>
      )}
      {data && data.configured && (
        <div className="export-projects-status" aria-busy={status.status === 'ready' && status.refreshing} data-testid="export-status">
          {data.projects.map((p) => (
            <ExportProjectCard key={p.project} status={p} />
          ))}
        </div>
      )}
    </Section>
  );
}
