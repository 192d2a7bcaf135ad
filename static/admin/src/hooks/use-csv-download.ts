import { describeError } from '@common/use-resolver';
import type { SecretChangeReportFilters } from '@shared/secret-audit-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getSecretChangeCsv } from '../api';

export type CsvState =
  | { status: 'idle' }
  | { status: 'preparing' }
  /** `url` is a blob: URL of the file, alive until the next download or the component goes away. */
  | { status: 'ready'; url: string; filename: string; rows: number }
  | { status: 'failed'; message: string };

/**
 * The report as a CSV file: the resolver answers the text, which becomes a Blob in the frame and is
 * saved through an `<a download>` link. Nothing goes over the network but the resolver call, so
 * Forge's CSP (connect-src 'self') is not involved; the frame's sandbox allows downloads the user
 * starts (allow-downloads).
 */
export function useCsvDownload(filters: SecretChangeReportFilters): { state: CsvState; prepare: () => void } {
  const [state, setState] = useState<CsvState>({ status: 'idle' });
  const url = useRef<string>(undefined);
  const mounted = useRef(true);
  const release = () => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = undefined;
  };
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      release();
    };
  }, []);

  const prepare = useCallback(() => {
    release();
    setState({ status: 'preparing' });
    getSecretChangeCsv(filters).then(
      (result) => {
        if (!mounted.current) return;
        if (!result.ok) return setState({ status: 'failed', message: result.error.message });
        url.current = URL.createObjectURL(new Blob([result.data.csv], { type: 'text/csv;charset=utf-8' }));
        setState({ status: 'ready', url: url.current, filename: result.data.filename, rows: result.data.rows });
      },
      (error: unknown) => {
        if (mounted.current) setState({ status: 'failed', message: describeError(error) });
      },
    );
  }, [filters]);
  return { state, prepare };
}
