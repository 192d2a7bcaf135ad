import { InvalidInputError } from '../domain/errors';
import type { OnboardingSettings } from '../domain/config/onboarding-settings';
import { groupsNotAllowed, ONBOARDING_INPUTS, parseOnboardingRequest, type OnboardingInput, type OnboardingRequest } from '../domain/onboarding/onboarding-request';
import { onboardingSteps } from '../domain/onboarding/onboarding-steps';
import { nextStep, withOutput, withOutputs, withPlannedSteps, withStatus, withStep, type Run, type RunStep } from '../domain/runs/run';
import { classifyFailure, MAX_TRANSIENT_ATTEMPTS } from './failure-policy';
import { nowIso, type FailureNotifier, type FollowUpEndpoint, type IdentityDirectory, type OnboardingConfig, type RunStore, type ServiceDesk } from './ports';

export interface OnboardingDeps {
  config: OnboardingConfig;
  desk: ServiceDesk;
  runs: RunStore;
  okta: IdentityDirectory;
  notifier: FailureNotifier;
  followUp: FollowUpEndpoint;
}

export type ExecuteOutcome =
  | { kind: 'finished' }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'skipped'; why: string };

/**
 * How long one invocation owns a run: longer than the consumer's 120 s time limit (manifest.yml),
 * so a live invocation never loses its run to a duplicate delivery.
 */
const LEASE_MS = 150_000;
const OKTA_LOGIN_TAKEN = 'E0000001';

/** Who hears about a failure, in this order; each is crossed off the run once done. */
const FAILURE_NOTICES = ['comment-agents', 'comment-requester', 'move-to-failed', 'notify'] as const;
type FailureNotice = (typeof FAILURE_NOTICES)[number];

/**
 * Runs (or resumes) the onboarding of one approved request: wait, re-read, decide. Every step is
 * idempotent and recorded when done, so a duplicate delivery or a crash between any two steps
 * ends with one Okta user, the same groups, and each comment posted once.
 */
