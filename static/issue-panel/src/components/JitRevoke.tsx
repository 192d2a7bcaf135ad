import { useEffect, useRef, useState } from 'react';

/** Revoke, with a confirmation step first: ending someone's access cannot be undone from here. */
export function JitRevoke({ who, target, busy, onRevoke }: { who: string; target: string; busy: boolean; onRevoke: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" className="button" onClick={() => setConfirming(true)} disabled={busy} data-testid="jit-revoke">
        Revoke access
      </button>
    );
  }
  return (
    <div className="jit-confirm" role="group" aria-labelledby="jit-revoke-question" data-testid="jit-revoke-confirmation">
      <p id="jit-revoke-question">
        End {who}&apos;s access to {target} now? Provisio removes the membership at once.
      </p>
      <div className="jit-buttons">
        <button
          ref={confirm}
          type="button"
          className="button button-danger"
          onClick={() => {
            setConfirming(false);
            onRevoke();
          }}
          disabled={busy}
          data-testid="jit-revoke-confirm"
        >
          Revoke now
        </button>
        <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="jit-revoke-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
