import { useCallback, useEffect, useRef, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

const SHOWN_MS = 4000;

/**
 * Copies text to the clipboard (Forge's Custom UI frame allows clipboard-write). Where the
 * browser refuses, `select` (if given) selects the text on the page and the old copy command is
 * tried; `failed` means the admin has to press Ctrl+C / ⌘C on the selection.
 */
export function useCopy(): { state: CopyState; copy: (text: string, select?: () => void) => void } {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  const show = useCallback((next: CopyState) => {
    if (!mounted.current) return;
    setState(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (mounted.current) setState('idle');
    }, SHOWN_MS);
  }, []);

  const copy = useCallback(
    (text: string, select?: () => void) => {
      const fallback = () => {
        select?.();
        let copied: boolean;
        try {
          copied = select !== undefined && document.execCommand('copy');
        } catch {
          copied = false;
        }
        show(copied ? 'copied' : 'failed');
      };
      if (!navigator.clipboard?.writeText) return fallback();
      navigator.clipboard.writeText(text).then(() => show('copied'), fallback);
    },
    [show],
  );
  return { state, copy };
}
