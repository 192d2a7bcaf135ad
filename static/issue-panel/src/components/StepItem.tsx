import { DateTime } from '@common/components/DateTime';
import { LinkedText } from '@common/components/LinkedText';
import type { RunStatusView, RunStepView } from '@shared/resolver-contract';
import { activeStepStatus, STEP_STATUS_LABELS } from '../run-labels';

/** One step: an icon and label for its status, what it did (or why it failed), and when. */
export function StepItem({ step, active, runStatus, action }: { step: RunStepView; active: boolean; runStatus: RunStatusView; action: string }) {
  const shown = active ? activeStepStatus(step, { action, status: runStatus }) : step.status;
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
            {step.detail && (
              <span data-testid="run-step-detail">
                <LinkedText text={step.detail} />
              </span>
            )}
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
