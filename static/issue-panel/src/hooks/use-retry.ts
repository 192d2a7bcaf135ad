import { describeError } from '@common/use-resolver';
import type { RunView } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { retryRun } from '../api';

export type RetryState =
  | { status: 'idle' }
  | { status: 'busy' }
  /** Accepted; waiting for the panel to see the run move on from `since` (its updatedAt then). */
  | { status: 'requested'; since: string }
  | { status: 'error'; message: string };

/**
 * The Retry action: asks the resolver to resume the failed run, then refreshes the panel (which
 * polls again now the run is queued). The button stays away until the run has changed, so a
 * second click cannot race the first.
 */
export function useRetry(run: RunView | undefined, refresh: () => void): { state: RetryState; retry: () => void } {
  const [state, setState] = useState<RetryState>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const retry = useCallback(() => {
    if (!run) return;
    const since = run.updatedAt;
    setState({ status: 'busy' });
    retryRun().then(
      (result) => {
        if (!mounted.current) return;
        if (!result.ok) {
          setState({ status: 'error', message: result.error.message });
          return;
        }
        setState({ status: 'requested', since });
        refresh();
      },
      (error: unknown) => {
        if (mounted.current) setState({ status: 'error', message: describeError(error) });
      },
    );
  }, [run, refresh]);

  useEffect(() => {
    if (state.status === 'requested' && run && run.updatedAt !== state.since) setState({ status: 'idle' });
  }, [run, state]);

  return { state, retry };
}
