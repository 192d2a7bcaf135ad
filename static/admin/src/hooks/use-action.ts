import { describeError } from '@common/use-resolver';
import type { ResolverResult } from '@shared/resolver-contract';
import { useCallback, useEffect, useRef, useState } from 'react';

export type ActionState<T> =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; data: T }
  /** The call itself failed (not allowed, Provisio unreachable). What the action found (a bucket it cannot read, say) comes as `done`. */
  | { status: 'failed'; message: string };

/**
 * One button's resolver call (Test connection, Run now, Find), one at a time: its outcome stays
 * on screen until the next press. `onDone` runs after a successful answer (to refresh the status, say).
 */
export function useAction<T, A extends unknown[]>(
  call: (...args: A) => Promise<ResolverResult<T>>,
  onDone?: (data: T) => unknown,
): { state: ActionState<T>; run: (...args: A) => void } {
  const [state, setState] = useState<ActionState<T>>({ status: 'idle' });
  const mounted = useRef(true);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    (...args: A) => {
      setState({ status: 'busy' });
      call(...args).then(
        (result) => {
          if (!mounted.current) return;
          if (!result.ok) return setState({ status: 'failed', message: result.error.message });
          setState({ status: 'done', data: result.data });
          void done.current?.(result.data);
        },
        (error: unknown) => {
          if (mounted.current) setState({ status: 'failed', message: describeError(error) });
        },
      );
    },
    [call],
  );
  return { state, run };
}
