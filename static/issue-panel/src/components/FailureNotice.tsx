import { LinkedText } from '@common/components/LinkedText';
import type { RetryState } from '../hooks/use-retry';
import { RetryButton } from './RetryButton';

export interface FailureNoticeProps {
  reason: string;
  stepTitle?: string;
  canRetry: boolean;
  retry: RetryState;
  onRetry: () => void;
}

/** Why the run stopped, where, and (for agents) the way to resume it. */
export function FailureNotice({ reason, stepTitle, canRetry, retry, onRetry }: FailureNoticeProps) {
  return (
    <div className="run-failure" role="alert" data-testid="run-failure">
      <p className="run-failure-title">{stepTitle ? `Stopped at “${stepTitle}”` : 'Provisioning stopped'}</p>
      <p className="run-failure-reason" data-testid="run-failure-reason">
        <LinkedText text={reason} />
      </p>
      {canRetry ? (
        <RetryButton state={retry} onRetry={onRetry} />
      ) : (
        <p className="muted">An agent of this service project can retry once the cause is fixed.</p>
      )}
    </div>
  );
}
