import type { GrantPhaseView, GrantStatusView } from '@shared/jit-contract';
import { GRANT_PHASE_LABELS, GRANT_STATUS_LABELS } from '../jit-labels';

/** The access's status (and the step in progress), announced politely whenever polling changes it. */
export function JitStatusBadge({ status, phase }: { status: GrantStatusView; phase?: GrantPhaseView }) {
  return (
    <p className="run-status" role="status" aria-live="polite">
      <span className="visually-hidden">Status: </span>
      <span className={`lozenge lozenge-jit-${status}`} data-testid="jit-status" data-status={status} data-phase={phase ?? ''}>
        {GRANT_STATUS_LABELS[status]}
      </span>
      {phase && (
        <span className="jit-phase" data-testid="jit-phase">
          {' '}
          {GRANT_PHASE_LABELS[phase]}
        </span>
      )}
    </p>
  );
}
