import type { FieldErrors, Validated } from '../config/okta-settings';
import { parseTopicArn, SNS_REGIONS } from './sns-message';

/** The inputs the audit reads from a "Secret change" request. */
export const SECRET_CHANGE_INPUTS = ['secretArns', 'windowStart', 'windowEnd', 'reason'] as const;
export type SecretChangeInput = (typeof SECRET_CHANGE_INPUTS)[number];
export const SECRET_CHANGE_INPUT_LABELS: Record<SecretChangeInput, string> = {
  secretArns: 'Secret ARNs',
  windowStart: 'Change window start',
  windowEnd: 'Change window end',
  reason: 'Reason',
};
export const REQUIRED_SECRET_CHANGE_INPUTS: readonly SecretChangeInput[] = ['secretArns', 'windowStart', 'windowEnd'];

/**
 * How the secret change audit runs: which SNS topics may deliver changes, which principals'
 * changes are automation, where unapproved changes are filed, and which request type (and
 * fields) approves a change.
 */
export interface SecretAuditSettings {
  /** Topics whose deliveries are accepted. Each one's region decides which SNS host may sign. */
  topicArns: string[];
  /** Where approvals are published; none means approvals are not published. */
  publishTopicArn?: string;
  automationPrincipals: string[];
  projectKey: string;
  issueTypeName: string;
  requestTypeId: string;
  fields: Partial<Record<SecretChangeInput, string>>;
}

export type SecretAuditSettingsKey = keyof SecretAuditSettings | `fields.${SecretChangeInput}`;

const PRINCIPAL = /^arn:(aws|aws-cn|aws-us-gov):(iam|sts)::\d{12}:(user|role|assumed-role)\/[\w+=,.@/*-]{1,512}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;
const ISSUE_TYPE = /^[^\n]{1,60}$/;
const FIELD_ID = /^(summary|description|customfield_\d{5,})$/;
const MAX_TOPICS = 20;
const MAX_PRINCIPALS = 50;

const list = (v: unknown): string[] => {
  const raw = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/[\s,]+/) : [];
  return [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
};

export function validateSecretAuditSettings(input: Record<string, unknown>): Validated<SecretAuditSettings, SecretAuditSettingsKey> {
  const errors: FieldErrors<SecretAuditSettingsKey> = {};
  const topicArns = list(input.topicArns);
  const badTopic = topicArns.find((t) => !parseTopicArn(t));
  if (badTopic) errors.topicArns = `"${badTopic}" is not an SNS topic ARN (arn:aws:sns:region:account:name).`;
  else if (topicArns.some((t) => !SNS_REGIONS.includes(parseTopicArn(t)?.region ?? ''))) errors.topicArns = 'Provisio can reach SNS in the commercial AWS regions only.';
  else if (topicArns.length === 0) errors.topicArns = 'Add the ARN of the SNS topic the EventBridge rule sends secret changes to.';
  else if (topicArns.length > MAX_TOPICS) errors.topicArns = `At most ${MAX_TOPICS} topics.`;
  const publishRaw = typeof input.publishTopicArn === 'string' ? input.publishTopicArn.trim() : '';
  if (publishRaw && !SNS_REGIONS.includes(parseTopicArn(publishRaw)?.region ?? '')) errors.publishTopicArn = 'An SNS topic ARN, or empty to not publish approvals.';
  const automationPrincipals = list(input.automationPrincipals);
  const badPrincipal = automationPrincipals.find((p) => !PRINCIPAL.test(p));
  if (badPrincipal) errors.automationPrincipals = `"${badPrincipal}" is not an IAM user, role or assumed-role ARN.`;
  else if (automationPrincipals.length > MAX_PRINCIPALS) errors.automationPrincipals = `At most ${MAX_PRINCIPALS} principals.`;
  const projectKey = typeof input.projectKey === 'string' ? input.projectKey.trim().toUpperCase() : '';
  if (!PROJECT_KEY.test(projectKey)) errors.projectKey = 'The key of the project that gets an issue per unapproved change, like OPS.';
  const issueTypeName = typeof input.issueTypeName === 'string' && input.issueTypeName.trim() ? input.issueTypeName.trim() : 'Task';
  if (!ISSUE_TYPE.test(issueTypeName)) errors.issueTypeName = 'An issue type name, one line.';
  const requestTypeId = typeof input.requestTypeId === 'string' ? input.requestTypeId.trim() : '';
  if (!/^\d{1,12}$/.test(requestTypeId)) errors.requestTypeId = 'Choose the request type that approves secret changes.';
  const rawFields = (typeof input.fields === 'object' && input.fields !== null ? input.fields : {}) as Record<string, unknown>;
  const fields: Partial<Record<SecretChangeInput, string>> = {};
  for (const name of SECRET_CHANGE_INPUTS) {
    const value = typeof rawFields[name] === 'string' ? (rawFields[name] as string).trim() : '';
    if (!value) {
      if (REQUIRED_SECRET_CHANGE_INPUTS.includes(name)) errors[`fields.${name}`] = 'Choose the field that holds this.';
      continue;
    }
    if (!FIELD_ID.test(value)) errors[`fields.${name}`] = `"${value}" is not a Jira field id.`;
    else fields[name] = value;
  }
  if (fields.windowStart && (fields.windowStart === fields.windowEnd || !fields.windowStart.startsWith('customfield_'))) {
    errors['fields.windowStart'] = 'The window start must be its own date-time custom field.';
  }
  if (fields.windowEnd && !fields.windowEnd.startsWith('customfield_')) errors['fields.windowEnd'] = 'The window end must be a date-time custom field.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { topicArns, ...(publishRaw ? { publishTopicArn: publishRaw } : {}), automationPrincipals, projectKey, issueTypeName, requestTypeId, fields },
  };
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const ALIASES: Record<SecretChangeInput, string[]> = {
  secretArns: ['secrets', 'secretarn', 'secretarns', 'secret'],
  windowStart: ['windowstart', 'changestart', 'start', 'starttime'],
  windowEnd: ['windowend', 'changeend', 'end', 'endtime'],
  reason: ['justification', 'why', 'description'],
};

/** Suggests which request-type field feeds each input, by name; the admin confirms or changes it. */
export function suggestSecretChangeFields(fields: { fieldId: string; name: string }[]): Partial<Record<SecretChangeInput, string>> {
  const suggestion: Partial<Record<SecretChangeInput, string>> = {};
  for (const input of SECRET_CHANGE_INPUTS) {
    const names = [SECRET_CHANGE_INPUT_LABELS[input], ...ALIASES[input]].map(normalise);
    const match = fields.find((f) => f.fieldId.startsWith('customfield_') && names.includes(normalise(f.name)));
    if (match) suggestion[input] = match.fieldId;
  }
  return suggestion;
}
