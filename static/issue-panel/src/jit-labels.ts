import type { ExtensionView, GrantPhaseView, GrantStatusView, GrantView } from '@shared/jit-contract';

export const GRANT_STATUS_LABELS: Record<GrantStatusView, string> = {
  scheduled: 'Scheduled',
  active: 'Active',
  extended: 'Extended',
  revoked: 'Revoked',
  expired: 'Expired',
  failed: 'Failed',
};

export const GRANT_PHASE_LABELS: Record<GrantPhaseView, string> = {
  granting: 'Granting…',
  revoking: 'Revoking…',
};

export const EXTENSION_STATUS_LABELS: Record<ExtensionView['status'], string> = {
  pending: 'Waiting for approval',
  approved: 'Approved',
  declined: 'Declined',
};

export const TARGET_KIND_LABELS: Record<GrantView['target']['kind'], string> = {
  'okta-group': 'Okta group',
  'aws-permission-set': 'AWS permission set',
  'atlassian-group': 'Atlassian group',
  unknown: 'Target',
};

/** How often the panel asks again while the access is scheduled or live. */
export const JIT_POLL_INTERVAL_MS = 10_000;

/** Access Provisio is still watching over: worth polling for (and worth a countdown). */
export function isLiveGrant(grant: GrantView | undefined): boolean {
  if (!grant) return false;
  return grant.status === 'scheduled' || grant.status === 'active' || grant.status === 'extended' || grant.phase !== undefined;
}

/** Whether the membership is in place (the countdown runs to the expiry). */
export function isInEffect(grant: GrantView): boolean {
  return grant.status === 'active' || grant.status === 'extended';
}

/** `90` → "1 h 30 min", `45` → "45 min", `2880` → "2 d". */
export function formatMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0 min';
}

const two = (n: number) => String(n).padStart(2, '0');

/** Whole seconds left as a clock: "4:05", "1:02:03", "2 d 03:04:05". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days} d ${two(hours)}:${two(minutes)}:${two(secs)}`;
  if (hours > 0) return `${hours}:${two(minutes)}:${two(secs)}`;
  return `${minutes}:${two(secs)}`;
}

/** The same as words, for screen readers and the tooltip: "1 hour 2 minutes left". */
export function describeCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours > 0) return `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`;
  if (minutes > 0) return plural(minutes, 'minute');
  return plural(s, 'second');
}

/** Why the access ended, in words: "Revoked by Bob Approver", "The request was resolved by Alan Agent", "Expired". */
export function endedLine(grant: GrantView): string | undefined {
  if (grant.status === 'failed') return undefined;
  const by = grant.endedBy ? ` by ${grant.endedBy.displayName}` : '';
  if (grant.endReason === 'revoked') return `Revoked${by}`;
  if (grant.endReason === 'done') return `Ended: the request was closed${by}`;
  if (grant.endReason === 'expired' || grant.status === 'expired') return 'Expired';
  return grant.status === 'revoked' ? `Revoked${by}` : undefined;
}
