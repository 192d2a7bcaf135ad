import { DateTime } from '@common/components/DateTime';
import type { RunStatusView, RunStepView } from '@shared/resolver-contract';
import { STEP_STATUS_LABELS, type StepDisplayStatus } from '../run-labels';

/** One step: an icon and label for its status, what it did (or why it failed), and when. */
export function StepItem({ step, active, runStatus }: { step: RunStepView; active: boolean; runStatus: RunStatusView }) {
  const shown = displayStatus(step, active, runStatus);
  const spinning = active && runStatus === 'running';
  return (
    <li className={`step step-${shown}${spinning ? ' step-spinning' : ''}`} data-testid="run-step" data-step-id={step.id} data-status={step.status} aria-current={active ? 'step' : undefined}>
      <span className="step-icon" aria-hidden="true" />
      <div className="step-body">
        <div className="step-head">
          <span className="step-title">{step.title}</span>
          <span className={`step-status step-status-${shown}`} data-testid="run-step-status">
            {STEP_STATUS_LABELS[shown]}
          </span>
        </div>
        {(step.detail || step.at) && (
          <p className="step-detail">
            {step.detail && <span data-testid="run-step-detail">{step.detail}</span>}
            {step.at && (
              <span className="step-time">
                <DateTime iso={step.at} style="time" />
              </span>
            )}
          </p>
        )}
      </div>
    </li>
  );
}

function displayStatus(step: RunStepView, active: boolean, runStatus: RunStatusView): StepDisplayStatus {
  if (!active) return step.status;
  // A step with a time was tried before (its detail says how that went).
  if (step.at) return 'retrying';
  return runStatus === 'running' ? 'active' : 'next';
}
