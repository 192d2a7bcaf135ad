import type { RunStatusView, RunStepView } from '@shared/resolver-contract';
import { StepItem } from './StepItem';

export function StepTimeline({ steps, activeId, runStatus, action }: { steps: RunStepView[]; activeId?: string; runStatus: RunStatusView; action: string }) {
  return (
    <div className="steps-block">
      <h4 className="steps-heading">Steps</h4>
      <ol className="steps" data-testid="run-steps">
        {steps.map((step) => (
          <StepItem key={step.id} step={step} active={step.id === activeId} runStatus={runStatus} action={action} />
        ))}
      </ol>
    </div>
  );
}
