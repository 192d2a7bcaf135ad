/**
 * An approved "Onboard a new employee" request, normalised and validated. Parsing never throws:
 * it returns every problem at once, each naming the field as the requester saw it, so one
 * comment tells them everything to fix.
 */
export const ONBOARDING_INPUTS = ['firstName', 'lastName', 'workEmail', 'username', 'department', 'manager', 'oktaGroups', 'startDate'] as const;
export type OnboardingInput = (typeof ONBOARDING_INPUTS)[number];

export const ONBOARDING_INPUT_LABELS: Record<OnboardingInput, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  workEmail: 'Work email',
  username: 'Username',
  department: 'Department',
  manager: 'Manager',
  oktaGroups: 'Okta groups',
  startDate: 'Start date',
};

export interface OnboardingRequest {
  firstName: string;
  lastName: string;
  workEmail: string;
  /** The Okta login; the work email unless the requester chose another. */
  login: string;
  department?: string;
  manager?: string;
  groups: string[];
  startDate?: string;
}

export interface FieldProblem {
  input: OnboardingInput;
  label: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const NAME_MAX = 50;
const EMAIL_MAX = 100;
// Okta logins are email-shaped; this is the practical subset Okta accepts (no quoted local parts).
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Jira values arrive as strings, option objects `{value}`, arrays of either, or null. */
export function textOf(raw: unknown): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const v = (raw as { value?: unknown; name?: unknown; displayName?: unknown }).value ?? (raw as { name?: unknown }).name;
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** Okta group names are case-insensitive, so "Sales" and "sales" are one group (the first spelling is kept). */
function listOf(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw.map(textOf) : (textOf(raw) ?? '').split(/[\n,;]+/);
  const seen = new Map<string, string>();
  for (const item of items) {
    const trimmed = item?.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');

function validDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseOnboardingRequest(raw: Partial<Record<OnboardingInput, unknown>>): ParseResult<OnboardingRequest> {
  const problems: FieldProblem[] = [];
  const problem = (input: OnboardingInput, message: string) => problems.push({ input, label: ONBOARDING_INPUT_LABELS[input], message });

  const name = (input: 'firstName' | 'lastName'): string => {
    const value = collapse(textOf(raw[input]) ?? '');
    if (!value) problem(input, 'is required');
    else if (value.length > NAME_MAX) problem(input, `must be at most ${NAME_MAX} characters`);
    else if (CONTROL_CHARS.test(value)) problem(input, 'contains characters that are not allowed');
    return value;
  };
  const email = (input: 'workEmail' | 'username', required: boolean): string | undefined => {
    const value = (textOf(raw[input]) ?? '').trim().toLowerCase();
    if (!value) {
      if (required) problem(input, 'is required');
      return undefined;
    }
    if (value.length > EMAIL_MAX || !EMAIL.test(value)) problem(input, `"${value.slice(0, EMAIL_MAX)}" is not a valid email address`);
    return value;
  };

  const firstName = name('firstName');
  const lastName = name('lastName');
  const workEmail = email('workEmail', true);
  const username = email('username', false);
  const department = collapse(textOf(raw.department) ?? '') || undefined;
  const manager = collapse(textOf(raw.manager) ?? '') || undefined;
  const groups = listOf(raw.oktaGroups);
  const startDate = (textOf(raw.startDate) ?? '').trim() || undefined;
  if (startDate && !validDate(startDate)) problem('startDate', `"${startDate}" is not a date (YYYY-MM-DD)`);
  if (department && CONTROL_CHARS.test(department)) problem('department', 'contains characters that are not allowed');

  if (problems.length > 0 || !workEmail) return { ok: false, problems };
  return {
    ok: true,
    value: {
      firstName,
      lastName,
      workEmail,
      login: username ?? workEmail,
      ...(department ? { department } : {}),
      ...(manager ? { manager } : {}),
      groups,
      ...(startDate ? { startDate } : {}),
    },
  };
}

/** Groups the request names that the admin has not allowed; compared case-insensitively, as Okta names are. */
export function groupsNotAllowed(groups: string[], allowList: string[]): string[] {
  const allowed = new Set(allowList.map((g) => g.toLowerCase()));
  return groups.filter((g) => !allowed.has(g.toLowerCase()));
}
