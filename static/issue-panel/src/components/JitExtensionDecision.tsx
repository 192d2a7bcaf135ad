import type { ExtensionView } from '@shared/jit-contract';
import { formatMinutes } from '../jit-labels';

export interface JitExtensionDecisionProps {
  extension: ExtensionView;
  canApprove: boolean;
  canDecline: boolean;
  /** Who approved the grant: an extension needs someone else. */
  grantApprover?: string;
  busy: boolean;
  onApprove: () => void;
  onDecline: () => void;
}

/** The extension waiting for a decision, with Approve / Decline for those who may. */
export function JitExtensionDecision({ extension, canApprove, canDecline, grantApprover, busy, onApprove, onDecline }: JitExtensionDecisionProps) {
  return (
    <div className="jit-pending" data-testid="jit-pending-extension">
      <p>
        <strong>{extension.requestedBy.displayName}</strong> asks for {formatMinutes(extension.minutes)} more
        {extension.reason ? `: “${extension.reason}”` : '.'}
      </p>
      {canApprove || canDecline ? (
        <div className="jit-buttons">
          {canApprove && (
            <button type="button" className="button button-primary" onClick={onApprove} disabled={busy} data-testid="jit-approve-extension">
              Approve extension
            </button>
          )}
          {canDecline && (
            <button type="button" className="button" onClick={onDecline} disabled={busy} data-testid="jit-decline-extension">
              Decline extension
            </button>
          )}
        </div>
      ) : null}
      {!canApprove && (
        <p className="muted" data-testid="jit-extension-waiting">
          Needs an approver of this target other than {grantApprover ? `${grantApprover} (who approved the grant)` : 'the approver of the grant'}, the requester and whoever asked.
        </p>
      )}
    </div>
  );
}
