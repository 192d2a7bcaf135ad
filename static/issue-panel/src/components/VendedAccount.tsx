import type { RunView } from '@shared/resolver-contract';

const ACCOUNT_ID = /\b(\d{12})\b/;

/** The new account's id, once AWS has created it (the "Create AWS account" stage names it). */
export function vendedAccountId(run: RunView): string | undefined {
  const step = run.steps.find((s) => s.id === 'create-account' && s.status === 'done');
  return step?.detail ? ACCOUNT_ID.exec(step.detail)?.[1] : undefined;
}

export function VendedAccount({ accountId }: { accountId: string }) {
  return (
    <p className="vended-account" data-testid="vended-account">
      AWS account{' '}
      <strong className="mono" data-testid="vended-account-id">
        {accountId}
      </strong>
    </p>
  );
}
