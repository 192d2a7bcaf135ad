import { preflightComment, reportText, type PreflightReport } from '../domain/account-vending/preflight';
import { NotFoundError } from '../domain/errors';
import type { AwsOrganization, PeopleDirectory, VendingConfig } from './account-vending-ports';
import { checkAccountRequest } from './check-account-request';
import { classifyFailure } from './failure-policy';
import type { ServiceDesk } from './ports';

export interface OnceGuard {
  /** True the first time `key` is claimed within `ttlSeconds`; false for every later claim. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

export type PreflightOutcome = 'not-configured' | 'not-a-request' | 'other-request-type' | 'not-a-checked-field' | 'already-decided' | 'already-checked' | 'checked';

/** An edit of the request: the changelog entry (its id makes repeat deliveries one check) and the fields it changed. */
export interface RequestEdit {
  changelogId: string;
  changedFieldIds: readonly string[];
}

/** Longer than Forge keeps retrying a product event. */
const CLAIM_SECONDS = 24 * 3600;

/**
 * A new request: check it before anyone approves, and say so on the ticket; an edit of a checked
 * field while the approval is pending checks it again (the comment tells requesters to fix
 * problems by editing). The check is repeated on approval, so this comment is advice, never a
 * gate. A transient AWS failure is rethrown (the trigger asks Forge to deliver the event again);
 * any other one is reported.
 */
export async function preflightAccountRequest(
  issue: { issueId: string; issueKey: string },
  deps: { config: VendingConfig; desk: ServiceDesk; org: AwsOrganization; people: PeopleDirectory; once: OnceGuard },
  edit?: RequestEdit,
): Promise<PreflightOutcome> {
  const settings = await deps.config.vending();
  if (!settings) return 'not-configured';
  // Most edits of most issues touch nothing the check reads: decided before any Jira call.
  const checked = new Set(Object.values(settings.fields));
  if (edit && !edit.changedFieldIds.some((id) => checked.has(id))) return 'not-a-checked-field';
  let request: Awaited<ReturnType<ServiceDesk['customerRequest']>>;
  try {
    request = await deps.desk.customerRequest(issue.issueId);
  } catch (error) {
    // An issue outside a service desk (OPS, say) is no customer request: nothing to check.
    if (error instanceof NotFoundError) return 'not-a-request';
    throw error;
  }
  if (request.requestTypeId !== settings.requestTypeId) return 'other-request-type';
  // Once approved or declined, the check on approval (or nothing) is what counts.
  if (edit && (await deps.desk.approval(request.issueKey)).decision !== 'pending') return 'already-decided';
  const marker = edit ? `${issue.issueId}:preflight:edit:${edit.changelogId}` : `${issue.issueId}:preflight`;
  let text: string;
  try {
    const { report } = await checkAccountRequest(request.fields, settings, deps);
    text = preflightComment(report, edit ? 'edited' : 'created');
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') throw error;
    const report: PreflightReport = { ok: false, lines: [{ ok: false, text: `AWS: Provisio could not check the request against the organization. ${failure.reason}` }] };
    text = `Provisio could not finish its checks of this AWS account request:\n${reportText(report)}\nAn admin has to fix this before the request can be provisioned.`;
  }
  // Duplicate deliveries of the event arrive together: only the first one comments.
  if (!(await deps.once.claim(marker, CLAIM_SECONDS))) return 'already-checked';
  try {
    await deps.desk.comment(request.issueKey, text, { internal: false, marker });
  } catch (error) {
    await deps.once.release(marker).catch(() => undefined);
    throw error;
  }
  return 'checked';
}
