import { validationFailed } from './errors';
import type { ProfileValue, UserProfile } from './model';

/** Okta's base user profile attributes (spec `UserProfile`); anything else must be a custom attribute. */
export const BASE_PROFILE_ATTRIBUTES: readonly string[] = [
  'city',
  'costCenter',
  'countryCode',
  'department',
  'displayName',
  'division',
  'email',
  'employeeNumber',
  'firstName',
  'honorificPrefix',
  'honorificSuffix',
  'lastName',
  'locale',
  'login',
  'manager',
  'managerId',
  'middleName',
  'mobilePhone',
  'nickName',
  'organization',
  'postalAddress',
  'preferredLanguage',
  'primaryPhone',
  'profileUrl',
  'secondEmail',
  'state',
  'streetAddress',
  'timezone',
  'title',
  'userType',
  'zipCode',
];

/** The default Okta user schema requires these four. */
const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;

/** Spec `maxLength`s that clients plausibly hit. */
const MAX_LENGTH: Record<string, number> = { login: 100, email: 100, secondEmail: 100, firstName: 50, lastName: 50, countryCode: 2, city: 128, state: 128, zipCode: 50 };

/** RFC 5322-ish, as loose as Okta's default login pattern (an email address). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isProfileValue(value: unknown): value is ProfileValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/**
 * Reads a request's `profile` object into a profile, rejecting what Okta's default schema
 * rejects. Errors name the first bad field in the summary and list every problem as a cause.
 */
export function parseProfile(raw: unknown, customAttributes: ReadonlySet<string>): UserProfile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationFailed('profile', ['profile: The field cannot be left blank']);
  const problems: [string, string][] = [];
  const profile: UserProfile = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const base = BASE_PROFILE_ATTRIBUTES.includes(name);
    if (!base && !customAttributes.has(name)) {
      problems.push([name, `Property name '${name}' is not defined in profile`]);
      continue;
    }
    if (!isProfileValue(value) || (base && value !== null && typeof value !== 'string')) {
      problems.push([name, `${name}: Property value must be a string`]);
      continue;
    }
    profile[name] = value;
  }
  if (problems.length > 0) throw validationFailed(problems[0]![0], problems.map(([, cause]) => cause));
  return profile;
}

/** Checks a complete profile (after create, or after merging a partial update). */
export function validateProfile(profile: UserProfile): void {
  const problems: [string, string][] = [];
  for (const field of REQUIRED) {
    const value = profile[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push([field, `${field}: The field cannot be left blank`]);
  }
  const login = profile.login;
  if (typeof login === 'string' && login.trim() !== '' && !EMAIL.test(login)) {
    problems.push(['login', 'login: Username must be in the form of an email address']);
  }
  for (const field of ['email', 'secondEmail']) {
    const value = profile[field];
    if (typeof value === 'string' && value !== '' && !EMAIL.test(value)) problems.push([field, `${field}: Does not match required pattern`]);
  }
  for (const [field, max] of Object.entries(MAX_LENGTH)) {
    const value = profile[field];
    if (typeof value === 'string' && value.length > max) problems.push([field, `${field}: The field is too long`]);
  }
  if (problems.length > 0) throw validationFailed(problems[0]![0], problems.map(([, cause]) => cause));
}

/** Okta's partial update: given properties replace, `null` clears, absent ones stay. */
export function mergeProfile(current: UserProfile, patch: UserProfile): UserProfile {
  const merged: UserProfile = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
