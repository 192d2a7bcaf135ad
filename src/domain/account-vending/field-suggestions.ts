import { VENDING_INPUT_LABELS, VENDING_INPUTS, type VendingInput } from './account-request';

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Other names people give these fields, so a suggestion still appears for "Root email" or "OU". */
const ALIASES: Partial<Record<VendingInput, string[]>> = {
  accountName: ['name', 'awsaccountname'],
  accountEmail: ['email', 'rootemail', 'awsaccountemail', 'rootemailaddress'],
  organizationalUnit: ['ou', 'awsou', 'orgunit'],
  environment: ['env', 'stage'],
  costCenter: ['costcentre', 'costcode', 'billingcode'],
  accountOwner: ['owner', 'technicalowner'],
};

/** Suggests which request-type field feeds each vending input, by name; the admin confirms or changes it. */
export function suggestVendingFieldMapping(fields: { fieldId: string; name: string }[]): Partial<Record<VendingInput, string>> {
  const suggestion: Partial<Record<VendingInput, string>> = {};
  for (const input of VENDING_INPUTS) {
    const names = [VENDING_INPUT_LABELS[input], ...(ALIASES[input] ?? [])].map(normalise);
    const match = fields.find((f) => names.includes(normalise(f.name)));
    if (match) suggestion[input] = match.fieldId;
  }
  return suggestion;
}
