/** How a secret change reads, shared by the admin report and the issue panel. */
import type { SecretChangeOutcomeView } from '@shared/secret-audit-contract';

export const OUTCOME_LABELS: Record<SecretChangeOutcomeView, string> = {
  matched: 'Matched',
  automated: 'Automated',
  unapproved: 'Unapproved',
  pending: 'Pending',
};

/** The secret's name from its ARN (`…:secret:prod/payments/db-AbCdEf` → `prod/payments/db-AbCdEf`); anything else as it is. */
export function secretName(secretArn: string): string {
  const at = secretArn.indexOf(':secret:');
  return at >= 0 ? secretArn.slice(at + ':secret:'.length) : secretArn;
}

/** The principal from its ARN (`arn:aws:sts::1:assumed-role/Deploy/ci` → `assumed-role/Deploy/ci`). */
export function principalName(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}
