import { textOf } from '../onboarding/onboarding-request';

/**
 * A "New AWS account" request, normalised and checked against AWS's own rules and the admin's
 * policy. Parsing never throws: it returns every problem at once, each naming the field as the
 * requester saw it, so one comment tells them everything to fix.
 */
export const VENDING_INPUTS = ['accountName', 'accountEmail', 'organizationalUnit', 'environment', 'costCenter', 'accountOwner'] as const;
export type VendingInput = (typeof VENDING_INPUTS)[number];

export const VENDING_INPUT_LABELS: Record<VendingInput, string> = {
  accountName: 'Account name',
  accountEmail: 'Account email',
  organizationalUnit: 'Organizational unit',
  environment: 'Environment',
  costCenter: 'Cost center',
  accountOwner: 'Account owner',
};

/** Every input feeds the account or one of its tags, so all are required. */
export const REQUIRED_VENDING_INPUTS: readonly VendingInput[] = VENDING_INPUTS;

/** Where the account goes: an OU id, the root, or a path of OU names from the root ("Workloads/Prod"). */
export type OuReference = { kind: 'id'; id: string } | { kind: 'root' } | { kind: 'path'; names: string[] };

export interface AccountRequest {
  accountName: string;
  /** Lower-cased: AWS treats root emails case-insensitively. */
  accountEmail: string;
  ou: OuReference;
  /** As the request wrote it, for messages. */
  ouText: string;
  environment: string;
  costCenter: string;
  /** The Jira account id of the owner. */
  owner: string;
}

/** What the admin allows: checked before anyone approves. */
export interface VendingPolicy {
  allowedEnvironments: string[];
  /** A regular expression the whole cost center must match. */
  costCenterPattern: string;
}

export interface VendingFieldProblem {
  input: VendingInput;
  label: string;
  message: string;
}

export type VendingParseResult = { ok: true; value: AccountRequest } | { ok: false; problems: VendingFieldProblem[] };

// AWS CreateAccount: AccountName 1–50 printable ASCII; Email 6–64 characters.
const NAME_MAX = 50;
const PRINTABLE_ASCII = /^[\u0020-\u007e]+$/;
const EMAIL_MIN = 6;
const EMAIL_MAX = 64;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_NAME = /^[\s\S]{1,128}$/;
const JIRA_ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
// AWS Organizations tag values: letters, digits, spaces and _.:/=+-@, at most 256.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');

export function parseOuReference(text: string): OuReference | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (OU_ID.test(value)) return { kind: 'id', id: value };
  if (ROOT_ID.test(value) || value.toLowerCase() === 'root' || value === '/') return { kind: 'root' };
  const names = value
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map(collapse);
  // "Root/Workloads/Prod" and "/Workloads/Prod" both start at the root.
  if (names[0]?.toLowerCase() === 'root') names.shift();
  if (names.length === 0 || names.some((n) => !n || !OU_NAME.test(n))) return undefined;
  return { kind: 'path', names };
}

export function ouReferenceText(ou: OuReference): string {
  return ou.kind === 'id' ? ou.id : ou.kind === 'root' ? 'Root' : ou.names.join('/');
}

/** Compiles the admin's cost center pattern anchored to the whole value; undefined when it is not a valid expression. */
export function costCenterMatcher(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

export function parseAccountRequest(raw: Partial<Record<VendingInput, unknown>>, policy: VendingPolicy): VendingParseResult {
  const problems: VendingFieldProblem[] = [];
  const problem = (input: VendingInput, message: string) => problems.push({ input, label: VENDING_INPUT_LABELS[input], message });
  const text = (input: VendingInput) => textOf(raw[input]) ?? '';

  const accountName = collapse(text('accountName'));
  if (!accountName) problem('accountName', 'is required');
  else if (accountName.length > NAME_MAX) problem('accountName', `must be at most ${NAME_MAX} characters (AWS's limit), it has ${accountName.length}`);
  else if (!PRINTABLE_ASCII.test(accountName)) problem('accountName', 'may only use letters, digits, spaces and ASCII punctuation (AWS accepts no other characters)');

  const accountEmail = text('accountEmail').trim().toLowerCase();
  if (!accountEmail) problem('accountEmail', 'is required');
  else if (accountEmail.length < EMAIL_MIN || accountEmail.length > EMAIL_MAX) {
    problem('accountEmail', `must be ${EMAIL_MIN} to ${EMAIL_MAX} characters long (AWS's limit)`);
  } else if (!EMAIL.test(accountEmail)) problem('accountEmail', `"${accountEmail}" is not a valid email address`);

  const ouText = collapse(text('organizationalUnit'));
  const ou = parseOuReference(ouText);
  if (!ouText) problem('organizationalUnit', 'is required');
  else if (!ou) problem('organizationalUnit', `"${ouText}" is neither an OU id (ou-…) nor a path of OU names like Workloads/Prod`);

  const environmentText = collapse(text('environment'));
  const environment = policy.allowedEnvironments.find((e) => e.toLowerCase() === environmentText.toLowerCase());
  if (!environmentText) problem('environment', 'is required');
  else if (!environment) problem('environment', `"${environmentText}" is not allowed; choose one of ${policy.allowedEnvironments.join(', ')}`);

  const costCenter = collapse(text('costCenter'));
  const matcher = costCenterMatcher(policy.costCenterPattern);
  if (!costCenter) problem('costCenter', 'is required');
  else if (!matcher?.test(costCenter)) problem('costCenter', `"${costCenter}" does not follow the cost center format (${policy.costCenterPattern})`);
  else if (!TAG_VALUE.test(costCenter)) problem('costCenter', 'has characters AWS does not allow in a tag');

  const owner = text('accountOwner').trim();
  if (!owner) problem('accountOwner', 'is required');
  else if (!JIRA_ACCOUNT_ID.test(owner)) problem('accountOwner', `"${owner.slice(0, 60)}" is not a Jira account id`);

  if (problems.length > 0 || !ou || !environment) return { ok: false, problems };
  return { ok: true, value: { accountName, accountEmail, ou, ouText, environment, costCenter, owner } };
}

/** The tags every vended account carries; keys are fixed so cost reports can rely on them. */
export function accountTags(request: AccountRequest, issueKey: string): { Key: string; Value: string }[] {
  return [
    { Key: 'Environment', Value: request.environment },
    { Key: 'CostCenter', Value: request.costCenter },
    { Key: 'Owner', Value: request.owner },
    { Key: 'JiraIssue', Value: issueKey },
    { Key: 'ProvisionedBy', Value: 'Provisio' },
  ];
}

/** The request as stored on the run (outputs are strings), and back; undefined when the stored text is not one. */
export function serializeAccountRequest(request: AccountRequest): string {
  return JSON.stringify(request);
}

export function deserializeAccountRequest(text: string | undefined): AccountRequest | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<AccountRequest>;
    const strings = ['accountName', 'accountEmail', 'ouText', 'environment', 'costCenter', 'owner'] as const;
    if (strings.some((k) => typeof value[k] !== 'string') || typeof value.ou !== 'object' || value.ou === null) return undefined;
    return value as AccountRequest;
  } catch {
    return undefined;
  }
}
