import { useCopy } from '../hooks/use-copy';

/** A Copy button with its outcome announced next to it. `select` selects the text on the page, for the manual fallback. */
export function CopyButton({ text, label = 'Copy', select, testId }: { text: string; label?: string; select?: () => void; testId?: string }) {
  const { state, copy } = useCopy();
  return (
    <span className="copy-button">
      <button type="button" className="button" onClick={() => copy(text, select)} disabled={!text} data-testid={testId}>
        {label}
      </button>
      <span className="copy-state" role="status" aria-live="polite">
        {state === 'copied' && <span className="copy-ok">Copied</span>}
        {state === 'failed' && <span className="muted">Selected: press Ctrl+C (⌘C) to copy</span>}
      </span>
    </span>
  );
}
