import { ErrorMessage } from '@common/components/ErrorMessage';
import type { GrantView, JitPanelView } from '@shared/jit-contract';
import { useState } from 'react';
import { approveJitExtension, declineJitExtension, requestJitExtension, revokeJitGrant } from '../api';
import type { JitActionName, JitActionState, RunJitAction } from '../hooks/use-jit-action';
import { formatMinutes, isLiveGrant } from '../jit-labels';
import { JitExtensionDecision } from './JitExtensionDecision';
import { JitExtensionForm } from './JitExtensionForm';
import { JitRevoke } from './JitRevoke';

const DONE_MESSAGES: Record<JitActionName, string> = {
  revoke: 'Revoke requested: Provisio is removing the access.',
  requestExtension: 'Extension requested: an approver has to approve it.',
  approveExtension: 'Extension approved: the access now ends later.',
  declineExtension: 'Extension declined.',
};

export interface JitActionsProps {
  grant: GrantView;
  can: JitPanelView['can'];
  action: JitActionState;
  run: RunJitAction;
}

/** The actions the viewer may use (per `can`; the resolvers check again), and what became of the last one. */
export function JitActions({ grant, can, action, run }: JitActionsProps) {
  const [asking, setAsking] = useState(false);
  const busy = action.status === 'busy';
  const pending = grant.extensions.find((e) => e.status === 'pending');
  const left = grant.minutes.extensionLeft;
  const any = can.revoke || can.requestExtension || can.approveExtension || can.declineExtension || pending !== undefined;
  if (!any && action.status === 'idle') return null;

  return (
    <div className="jit-actions" data-testid="jit-actions">
      {pending && (
        <JitExtensionDecision
          extension={pending}
          canApprove={can.approveExtension}
          canDecline={can.declineExtension}
          grantApprover={grant.approvedBy?.displayName}
          busy={busy}
          onApprove={() => run('approveExtension', approveJitExtension)}
          onDecline={() => run('declineExtension', declineJitExtension)}
        />
      )}
      {can.requestExtension && asking && left > 0 && (
        <JitExtensionForm
          extensionLeft={left}
          busy={busy}
          onSubmit={(request) => run('requestExtension', () => requestJitExtension(request), () => setAsking(false))}
          onCancel={() => setAsking(false)}
        />
      )}
      {(can.revoke || (can.requestExtension && !asking)) && (
        <div className="jit-buttons">
          {can.requestExtension &&
            !asking &&
            (left > 0 ? (
              <button type="button" className="button" onClick={() => setAsking(true)} disabled={busy} data-testid="jit-request-extension">
                Request extension
              </button>
            ) : (
              <span className="muted" data-testid="jit-no-extension-left">
                No extension possible: {formatMinutes(grant.minutes.maxTotal)} in all is the limit.
              </span>
            ))}
          {can.revoke && <JitRevoke who={grant.requester.displayName} target={grant.target.name} busy={busy} onRevoke={() => run('revoke', revokeJitGrant)} />}
        </div>
      )}
      {action.status === 'busy' && (
        <p className="muted" role="status" data-testid="jit-action-busy">
          Working…
        </p>
      )}
      {action.status === 'done' && (
        <p className="jit-done" role="status" data-testid="jit-action-done" data-action={action.action}>
          {action.action === 'revoke' && !isLiveGrant(grant) ? 'Access revoked.' : DONE_MESSAGES[action.action]}
        </p>
      )}
      {action.status === 'error' && <ErrorMessage testId="jit-action-error" message={action.message} />}
    </div>
  );
}
