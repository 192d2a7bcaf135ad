import { DateTime } from '@common/components/DateTime';
import type { ExtensionView, GrantView } from '@shared/jit-contract';
import { EXTENSION_STATUS_LABELS, formatMinutes } from '../jit-labels';

/** Who asked for what and who decided: the grant itself, then each extension. */
export function JitApprovals({ grant }: { grant: GrantView }) {
  return (
    <div className="steps-block">
      <h4 className="steps-heading">Approvals</h4>
      <ol className="jit-approvals">
        <li className="jit-approval" data-testid="jit-approval">
          <span className="jit-approval-what">Grant of {formatMinutes(grant.requestedMinutes)}</span>
          <span className="jit-approval-who">
            Requested by <strong>{grant.requester.displayName}</strong>
            {' · '}
            {grant.approvedBy ? (
              <span data-testid="jit-approved-by">
                approved by <strong>{grant.approvedBy.displayName}</strong>
                {grant.approvedAt && (
                  <>
                    {' '}
                    on <DateTime iso={grant.approvedAt} />
                  </>
                )}
              </span>
            ) : (
              <span className="muted">approval not recorded</span>
            )}
          </span>
        </li>
        {grant.extensions.map((extension) => (
          <ExtensionItem key={extension.id} extension={extension} />
        ))}
      </ol>
    </div>
  );
}

function ExtensionItem({ extension }: { extension: ExtensionView }) {
  return (
    <li className="jit-approval" data-testid="jit-extension" data-extension-id={extension.id} data-status={extension.status}>
      <span className="jit-approval-what">
        Extension of {formatMinutes(extension.minutes)} <span className={`lozenge lozenge-ext-${extension.status}`}>{EXTENSION_STATUS_LABELS[extension.status]}</span>
      </span>
      {extension.reason && <span className="jit-approval-reason">“{extension.reason}”</span>}
      <span className="jit-approval-who">
        Requested by <strong>{extension.requestedBy.displayName}</strong> on <DateTime iso={extension.requestedAt} />
        {extension.decidedBy && (
          <span data-testid="jit-extension-decided-by">
            {' · '}
            {extension.status === 'declined' ? 'declined' : 'approved'} by <strong>{extension.decidedBy.displayName}</strong>
            {extension.decidedAt && (
              <>
                {' '}
                on <DateTime iso={extension.decidedAt} />
              </>
            )}
          </span>
        )}
      </span>
    </li>
  );
}
