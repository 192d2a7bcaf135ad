import { parseSecretArn, type ChangeActor, type SecretChange } from './secret-change';

/** An approved "Secret change" request: which secrets, and when they may change. */
export interface ApprovedChangeWindow {
  issueKey: string;
  issueId: string;
  summary?: string;
  /** ARNs or ARN patterns as the request lists them. */
  secretArns: string[];
  /** Epoch ms, inclusive. */
  start: number;
  end: number;
  approvedBy?: string;
  approvedAt?: string;
}

export type ChangeOutcome = 'matched' | 'automated' | 'unapproved';

export type Classification =
  | { outcome: 'matched'; ticketKey: string; alsoCoveredBy: string[]; automatedBy?: string }
  | { outcome: 'automated'; principal: string }
  | { outcome: 'unapproved'; why: 'no-request-for-secret' | 'outside-window'; nearMisses: string[] };

const SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * Splits the "Secret ARNs" field: one ARN per line (commas and spaces also separate). Each entry
 * is a secret ARN, a partial ARN (without the random suffix, as IAM accepts), or an ARN prefix
 * ending in `*`.
 */
export function parseSecretArnList(text: unknown): { arns: string[]; invalid: string[] } {
  const raw = typeof text === 'string' ? text : Array.isArray(text) ? text.join('\n') : '';
  const entries = [...new Set(raw.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
  const arns: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const base = entry.endsWith('*') ? entry.slice(0, -1) : entry;
    if (/^arn:(aws|aws-cn|aws-us-gov):secretsmanager:[a-z0-9-]+:\d{12}:secret:/.test(base) && !base.slice(0, -1).includes('*')) arns.push(entry);
    else invalid.push(entry);
  }
  return { arns, invalid };
}

/** Whether a request's ARN entry covers the changed secret. */
export function arnCovers(pattern: string, change: Pick<SecretChange, 'secretArn' | 'partialArn'>): boolean {
  const arn = change.secretArn;
  if (pattern.endsWith('*')) return arn.startsWith(pattern.slice(0, -1));
  if (pattern === arn) return true;
  // The request names the secret without its suffix (a partial ARN): the full ARN is it plus `-XXXXXX`.
  if (!change.partialArn && arn.length === pattern.length + 7 && arn.startsWith(`${pattern}-`) && SUFFIX.test(arn)) return true;
  // Only the name of the changed secret is known (e.g. tagged by name): compare without the suffix.
  if (change.partialArn && parseSecretArn(pattern) && SUFFIX.test(pattern) && pattern.slice(0, -7) === arn) return true;
  return false;
}

/**
 * Whether an allow-listed principal made the change. An entry is a user or role ARN (a role
 * covers every session of it) or an assumed-role session ARN; `*` at the end matches a prefix.
 */
export function principalMatches(pattern: string, actor: ChangeActor): boolean {
  const candidates = [actor.arn, actor.roleArn].filter((c): c is string => c !== undefined);
  return candidates.some((c) => (pattern.endsWith('*') ? c.startsWith(pattern.slice(0, -1)) : c === pattern));
}

/**
 * Decides what a change was: covered by an approved request whose window holds the change time
 * (the most recently started such window wins), else made by an automation principal, else
 * unapproved — naming requests for the same secret whose window did not hold it.
 */
export function classifyChange(change: SecretChange, windows: readonly ApprovedChangeWindow[], automationPrincipals: readonly string[]): Classification {
  const at = Date.parse(change.eventTime);
  const forSecret = windows.filter((w) => w.secretArns.some((p) => arnCovers(p, change)));
  const covering = forSecret.filter((w) => w.start <= at && at <= w.end).sort((a, b) => b.start - a.start || a.issueKey.localeCompare(b.issueKey));
  const automatedBy = automationPrincipals.find((p) => principalMatches(p, change.actor));
  const first = covering[0];
  if (first) {
    return { outcome: 'matched', ticketKey: first.issueKey, alsoCoveredBy: covering.slice(1).map((w) => w.issueKey), ...(automatedBy ? { automatedBy } : {}) };
  }
  if (automatedBy) return { outcome: 'automated', principal: automatedBy };
  return forSecret.length > 0
    ? { outcome: 'unapproved', why: 'outside-window', nearMisses: forSecret.map((w) => w.issueKey) }
    : { outcome: 'unapproved', why: 'no-request-for-secret', nearMisses: [] };
}

/**
 * Reads a Jira date-time as JSM returns it (`2026-03-02T10:00:00.000+0000`) or as ISO 8601
 * (`…Z`, `…+01:00`); undefined if it is neither.
 */
export function parseJiraDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const zone = m[2] === 'Z' ? 'Z' : `${(m[2] as string).slice(0, 3)}:${(m[2] as string).slice(-2)}`;
  const ms = Date.parse(`${m[1]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
