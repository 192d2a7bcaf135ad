import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { OUTCOME_LABELS } from '@common/secret-change-format';
import type { SecretChangeOutcomeView, SecretChangeReport } from '@shared/secret-audit-contract';
import { useReport } from '../hooks/use-report';
import { CsvDownload } from './CsvDownload';
import { ReportFiltersForm } from './ReportFiltersForm';
import { ReportTable } from './ReportTable';
import { Section } from './Section';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as SecretChangeOutcomeView[];

/** Recent secret changes with their outcome, filtered, counted, and downloadable as CSV. */
export function AuditReportSection() {
  const { state, applied, apply } = useReport();
  const busy = state.status === 'loading' || (state.status === 'ready' && state.refreshing);
  return (
    <Section id="audit-report" title="Recent changes" description="Every secret change Provisio received, newest first, and how it was judged.">
      <ReportFiltersForm busy={busy} onApply={apply} />
      <div className="report-results" aria-busy={busy} aria-live="polite">
        {state.status === 'loading' && <Loading label="Loading the changes…" />}
        {state.status === 'error' && <ErrorMessage testId="report-error" message={state.message} />}
        {state.status === 'ready' && (
          <>
            {state.error && <ErrorMessage testId="report-error" message={`Could not refresh: ${state.error}`} />}
            <ReportSummary report={state.report} />
            {state.report.rows.length > 0 ? (
              <ReportTable rows={state.report.rows} />
            ) : (
              <p className="muted" data-testid="report-empty">
                No change matches these filters.
              </p>
            )}
          </>
        )}
      </div>
      {/* Keyed by the filters: new filters mean a new file (and the old blob is released). */}
      <CsvDownload key={JSON.stringify(applied)} filters={applied} />
    </Section>
  );
}

function ReportSummary({ report }: { report: SecretChangeReport }) {
  const total = OUTCOMES.reduce((sum, o) => sum + report.counts[o], 0);
  return (
    <div className="report-summary">
      <ul className="report-counts" aria-label="Changes by outcome">
        {OUTCOMES.filter((o) => o !== 'pending' || report.counts.pending > 0).map((o) => (
          <li key={o} className={`report-count report-count-${o}`}>
            <span className="report-count-value" data-testid={`report-count-${o}`}>
              {report.counts[o]}
            </span>{' '}
            {OUTCOME_LABELS[o].toLowerCase()}
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="report-shown">
        {report.truncated
          ? `Showing the newest ${report.rows.length} of more changes: narrow the filters, or download the CSV (up to 1000).`
          : `Showing ${report.rows.length === 1 ? '1 change' : `${report.rows.length} changes`}${total !== report.rows.length ? ` of ${total}` : ''}.`}
      </p>
    </div>
  );
}
