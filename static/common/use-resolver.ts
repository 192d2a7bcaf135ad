import { useCallback, useEffect, useState } from 'react';
import type { ResolverResult } from '@shared/resolver-contract';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T };

/**
 * Loads one resolver result and turns both failure kinds (an `ok:false` answer and a thrown
 * bridge error) into a message the user can read. `reload` re-runs it, e.g. for a retry button.
 */
export function useResolver<T>(load: () => Promise<ResolverResult<T>>): { state: LoadState<T>; reload: () => void } {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true; // ignore answers that arrive after unmount or a newer reload
    setState({ status: 'loading' });
    load().then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { status: 'ready', data: result.data } : { status: 'error', message: result.error.message });
      },
      (error: unknown) => {
        if (current) setState({ status: 'error', message: describeError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

export function describeError(error: unknown): string {
  const detail = error instanceof Error ? error.message.trim() : typeof error === 'string' ? error.trim() : '';
  return detail ? `Could not reach Provisio: ${detail}` : 'Could not reach Provisio. Try reloading the page.';
}
