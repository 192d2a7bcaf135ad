import { ONBOARDING_INPUTS, type OnboardingInput } from '../onboarding/onboarding-request';
import { baselineEndpoint } from '../account-vending/vending-settings';
import type { FieldErrors, Validated } from './okta-settings';

/**
 * Which request type means "onboard", which of its fields feed each input, which groups may be
 * granted, and the workflow statuses the flow moves through.
 */
export interface OnboardingSettings {
  requestTypeId: string;
  fields: Partial<Record<OnboardingInput, string>>;
  groupAllowList: string[];
  /** The status an approved request reaches; arriving there starts provisioning. */
  provisionStatus: string;
  doneStatus: string;
  failedStatus: string;
  /**
   * Optional follow-up provisioning: once the Okta user exists, the request is POSTed as JSON,
   * SigV4-signed by Provisio's AWS role, to this API Gateway or Lambda function URL (IAM auth).
   */
  followUpUrl?: string;
}

export const REQUIRED_INPUTS: readonly OnboardingInput[] = ['firstName', 'lastName', 'workEmail'];
const FIELD_ID = /^(summary|description|customfield_\d{5,})$/;
const STATUS_NAME = /^[^\n]{1,60}$/;
const GROUP_NAME = /^[^\n]{1,255}$/;

type Key = keyof OnboardingSettings | `fields.${OnboardingInput}`;

export function validateOnboardingSettings(input: Record<string, unknown>): Validated<OnboardingSettings, Key> {
  const errors: FieldErrors<Key> = {};
  const requestTypeId = typeof input.requestTypeId === 'string' ? input.requestTypeId.trim() : '';
  if (!/^\d{1,12}$/.test(requestTypeId)) errors.requestTypeId = 'Choose the request type that onboards an employee.';
  const rawFields = (typeof input.fields === 'object' && input.fields !== null ? input.fields : {}) as Record<string, unknown>;
  const fields: Partial<Record<OnboardingInput, string>> = {};
  for (const name of ONBOARDING_INPUTS) {
    const value = typeof rawFields[name] === 'string' ? (rawFields[name] as string).trim() : '';
    if (!value) {
      if (REQUIRED_INPUTS.includes(name)) errors[`fields.${name}`] = 'Choose the field that holds this.';
      continue;
    }
    if (!FIELD_ID.test(value)) errors[`fields.${name}`] = `"${value}" is not a Jira field id.`;
    else fields[name] = value;
  }
  const unknown = Object.keys(rawFields).filter((k) => !(ONBOARDING_INPUTS as readonly string[]).includes(k));
  if (unknown.length) errors.fields = `Unknown inputs: ${unknown.join(', ')}.`;
  const rawGroups = Array.isArray(input.groupAllowList) ? input.groupAllowList : [];
  const groupAllowList = [...new Set(rawGroups.map((g) => String(g).trim()).filter(Boolean))];
  if (groupAllowList.some((g) => !GROUP_NAME.test(g))) errors.groupAllowList = 'Group names are one line, at most 255 characters.';
  const status = (key: 'provisionStatus' | 'doneStatus' | 'failedStatus', fallback: string) => {
    const value = typeof input[key] === 'string' && (input[key] as string).trim() ? (input[key] as string).trim() : fallback;
    if (!STATUS_NAME.test(value)) errors[key] = 'A status name, one line.';
    return value;
  };
  const provisionStatus = status('provisionStatus', 'In Progress');
  const doneStatus = status('doneStatus', 'Done');
  const failedStatus = status('failedStatus', 'Provisioning failed');
  const followUpUrl = typeof input.followUpUrl === 'string' ? input.followUpUrl.trim() : '';
  if (followUpUrl && !baselineEndpoint(followUpUrl)) {
    errors.followUpUrl = 'Use an API Gateway URL (https://<id>.execute-api.<region>.amazonaws.com/…) or a Lambda function URL (https://<id>.lambda-url.<region>.on.aws/…).';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { requestTypeId, fields, groupAllowList, provisionStatus, doneStatus, failedStatus, ...(followUpUrl ? { followUpUrl } : {}) } };
}
