import type { RetryState } from '../hooks/use-retry';

export function RetryButton({ state, onRetry }: { state: RetryState; onRetry: () => void }) {
  if (state.status === 'requested') {
    return (
      <p className="retry-progress" role="status" data-testid="retry-requested">
        Retry requested. Provisio is resuming from the failed step…
      </p>
    );
  }
  const busy = state.status === 'busy';
  return (
    <div className="retry">
      <p className="muted">Fix the cause, then retry: Provisio resumes from the failed step and never repeats finished ones.</p>
      <button type="button" className="button button-primary" data-testid="retry-button" onClick={onRetry} disabled={busy} aria-busy={busy}>
        {busy ? 'Retrying…' : 'Retry'}
      </button>
      {state.status === 'error' && (
        <p className="provisio-error" role="alert" data-testid="retry-error">
          {state.message}
        </p>
      )}
    </div>
  );
}
