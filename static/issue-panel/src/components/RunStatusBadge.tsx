import type { RunStatusView } from '@shared/resolver-contract';
import { RUN_STATUS_LABELS } from '../run-labels';

/** The run's status, announced politely to screen readers whenever polling changes it. */
export function RunStatusBadge({ status }: { status: RunStatusView }) {
  return (
    <p className="run-status" role="status" aria-live="polite">
      <span className="visually-hidden">Status: </span>
      <span className={`lozenge lozenge-${status}`} data-testid="run-status" data-status={status}>
        {RUN_STATUS_LABELS[status]}
      </span>
    </p>
  );
}