export async function executeOnboardingRun(issueId: string, deps: OnboardingDeps): Promise<ExecuteOutcome> {
  const current = await deps.runs.get(issueId);
  if (!current) return { kind: 'skipped', why: 'no run recorded' };
  // A failed run whose reports were cut short (a crash) is not finished: this delivery completes them.
  const reporting = current.run.status === 'failed' && (current.run.failureNotices?.length ?? 0) > 0;
  if (current.run.status === 'succeeded' || (current.run.status === 'failed' && !reporting)) return { kind: 'skipped', why: `run already ${current.run.status}` };
  const leaseLeft = current.run.leaseUntil ? Date.parse(current.run.leaseUntil) - Date.now() : 0;
  if (leaseLeft > 0) return { kind: 'retry', afterSeconds: Math.ceil(leaseLeft / 1000), reason: 'another delivery is working on this run' };

  const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString();
  // Finishing the reports is not another attempt: the failure comments' markers are keyed by attempt.
  let run: Run = reporting ? { ...current.run, leaseUntil } : { ...withStatus(current.run, 'running', nowIso()), attempts: current.run.attempts + 1, leaseUntil };
  let version: number;
  try {
    version = await deps.runs.save(run, current.version);
  } catch {
    return { kind: 'retry', afterSeconds: 5, reason: 'another delivery took the run first' };
  }
  const save = async (next: Run) => {
    version = await deps.runs.save(next, version);
    run = next;
  };
  if (reporting) return reportFailure();

  try {
    const settings = await deps.config.onboarding();
    if (!settings) throw new InvalidInputError('Provisio’s onboarding is not configured any more; an admin must set it up again.');
    const request = await deps.desk.customerRequest(issueId);
    const parsed = parseOnboardingRequest(inputsFrom(request.fields, settings));
    if (!parsed.ok) {
      const lines = parsed.problems.map((p) => `• ${p.label}: ${p.message}`);
      return await fail(`The request has invalid values:\n${lines.join('\n')}`, { publicDetail: true });
    }
    const disallowed = groupsNotAllowed(parsed.value.groups, settings.groupAllowList);
    if (disallowed.length > 0) {
      return await fail(`These Okta groups are not on Provisio’s allow-list: ${disallowed.join(', ')}. Ask an admin to allow them, or remove them from the request.`, { publicDetail: true });
    }
    if (run.steps.find((s) => s.id === 'validate')?.status !== 'done') await save(withStep(run, 'validate', 'done', nowIso(), 'All fields are valid'));
    await save(withPlannedSteps(run, [{ id: 'validate', title: 'Check the request' }, ...onboardingSteps(parsed.value)], nowIso()));

    for (let step = nextStep(run); step; step = nextStep(run)) {
      const detail = await performStep(step, parsed.value, settings);
      await save(withStep(run, step.id, detail === 'skipped' ? 'skipped' : 'done', nowIso(), detail === 'skipped' ? 'Not configured' : detail));
    }
    const { leaseUntil: _done, ...finished } = withStatus(run, 'succeeded', nowIso());
    await save(finished);
    return { kind: 'finished' };
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'transient' && run.attempts < MAX_TRANSIENT_ATTEMPTS) {
      const afterSeconds = failure.retryAt ? Math.max(1, Math.ceil((failure.retryAt - Date.now()) / 1000)) : Math.min(900, 15 * 2 ** (run.attempts - 1));
      const { leaseUntil: _released, ...released } = run;
      const step = nextStep(run);
      await deps.runs.save(step ? { ...released, steps: run.steps.map((s) => (s.id === step.id ? { ...s, detail: `Will retry: ${failure.reason}` } : s)) } : released, version).catch(() => undefined);
      return { kind: 'retry', afterSeconds, reason: failure.reason };
    }
    return fail(failure.kind === 'transient' ? `Gave up after ${run.attempts} attempts: ${failure.reason}` : failure.reason, { publicDetail: true });
  }

  async function performStep(step: RunStep, request: OnboardingRequest, settings: OnboardingSettings): Promise<string> {
    if (step.id === 'create-user') return createOrLinkUser(request);
    if (step.id.startsWith('add-group:')) {
      const name = step.id.slice('add-group:'.length);
      const group = await deps.okta.findGroupByName(name);
      if (!group) throw new InvalidInputError(`Okta has no group named "${name}".`);
      const userId = run.outputs.oktaUserId;
      if (!userId) throw new Error('the Okta user id was not recorded before adding groups');
      await deps.okta.addToGroup(userId, group.id, group.name);
      return `Added to ${group.name} (${group.id})`;
    }
    if (step.id === 'follow-up') {
      if (!settings.followUpUrl) return 'skipped';
      const marker = `${run.issueId}:${step.id}`;
      const result = await deps.followUp.send(settings.followUpUrl, followUpPayload(run, request), marker);
      await commentOnce(marker, true, `Follow-up provisioning: ${result}`);
      return result;
    }
    if (step.id === 'comment-agents') {
      await commentOnce(`${run.issueId}:${step.id}`, true, agentSummary(run, request));
      return 'Posted';
    }
    if (step.id === 'comment-requester') {
      await commentOnce(
        `${run.issueId}:${step.id}`,
        false,
        `The Okta account for ${request.firstName} ${request.lastName} is ready. Okta will send an activation email to ${request.workEmail} to set a password; Provisio never sends or stores passwords.`,
      );
      return 'Posted';
    }
    if (step.id === 'resolve') return (await deps.desk.moveTo(run.issueKey, settings.doneStatus)) === 'moved' ? `Moved to ${settings.doneStatus}` : `Already ${settings.doneStatus}`;
    throw new Error(`unknown step ${step.id}`);
  }

  async function createOrLinkUser(request: OnboardingRequest): Promise<string> {
    // Set before the create request: a user found after a crash may be the one this run created.
    const createSent = run.outputs.oktaCreateSentAt !== undefined;
    const link = async (mayBeOurs: boolean): Promise<string | undefined> => {
      const existing = await deps.okta.findUserByLogin(request.login);
      if (!existing) return undefined;
      if (existing.email.toLowerCase() !== request.workEmail) {
        // The other person's Okta id stays out: this reason is also the requester's public comment.
        throw new InvalidInputError(`The login ${request.login} is already used by another Okta user.`);
      }
      const origin = mayBeOurs ? 'created' : 'linked';
      await save(withOutputs(run, { oktaUserId: existing.id, oktaLogin: existing.login, oktaUserOrigin: origin }, nowIso()));
      return origin === 'created' ? `Created Okta user ${existing.id} (${existing.login})` : `Linked existing Okta user ${existing.id} (${existing.login})`;
    };
    const linked = await link(createSent);
    if (linked) return linked;
    await save(withOutput(run, 'oktaCreateSentAt', nowIso(), nowIso()));
    try {
      const created = await deps.okta.createUser({
        login: request.login,
        email: request.workEmail,
        firstName: request.firstName,
        lastName: request.lastName,
        ...(request.department ? { department: request.department } : {}),
        ...(request.manager ? { manager: request.manager } : {}),
      });
      await save(withOutputs(run, { oktaUserId: created.id, oktaLogin: created.login, oktaUserOrigin: 'created' }, nowIso()));
      return `Created Okta user ${created.id} (${created.login})`;
    } catch (error) {
      // Someone else created the login between our lookup and our create: link it or refuse it.
      if ((error as { errorCode?: unknown }).errorCode === OKTA_LOGIN_TAKEN) {
        const raced = await link(false);
        if (raced) return raced;
      }
      throw error;
    }
  }

  async function commentOnce(marker: string, internal: boolean, text: string): Promise<void> {
    if (await deps.desk.hasComment(run.issueKey, marker)) return;
    await deps.desk.comment(run.issueKey, text, { internal, marker });
  }

  /** Records the failure (the lease stays), then reports it. */
  async function fail(reason: string, options: { publicDetail: boolean }): Promise<ExecuteOutcome> {
    const step = nextStep(run);
    const now = nowIso();
    const failed = withStatus(step ? withStep(run, step.id, 'failed', now, reason) : run, 'failed', now, reason);
    await save({ ...failed, failureNotices: FAILURE_NOTICES.filter((n) => options.publicDetail || n !== 'comment-requester') });
    return reportFailure();
  }

  /**
   * Tells people about the recorded failure, one notice after another, crossing each off the run:
   * comments are found again by their marker and the transition is a no-op once done, so a
   * repeat is harmless; Slack cannot tell a repeat, so it is crossed off before it is sent and a
   * crash sends it at most once.
   */
  async function reportFailure(): Promise<ExecuteOutcome> {
    const reason = run.failureReason ?? 'unknown failure';
    const step = run.steps.find((s) => s.status === 'failed');
    const marker = `${run.issueId}:failure:${run.attempts}`;
    const settings = await deps.config.onboarding().catch(() => undefined);
    const notices = (run.failureNotices ?? []).filter((n): n is FailureNotice => (FAILURE_NOTICES as readonly string[]).includes(n));
    for (const notice of notices) {
      const crossedOff = { ...run, failureNotices: (run.failureNotices ?? []).filter((n) => n !== notice) };
      const slack = notice === 'notify' ? await deps.notifier.prepareRunFailed(run, reason) : undefined;
      if (notice === 'notify') await save(crossedOff);
      try {
        if (notice === 'comment-agents') {
          await commentOnce(`${marker}:agents`, true, `Provisio stopped at "${step?.title ?? 'the request'}": ${reason}\nFix the cause, then use Retry in the Provisio panel.`);
        } else if (notice === 'comment-requester') {
          await commentOnce(`${marker}:requester`, false, `We could not complete this request automatically.\n${reason}\nOur team has been notified.`);
        } else if (notice === 'move-to-failed') {
          if (settings) await deps.desk.moveTo(run.issueKey, settings.failedStatus);
        } else {
          await slack?.send();
        }
      } catch (error) {
        // Reporting is best effort: a Jira hiccup must not hide the failure recorded above.
        console.warn(`run ${run.issueKey}: could not ${notice}`, error instanceof Error ? error.name : typeof error);
      }
      if (notice !== 'notify') await save(crossedOff);
    }
    const { leaseUntil: _released, failureNotices: _reported, ...reported } = run;
    await save(reported);
    return { kind: 'failed', reason };
  }
}

