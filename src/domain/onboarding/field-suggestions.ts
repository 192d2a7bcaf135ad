import { ONBOARDING_INPUT_LABELS, ONBOARDING_INPUTS, type OnboardingInput } from './onboarding-request';

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Extra names people give these fields, so a suggestion still appears for "Email" or "Groups". */
const ALIASES: Partial<Record<OnboardingInput, string[]>> = {
  workEmail: ['email', 'emailaddress', 'workemailaddress'],
  username: ['login', 'oktalogin', 'oktausername'],
  oktaGroups: ['groups'],
  startDate: ['firstday', 'startingdate'],
  manager: ['linemanager', 'reportsto'],
};

/** Suggests which request-type field feeds each input, by name; the admin confirms or changes it. */
export function suggestFieldMapping(fields: { fieldId: string; name: string }[]): Partial<Record<OnboardingInput, string>> {
  const suggestion: Partial<Record<OnboardingInput, string>> = {};
  for (const input of ONBOARDING_INPUTS) {
    const names = [ONBOARDING_INPUT_LABELS[input], ...(ALIASES[input] ?? [])].map(normalise);
    const match = fields.find((f) => names.includes(normalise(f.name)));
    if (match) suggestion[input] = match.fieldId;
  }
  return suggestion;
}
