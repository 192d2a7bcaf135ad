import { describeError } from '@common/use-resolver';
import type { ExportStatusView } from '@shared/export-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getExportStatus } from '../export-api';

/** How often the status is read again while a project's run is going. */
export const EXPORT_POLL_MS = 3000;

export type ExportStatusState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /**
   * `live`: a run is going, so the status is read again every few seconds. `refreshError`: the
   * last refresh failed; `data` is what was shown before it. `at`: when `data` was read.
   */
  | { status: 'ready'; data: ExportStatusView; live: boolean; at: string; refreshing: boolean; refreshError?: string };

export const isExportLive = (status: ExportStatusView) => status.projects.some((p) => p.state === 'running');

/**
 * Each exported project's state, kept live: while any project is running it is read again every
 * `intervalMs`, and polling stops once nothing runs (or the tab goes away). `refresh` reads it at
 * once (after Run now or a save) and resumes polling if a run is going.
 */
export function useExportStatus(intervalMs = EXPORT_POLL_MS): { state: ExportStatusState; refresh: () => void } {
  const [state, setState] = useState<ExportStatusState>({ status: 'loading' });
  const [round, setRound] = useState(0);
  // Whether the last answer was live, so a failed refresh during a run still tries again.
  const wasLive = useRef(false);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      if (current) timer = setTimeout(() => setRound((n) => n + 1), intervalMs);
    };
    setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: true } : previous));
    const failed = (message: string) => {
      if (!current) return;
      setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: false, refreshError: message } : { status: 'error', message }));
      if (wasLive.current) next();
    };
    getExportStatus().then(
      (result) => {
        if (!current) return;
        if (!result.ok) return failed(result.error.message);
        const live = isExportLive(result.data);
        wasLive.current = live;
        setState({ status: 'ready', data: result.data, live, at: new Date().toISOString(), refreshing: false });
        if (live) next();
      },
      (error: unknown) => failed(describeError(error)),
    );
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [intervalMs, round]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { state, refresh };
}
