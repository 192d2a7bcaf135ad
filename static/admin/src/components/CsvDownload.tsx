import type { SecretChangeReportFilters } from '@shared/secret-audit-contract';
import { useEffect, useRef } from 'react';
import { useCsvDownload } from '../hooks/use-csv-download';

/**
 * "Download CSV": fetches the rows for the applied filters (up to 1000), then saves them. The
 * download starts by itself; the link stays for saving again, or in case the browser held it back.
 */
export function CsvDownload({ filters }: { filters: SecretChangeReportFilters }) {
  const { state, prepare } = useCsvDownload(filters);
  const link = useRef<HTMLAnchorElement>(null);
  const started = useRef<string>(undefined);
  useEffect(() => {
    if (state.status === 'ready' && started.current !== state.url) {
      started.current = state.url;
      link.current?.click();
    }
  }, [state]);
  const preparing = state.status === 'preparing';
  return (
    <div className="csv-download">
      <button type="button" className="button" onClick={prepare} disabled={preparing} aria-busy={preparing} data-testid="report-csv-button">
        {preparing ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      <span role="status" aria-live="polite">
        {state.status === 'ready' && (
          <span className="csv-ready">
            <a ref={link} href={state.url} download={state.filename} data-testid="report-csv-link">
              Save {state.filename}
            </a>{' '}
            <span className="muted" data-testid="report-csv-rows">
              ({state.rows === 1 ? '1 change' : `${state.rows} changes`})
            </span>
          </span>
        )}
      </span>
      {state.status === 'failed' && (
        <p className="provisio-error" role="alert" data-testid="report-csv-error">
          The CSV could not be made: {state.message}
        </p>
      )}
    </div>
  );
}
