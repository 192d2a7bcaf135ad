import { describeError } from '@common/use-resolver';
import type { JitPanelView } from '@shared/jit-contract';
import type { ResolverResult } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJitGrant } from '../api';
import { isLiveGrant, JIT_POLL_INTERVAL_MS } from '../jit-labels';

export type JitState =
  /** Not asked (the request has a provisioning run, so it is no request for temporary access). */
  | { status: 'idle' }
  | { status: 'loading' }
  /** Not a "Temporary elevated access" request: the panel goes on to other kinds of request. */
  | { status: 'none' }
  /**
   * `receivedAt` is when the answer arrived (performance.now()), so countdowns can add the time
   * since then to the server's `serverNow`. `refreshError`: the last refresh failed.
   */
  | { status: 'ready'; view: JitPanelView; receivedAt: number; refreshError?: string }
  | { status: 'error'; message: string };

/**
 * The temporary access on this request. Asked once when `relevant` (no provisioning run); then,
 * while the access is scheduled or live, again every `intervalMs`, stopping once it has ended.
 * `refresh` asks at once; `accept` takes a view an action answered (no second call).
 */
export function useJitGrant(
  relevant: boolean,
  load: () => Promise<ResolverResult<JitPanelView>> = getJitGrant,
  intervalMs = JIT_POLL_INTERVAL_MS,
): { state: JitState; refresh: () => void; accept: (view: JitPanelView) => void } {
  const [state, setState] = useState<JitState>({ status: 'idle' });
  const [round, setRound] = useState(0);
  // Each ask and each accepted answer gets a number: an older answer never replaces a newer one.
  const latest = useRef(0);

  useEffect(() => {
    if (!relevant) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    const asked = ++latest.current;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    const failed = (message: string) => {
      if (!current || asked !== latest.current) return;
      setState((previous) => (previous.status === 'ready' ? { ...previous, refreshError: message } : { status: 'error', message }));
    };
    load().then(
      (result) => {
        if (!current || asked !== latest.current) return;
        if (!result.ok) return failed(result.error.message);
        const view = result.data;
        setState(view.isJitRequest || view.grant ? { status: 'ready', view, receivedAt: performance.now() } : { status: 'none' });
      },
      (error: unknown) => failed(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [relevant, round, load]);

  // Ask again later while the access is scheduled or live (also after a failed refresh of it).
  const live = state.status === 'ready' && isLiveGrant(state.view.grant);
  useEffect(() => {
    if (!live) return;
    const timer = setTimeout(() => setRound((n) => n + 1), intervalMs);
    return () => clearTimeout(timer);
  }, [live, state, intervalMs]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  const accept = useCallback((view: JitPanelView) => {
    latest.current += 1;
    setState({ status: 'ready', view, receivedAt: performance.now() });
  }, []);
  return { state, refresh, accept };
}
