import { parseAccountRequest, VENDING_INPUTS, type AccountRequest, type VendingInput } from '../domain/account-vending/account-request';
import { fieldProblemsReport, preflightReport, type OrgFacts, type PreflightReport } from '../domain/account-vending/preflight';
import type { AccountVendingSettings } from '../domain/account-vending/vending-settings';
import type { AwsOrganization, PeopleDirectory } from './account-vending-ports';

/** The request's mapped field values, by input. */
export function vendingInputsFrom(fields: Record<string, unknown>, settings: AccountVendingSettings): Partial<Record<VendingInput, unknown>> {
  const inputs: Partial<Record<VendingInput, unknown>> = {};
  for (const input of VENDING_INPUTS) {
    const fieldId = settings.fields[input];
    if (fieldId) inputs[input] = fields[fieldId];
  }
  return inputs;
}

/** Asks the organization (and Jira, for the owner) what the pre-flight needs to know. */
export async function gatherOrgFacts(request: AccountRequest, deps: { org: AwsOrganization; people: PeopleDirectory }): Promise<OrgFacts> {
  const info = await deps.org.info();
  const [accounts, ou, ownerName] = await Promise.all([deps.org.listAccounts(), deps.org.resolveOu(request.ou, info.rootId), deps.people.displayName(request.owner)]);
  const emailOwner = accounts.find((a) => a.email.toLowerCase() === request.accountEmail);
  const nameOwner = accounts.find((a) => a.name.toLowerCase() === request.accountName.toLowerCase());
  return {
    ...(emailOwner ? { emailOwner: { id: emailOwner.id, name: emailOwner.name } } : {}),
    ...(nameOwner ? { nameOwner: { id: nameOwner.id, email: nameOwner.email } } : {}),
    ou,
    ...(ownerName !== undefined ? { ownerName } : {}),
  };
}

export type CheckResult = { report: PreflightReport; request?: AccountRequest; facts?: OrgFacts };

/** The whole pre-flight: field rules and the admin's policy first, then the organization. */
export async function checkAccountRequest(fields: Record<string, unknown>, settings: AccountVendingSettings, deps: { org: AwsOrganization; people: PeopleDirectory }): Promise<CheckResult> {
  const parsed = parseAccountRequest(vendingInputsFrom(fields, settings), settings);
  if (!parsed.ok) return { report: fieldProblemsReport(parsed.problems) };
  const facts = await gatherOrgFacts(parsed.value, deps);
  return { report: preflightReport(parsed.value, facts), request: parsed.value, facts };
}
