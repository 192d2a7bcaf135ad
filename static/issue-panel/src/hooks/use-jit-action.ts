import { describeError } from '@common/use-resolver';
import type { JitPanelView } from '@shared/jit-contract';
import type { ResolverResult } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';

export type JitActionName = 'revoke' | 'requestExtension' | 'approveExtension' | 'declineExtension';

export type JitActionState =
  | { status: 'idle' }
  | { status: 'busy'; action: JitActionName }
  /** The last action went through; `action` says which (for a short confirmation). */
  | { status: 'done'; action: JitActionName }
  /** Refused or failed: the resolver's message, shown as it is. */
  | { status: 'error'; action: JitActionName; message: string };

export type RunJitAction = (action: JitActionName, call: () => Promise<ResolverResult<JitPanelView>>, onDone?: () => void) => void;

/**
 * Runs one panel action at a time. Its answer is the refreshed view, handed to `accept` (so no
 * second call); a refusal shows the resolver's message and re-reads the view, which was stale.
 */
export function useJitAction(accept: (view: JitPanelView) => void, refresh: () => void): { state: JitActionState; run: RunJitAction; dismiss: () => void } {
  const [state, setState] = useState<JitActionState>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback<RunJitAction>(
    (action, call, onDone) => {
      setState({ status: 'busy', action });
      call().then(
        (result) => {
          if (!mounted.current) return;
          if (!result.ok) {
            setState({ status: 'error', action, message: result.error.message });
            refresh();
            return;
          }
          accept(result.data);
          setState({ status: 'done', action });
          onDone?.();
        },
        (error: unknown) => {
          if (mounted.current) setState({ status: 'error', action, message: describeError(error) });
        },
      );
    },
    [accept, refresh],
  );
  const dismiss = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, dismiss };
}
