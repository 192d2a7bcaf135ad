import type { SecretChangesPanelView } from '@shared/secret-audit-contract';
import { ApprovalPublication } from './ApprovalPublication';
import { SecretChangeItem } from './SecretChangeItem';

/** A "Secret change" request: where its approval was published, and the changes Provisio matched to it. */
export function SecretChangesView({ view, refreshing, onRefresh }: { view: SecretChangesPanelView; refreshing: boolean; onRefresh: () => void }) {
  const count = view.changes.length;
  return (
    <section className="secret-changes" aria-labelledby="secret-changes-heading" data-testid="secret-changes">
      <header className="run-header">
        <h3 id="secret-changes-heading" className="run-title">
          Secret change
        </h3>
        <span className={`lozenge ${count > 0 ? 'lozenge-succeeded' : ''}`} data-testid="secret-changes-count">
          {count === 1 ? '1 change' : `${count} changes`}
        </span>
      </header>
      <ApprovalPublication approval={view.approval} />
      <div className="steps-block">
        <h4 className="steps-heading">Changes matched to this request</h4>
        {count > 0 ? (
          <ol className="secret-change-list" data-testid="secret-change-list">
            {view.changes.map((change) => (
              <SecretChangeItem key={change.id} change={change} />
            ))}
          </ol>
        ) : (
          <p className="muted" data-testid="secret-changes-empty">
            None yet. Changes to the named secrets within the approved window show up here.
          </p>
        )}
      </div>
      <p className="secret-changes-actions">
        <button type="button" className="button" onClick={onRefresh} disabled={refreshing} aria-busy={refreshing} data-testid="secret-changes-refresh">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </p>
    </section>
  );
}
