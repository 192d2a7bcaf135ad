import { DateTime } from '@common/components/DateTime';

export function ApprovalLine({ approvedBy, approvedAt }: { approvedBy?: string; approvedAt?: string }) {
  return (
    <p className="approval-line" data-testid="approved-by">
      {approvedBy ? (
        <>
          Approved by <strong>{approvedBy}</strong>
          {approvedAt && (
            <>
              {' '}
              on <DateTime iso={approvedAt} />
            </>
          )}
        </>
      ) : (
        <span className="muted">Approval not recorded</span>
      )}
    </p>
  );
}
