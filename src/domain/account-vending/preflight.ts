import type { AccountRequest, VendingFieldProblem } from './account-request';

/** What the organization (and Jira) say about a request, gathered by the use case. */
export interface OrgFacts {
  /** An account in the organization that already uses the email. */
  emailOwner?: { id: string; name: string };
  /** An account in the organization that already has the name. */
  nameOwner?: { id: string; email: string };
  ou: { kind: 'found'; id: string; path: string } | { kind: 'missing'; detail: string } | { kind: 'ambiguous'; candidates: string[] };
  /** The owner's display name; undefined when Jira has no such user. */
  ownerName?: string;
}

export interface PreflightLine {
  ok: boolean;
  text: string;
}

export interface PreflightReport {
  ok: boolean;
  lines: PreflightLine[];
}

/** Checks a well-formed request against the organization: unique email and name, an existing OU, a known owner. */
export function preflightReport(request: AccountRequest, facts: OrgFacts): PreflightReport {
  const lines: PreflightLine[] = [];
  lines.push(
    facts.emailOwner
      ? { ok: false, text: `Account email: ${request.accountEmail} already belongs to account ${facts.emailOwner.id} (${facts.emailOwner.name}). Every AWS account needs its own root email.` }
      : { ok: true, text: `Account email: ${request.accountEmail} is valid and no account in the organization uses it.` },
  );
  lines.push(
    facts.nameOwner
      ? { ok: false, text: `Account name: "${request.accountName}" is already the name of account ${facts.nameOwner.id}. Choose a name no other account has.` }
      : { ok: true, text: `Account name: "${request.accountName}" follows AWS's rules and is not taken in the organization.` },
  );
  if (facts.ou.kind === 'found') lines.push({ ok: true, text: `Organizational unit: ${facts.ou.path} exists (${facts.ou.id}).` });
  else if (facts.ou.kind === 'ambiguous') {
    lines.push({ ok: false, text: `Organizational unit: "${request.ouText}" matches several OUs (${facts.ou.candidates.join(', ')}). Write the full path, like Workloads/Prod, or the OU id.` });
  } else lines.push({ ok: false, text: `Organizational unit: ${facts.ou.detail}` });
  lines.push({ ok: true, text: `Environment: ${request.environment} is allowed.` });
  lines.push({ ok: true, text: `Cost center: ${request.costCenter} follows the cost center format.` });
  lines.push(
    facts.ownerName === undefined
      ? { ok: false, text: `Account owner: Jira has no user with account id ${request.owner}.` }
      : { ok: true, text: `Account owner: ${facts.ownerName}.` },
  );
  return { ok: lines.every((l) => l.ok), lines };
}

/** A request whose fields are malformed: the field problems, before anything is asked of AWS. */
export function fieldProblemsReport(problems: VendingFieldProblem[]): PreflightReport {
  return { ok: false, lines: problems.map((p) => ({ ok: false, text: `${p.label}: ${p.message}.` })) };
}

export function reportText(report: PreflightReport): string {
  return report.lines.map((l) => `${l.ok ? '✔' : '✘'} ${l.text}`).join('\n');
}

/** The comment on a new request, before anyone approves. */
export function preflightComment(report: PreflightReport, occasion: 'created' | 'edited' = 'created'): string {
  return [
    occasion === 'edited' ? 'Provisio checked this AWS account request again after it was edited:' : 'Provisio checked this AWS account request before approval:',
    reportText(report),
    report.ok
      ? 'Everything is in order. Once approved, Provisio creates the account and reports every stage here.'
      : 'Please fix the problems above by editing the request. Provisio checks everything again when the request is approved, and creates nothing while a check fails.',
  ].join('\n');
}

/** The failures alone, for a run that stops at the check on approval. */
export function preflightFailureReason(report: PreflightReport): string {
  const failed = report.lines.filter((l) => !l.ok).map((l) => `• ${l.text}`);
  return `The request did not pass the checks, so no account was created:\n${failed.join('\n')}`;
}
