import { describeError } from '@common/use-resolver';
import type { PanelInfo, ResolverResult } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isLive } from '../run-labels';

export const POLL_INTERVAL_MS = 2000;

export type PanelState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** `refreshError`: the last refresh failed; `data` is what was shown before it. */
  | { status: 'ready'; data: PanelInfo; live: boolean; refreshError?: string };

/**
 * Loads the panel's info, then keeps it live: while the run is queued or running it asks again
 * every `intervalMs`, and stops once the run has finished, failed, or the panel is unmounted.
 * `refresh` asks at once (after a Retry, say) and resumes polling if the run is live again.
 */
export function usePanelInfo(load: () => Promise<ResolverResult<PanelInfo>>, intervalMs = POLL_INTERVAL_MS): { state: PanelState; refresh: () => void } {
  const [state, setState] = useState<PanelState>({ status: 'loading' });
  const [round, setRound] = useState(0);
  // Whether the last answer was live, so a failed refresh of a live run still tries again.
  const wasLive = useRef(false);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      if (current) timer = setTimeout(() => setRound((n) => n + 1), intervalMs);
    };
    const failed = (message: string) => {
      if (!current) return;
      setState((previous) => (previous.status === 'ready' ? { ...previous, refreshError: message } : { status: 'error', message }));
      if (wasLive.current) next();
    };
    load().then(
      (result) => {
        if (!current) return;
        if (!result.ok) return failed(result.error.message);
        const live = isLive(result.data.run);
        wasLive.current = live;
        setState({ status: 'ready', data: result.data, live });
        if (live) next();
      },
      (error: unknown) => failed(describeError(error)),
    );
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [load, intervalMs, round]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { state, refresh };
}
