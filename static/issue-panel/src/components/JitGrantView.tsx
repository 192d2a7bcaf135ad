import type { GrantView, JitPanelView } from '@shared/jit-contract';
import { useJitAction } from '../hooks/use-jit-action';
import { isLiveGrant } from '../jit-labels';
import { JitActions } from './JitActions';
import { JitApprovals } from './JitApprovals';
import { JitEvidence } from './JitEvidence';
import { JitMinutes } from './JitMinutes';
import { JitStatusBadge } from './JitStatusBadge';
import { JitTiming } from './JitTiming';
import { JitWho } from './JitWho';

export interface JitGrantViewProps {
  view: JitPanelView;
  grant: GrantView;
  receivedAt: number;
  refreshError?: string;
  refresh: () => void;
  accept: (view: JitPanelView) => void;
}

/** Temporary access on this request: status, target and person, timing, approvals, the policy's minutes, actions, evidence. */
export function JitGrantView({ view, grant, receivedAt, refreshError, refresh, accept }: JitGrantViewProps) {
  const { state: action, run } = useJitAction(accept, refresh);
  const live = isLiveGrant(grant);
  return (
    <section className="jit" aria-labelledby="jit-heading" data-testid="jit-grant" data-status={grant.status}>
      <header className="run-header">
        <h3 id="jit-heading" className="run-title">
          Temporary access
        </h3>
        <JitStatusBadge status={grant.status} phase={grant.phase} />
      </header>
      <JitWho grant={grant} />
      <JitTiming grant={grant} serverNow={view.serverNow} receivedAt={receivedAt} onZero={refresh} />
      {grant.status === 'failed' && (
        <div className="run-failure" role="alert" data-testid="jit-failure">
          <p className="run-failure-title">Provisio could not complete this access</p>
          <p className="run-failure-reason">{grant.failureReason ?? 'Provisio did not record why.'}</p>
        </div>
      )}
      <JitMinutes minutes={grant.minutes} live={live} />
      <JitActions grant={grant} can={view.can} action={action} run={run} />
      <JitApprovals grant={grant} />
      <JitEvidence evidence={grant.evidence} />
      <p className="run-meta muted" data-testid="jit-updated">
        {live ? <span className="run-live">Updating live</span> : 'Ended: no longer updating'}
      </p>
      {refreshError && (
        <p className="run-stale" role="status" data-testid="refresh-error">
          Could not refresh: {refreshError}
        </p>
      )}
    </section>
  );
}
