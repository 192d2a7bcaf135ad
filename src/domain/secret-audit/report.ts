import type { SecretChangeRecord } from './evidence';

export type ReportOutcome = SecretChangeRecord['outcome'];
const OUTCOMES: readonly ReportOutcome[] = ['matched', 'automated', 'unapproved', 'pending'];

/** The report's filters, validated: a time range (ISO), an outcome, and substrings of secret and actor. */
export interface ReportFilters {
  outcome?: ReportOutcome;
  /** Inclusive ISO bounds on the change time. */
  from?: string;
  to?: string;
  secret?: string;
  actor?: string;
  eventName?: string;
  limit: number;
}

export const MAX_REPORT_ROWS = 1000;
export const DEFAULT_REPORT_ROWS = 200;

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
function isoOrUndefined(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const ms = Date.parse(v.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function parseReportFilters(input: Record<string, unknown>): { ok: true; value: ReportFilters } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const outcome = input.outcome === undefined || input.outcome === '' || input.outcome === null ? undefined : (input.outcome as ReportOutcome);
  if (outcome !== undefined && !OUTCOMES.includes(outcome)) errors.outcome = `One of ${OUTCOMES.join(', ')}.`;
  const from = isoOrUndefined(input.from);
  const to = isoOrUndefined(input.to);
  if (input.from && !from) errors.from = 'A date or date-time, like 2026-03-01.';
  if (input.to && !to) errors.to = 'A date or date-time, like 2026-03-31.';
  if (from && to && from > to) errors.to = 'The end comes before the start.';
  const rawLimit = typeof input.limit === 'number' ? input.limit : DEFAULT_REPORT_ROWS;
  const limit = Math.max(1, Math.min(MAX_REPORT_ROWS, Math.floor(Number.isFinite(rawLimit) ? rawLimit : DEFAULT_REPORT_ROWS)));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const secret = text(input.secret, 2048);
  const actor = text(input.actor, 2048);
  const eventName = text(input.eventName, 64);
  return {
    ok: true,
    value: {
      ...(outcome ? { outcome } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(secret ? { secret } : {}),
      ...(actor ? { actor } : {}),
      ...(eventName ? { eventName } : {}),
      limit,
    },
  };
}

/** The filters a storage index cannot apply (substrings, event name), applied to one record. */
export function matchesFilters(record: SecretChangeRecord, filters: ReportFilters): boolean {
  if (filters.outcome && record.outcome !== filters.outcome) return false;
  if (filters.from && record.eventTime < filters.from) return false;
  if (filters.to && record.eventTime > filters.to) return false;
  if (filters.eventName && record.eventName !== filters.eventName) return false;
  if (filters.secret && !record.secretArn.toLowerCase().includes(filters.secret.toLowerCase())) return false;
  if (filters.actor) {
    const needle = filters.actor.toLowerCase();
    const hay = [record.actor.arn, record.actor.roleArn ?? '', record.actor.userName ?? '', record.sourceIp].join(' ').toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

export const REPORT_COLUMNS = [
  'eventTime',
  'outcome',
  'eventName',
  'secretArn',
  'actorArn',
  'actorRoleArn',
  'sourceIp',
  'account',
  'region',
  'ticketKey',
  'unapprovedIssueKey',
  'automatedBy',
  'reason',
  'cloudTrailEventId',
] as const;

function cell(value: string): string {
  // A cell a spreadsheet would run as a formula is prefixed with a quote (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportRow(r: SecretChangeRecord): Record<(typeof REPORT_COLUMNS)[number], string> {
  return {
    eventTime: r.eventTime,
    outcome: r.outcome,
    eventName: r.eventName,
    secretArn: r.secretArn,
    actorArn: r.actor.arn,
    actorRoleArn: r.actor.roleArn ?? '',
    sourceIp: r.sourceIp,
    account: r.account,
    region: r.region,
    ticketKey: r.ticketKey ?? '',
    unapprovedIssueKey: r.unapprovedIssueKey ?? '',
    automatedBy: r.automatedBy ?? '',
    reason: r.why === 'outside-window' ? `outside the window of ${(r.nearMisses ?? []).join(' ')}` : r.why === 'no-request-for-secret' ? 'no approved request for this secret' : '',
    cloudTrailEventId: r.id,
  };
}

/** RFC 4180 CSV (CRLF line ends) with a header row. */
export function reportCsv(records: readonly SecretChangeRecord[]): string {
  const lines = [REPORT_COLUMNS.join(','), ...records.map((r) => REPORT_COLUMNS.map((c) => cell(reportRow(r)[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
