import { describeError } from '@common/use-resolver';
import type { SecretChangesPanelView } from '@shared/secret-audit-contract';
import { useCallback, useEffect, useState } from 'react';
import { getSecretChanges } from '../api';

export type SecretChangesState =
  /** Not asked (the request has a provisioning run, so it is no secret change request). */
  | { status: 'idle' }
  | { status: 'loading' }
  /** Nothing to show: not a "Secret change" request, or the viewer is no agent (FORBIDDEN, kept quiet). */
  | { status: 'none' }
  | { status: 'ready'; view: SecretChangesPanelView; refreshing: boolean }
  | { status: 'error'; message: string };

/**
 * The secret changes matched to this request. Asked once, and only when `relevant` (the panel
 * has no provisioning run to show); an answer that this is not a "Secret change" request ends it.
 * `refresh` asks again, e.g. after a change was made in the window.
 */
export function useSecretChanges(relevant: boolean): { state: SecretChangesState; refresh: () => void } {
  const [state, setState] = useState<SecretChangesState>({ status: 'idle' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!relevant) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: true } : { status: 'loading' }));
    getSecretChanges().then(
      (result) => {
        if (!current) return;
        if (!result.ok) return setState(result.error.code === 'FORBIDDEN' ? { status: 'none' } : { status: 'error', message: result.error.message });
        setState(result.data.isSecretChangeRequest ? { status: 'ready', view: result.data, refreshing: false } : { status: 'none' });
      },
      (error: unknown) => {
        if (current) setState({ status: 'error', message: describeError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [relevant, round]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { state, refresh };
}
