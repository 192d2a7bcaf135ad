import { describeError } from '@common/use-resolver';
import type { ResolverResult, SaveResult } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved' }
  /** Validation refused the form: a message per field; nothing was changed. */
  | { status: 'invalid'; fieldErrors: Record<string, string> }
  /** The call itself failed (not allowed, Provisio unreachable). */
  | { status: 'failed'; message: string };

/** Runs one save at a time and turns its answer into what the form shows. */
export function useSave(): { state: SaveState; run: (save: () => Promise<ResolverResult<SaveResult>>, onSaved?: () => unknown) => void; reset: () => void; fail: (fieldErrors: Record<string, string>) => void } {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback((save: () => Promise<ResolverResult<SaveResult>>, onSaved?: () => unknown) => {
    setState({ status: 'saving' });
    save().then(
      async (result) => {
        if (!mounted.current) return;
        if (!result.ok) return setState({ status: 'failed', message: result.error.message });
        if (!result.data.saved) return setState({ status: 'invalid', fieldErrors: result.data.fieldErrors });
        await onSaved?.();
        if (mounted.current) setState({ status: 'saved' });
      },
      (error: unknown) => {
        if (mounted.current) setState({ status: 'failed', message: describeError(error) });
      },
    );
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  const fail = useCallback((fieldErrors: Record<string, string>) => setState({ status: 'invalid', fieldErrors }), []);
  return { state, run, reset, fail };
}

export function fieldErrorsOf(state: SaveState): Record<string, string> {
  return state.status === 'invalid' ? state.fieldErrors : {};
}
