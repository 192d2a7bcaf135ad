/** A "Temporary elevated access" request Provisio has not granted (yet): it waits for the approval. */
export function JitWaiting({ onRefresh }: { onRefresh: () => void }) {
  return (
    <section className="jit" aria-labelledby="jit-heading" data-testid="jit-waiting">
      <header className="run-header">
        <h3 id="jit-heading" className="run-title">
          Temporary access
        </h3>
        <span className="lozenge">Not granted yet</span>
      </header>
      <p>Provisio grants the access once the request is approved, for the time asked (within the target&apos;s policy), and removes it when the time is up.</p>
      <p className="jit-refresh">
        <button type="button" className="button" onClick={onRefresh} data-testid="jit-refresh">
          Refresh
        </button>
      </p>
    </section>
  );
}
