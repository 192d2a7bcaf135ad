import type { RunView } from '@shared/resolver-contract';
import type { RetryState } from '../hooks/use-retry';
import { actionLabel, activeStepId, VENDING_ACTION } from '../run-labels';
import { ApprovalLine } from './ApprovalLine';
import { FailureNotice } from './FailureNotice';
import { RunMeta } from './RunMeta';
import { RunStatusBadge } from './RunStatusBadge';
import { StepTimeline } from './StepTimeline';
import { VendedAccount, vendedAccountId } from './VendedAccount';

export interface RunDetailsProps {
  run: RunView;
  canRetry: boolean;
  live: boolean;
  refreshError?: string;
  retry: RetryState;
  onRetry: () => void;
}

/** One run: what it is and its status, who approved it, why it failed (and Retry), its steps. */
export function RunDetails({ run, canRetry, live, refreshError, retry, onRetry }: RunDetailsProps) {
  const failedStep = run.steps.find((s) => s.status === 'failed');
  const accountId = run.action === VENDING_ACTION ? vendedAccountId(run) : undefined;
  // The failure notice already shows the reason; the failed step need not repeat it.
  const steps = run.steps.map((s) => (s.status === 'failed' && s.detail === run.failureReason ? { ...s, detail: undefined } : s));
  return (
    <section className="run" aria-labelledby="run-heading">
      <header className="run-header">
        <h3 id="run-heading" className="run-title">
          {actionLabel(run.action)}
        </h3>
        <RunStatusBadge status={run.status} />
      </header>
      <ApprovalLine approvedBy={run.approvedBy} approvedAt={run.approvedAt} />
      {accountId && <VendedAccount accountId={accountId} />}
      {run.status === 'failed' && (
        <FailureNotice reason={run.failureReason ?? 'Provisio did not record why.'} stepTitle={failedStep?.title} canRetry={canRetry} retry={retry} onRetry={onRetry} />
      )}
      <StepTimeline steps={steps} activeId={activeStepId(run)} runStatus={run.status} action={run.action} />
      <RunMeta updatedAt={run.updatedAt} attempts={run.attempts} live={live} refreshError={refreshError} />
    </section>
  );
}