function inputsFrom(fields: Record<string, unknown>, settings: OnboardingSettings): Partial<Record<OnboardingInput, unknown>> {
  const inputs: Partial<Record<OnboardingInput, unknown>> = {};
  for (const input of ONBOARDING_INPUTS) {
    const fieldId = settings.fields[input];
    if (fieldId) inputs[input] = fields[fieldId];
  }
  return inputs;
}

/** What the customer's follow-up endpoint receives: the onboarded person, never a credential. */
function followUpPayload(run: Run, request: OnboardingRequest): Record<string, unknown> {
  return {
    source: 'provisio',
    action: 'okta-onboarding',
    jiraIssue: run.issueKey,
    oktaUserId: run.outputs.oktaUserId,
    login: run.outputs.oktaLogin ?? request.login,
    email: request.workEmail,
    firstName: request.firstName,
    lastName: request.lastName,
    ...(request.department ? { department: request.department } : {}),
    ...(request.manager ? { manager: request.manager } : {}),
    groups: request.groups,
    ...(request.startDate ? { startDate: request.startDate } : {}),
  };
}

function agentSummary(run: Run, request: OnboardingRequest): string {
  return [
    run.outputs.oktaUserOrigin === 'linked'
      ? `Provisio onboarded ${request.firstName} ${request.lastName} in Okta with the Okta user that already had this login and email: it was linked, not created again.`
      : `Provisio onboarded ${request.firstName} ${request.lastName} in Okta.`,
    `Okta user id: ${run.outputs.oktaUserId ?? 'unknown'}`,
    `Login: ${run.outputs.oktaLogin ?? request.login}`,
    `Groups: ${request.groups.length ? request.groups.join(', ') : 'none'}`,
    ...(run.approvedBy ? [`Approved by ${run.approvedBy}${run.approvedAt ? ` at ${run.approvedAt}` : ''}.`] : []),
  ].join('\n');
}
