import { InvalidInputError } from '../domain/errors';
import type { OnboardingSettings } from '../domain/config/onboarding-settings';
import { groupsNotAllowed, ONBOARDING_INPUTS, parseOnboardingRequest, type OnboardingInput, type OnboardingRequest } from '../domain/onboarding/onboarding-request';
import { onboardingSteps } from '../domain/onboarding/onboarding-steps';
import { nextStep, withOutput, withPlannedSteps, withStatus, withStep, type Run, type RunStep } from '../domain/runs/run';
import { classifyFailure, MAX_TRANSIENT_ATTEMPTS } from './failure-policy';
import { nowIso, type FailureNotifier, type IdentityDirectory, type OnboardingConfig, type RunStore, type ServiceDesk } from './ports';

export interface OnboardingDeps {
  config: OnboardingConfig;
  desk: ServiceDesk;
  runs: RunStore;
  okta: IdentityDirectory;
  notifier: FailureNotifier;
}

export type ExecuteOutcome =
  | { kind: 'finished' }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'skipped'; why: string };

/** How long one invocation owns a run; longer than any run takes, shorter than a retry is worth waiting. */
const LEASE_MS = 120_000;
const OKTA_LOGIN_TAKEN = 'E0000001';

/**
 * Runs (or resumes) the onboarding of one approved request: wait, re-read, decide. Every step is
 * idempotent and recorded when done, so a duplicate delivery or a crash between any two steps
 * ends with one Okta user, the same groups, and each comment posted once.
 */
export async function executeOnboardingRun(issueId: string, deps: OnboardingDeps): Promise<ExecuteOutcome> {
  const current = await deps.runs.get(issueId);
  if (!current) return { kind: 'skipped', why: 'no run recorded' };
  if (current.run.status === 'succeeded' || current.run.status === 'failed') return { kind: 'skipped', why: `run already ${current.run.status}` };
  const leaseLeft = current.run.leaseUntil ? Date.parse(current.run.leaseUntil) - Date.now() : 0;
  if (leaseLeft > 0) return { kind: 'retry', afterSeconds: Math.ceil(leaseLeft / 1000), reason: 'another delivery is working on this run' };

  let run: Run = { ...withStatus(current.run, 'running', nowIso()), attempts: current.run.attempts + 1, leaseUntil: new Date(Date.now() + LEASE_MS).toISOString() };
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
    if (step.id === 'follow-up') return 'skipped';
    if (step.id === 'comment-agents') {
      await commentOnce(step.id, true, agentSummary(run, request));
      return 'Posted';
    }
    if (step.id === 'comment-requester') {
      await commentOnce(
        step.id,
        false,
        `The Okta account for ${request.firstName} ${request.lastName} is ready. Okta will send an activation email to ${request.workEmail} to set a password; Provisio never sends or stores passwords.`,
      );
      return 'Posted';
    }
    if (step.id === 'resolve') return (await deps.desk.moveTo(run.issueKey, settings.doneStatus)) === 'moved' ? `Moved to ${settings.doneStatus}` : `Already ${settings.doneStatus}`;
    throw new Error(`unknown step ${step.id}`);
  }

  async function createOrLinkUser(request: OnboardingRequest): Promise<string> {
    const link = async (): Promise<string | undefined> => {
      const existing = await deps.okta.findUserByLogin(request.login);
      if (!existing) return undefined;
      if (existing.email.toLowerCase() !== request.workEmail) {
        throw new InvalidInputError(`The login ${request.login} is already used by another Okta user (${existing.id}).`);
      }
      await save(withOutput(withOutput(run, 'oktaUserId', existing.id, nowIso()), 'oktaLogin', existing.login, nowIso()));
      return `Linked existing Okta user ${existing.id} (${existing.login})`;
    };
    const linked = await link();
    if (linked) return linked;
    try {
      const created = await deps.okta.createUser({
        login: request.login,
        email: request.workEmail,
        firstName: request.firstName,
        lastName: request.lastName,
        ...(request.department ? { department: request.department } : {}),
        ...(request.manager ? { manager: request.manager } : {}),
      });
      await save(withOutput(withOutput(run, 'oktaUserId', created.id, nowIso()), 'oktaLogin', created.login, nowIso()));
      return `Created Okta user ${created.id} (${created.login})`;
    } catch (error) {
      // Someone created the login between our lookup and our create: link it or refuse it.
      if ((error as { errorCode?: unknown }).errorCode === OKTA_LOGIN_TAKEN) {
        const raced = await link();
        if (raced) return raced;
      }
      throw error;
    }
  }

  async function commentOnce(stepId: string, internal: boolean, text: string): Promise<void> {
    const marker = `${run.issueId}:${stepId}`;
    if (await deps.desk.hasComment(run.issueKey, marker)) return;
    await deps.desk.comment(run.issueKey, text, { internal, marker });
  }

  async function fail(reason: string, options: { publicDetail: boolean }): Promise<ExecuteOutcome> {
    const step = nextStep(run);
    const now = nowIso();
    let failed = step ? withStep(run, step.id, 'failed', now, reason) : run;
    const { leaseUntil: _released, ...withoutLease } = withStatus(failed, 'failed', now, reason);
    failed = withoutLease;
    await deps.runs.save(failed, version);
    run = failed;
    const marker = `${run.issueId}:failure:${run.attempts}`;
    const settings = await deps.config.onboarding().catch(() => undefined);
    // Reporting is best effort: a Jira or Slack hiccup must not hide the failure recorded above.
    await Promise.allSettled([
      deps.desk.hasComment(run.issueKey, `${marker}:agents`).then((posted) =>
        posted ? undefined : deps.desk.comment(run.issueKey, `Provisio stopped at "${step?.title ?? 'the request'}": ${reason}\nFix the cause, then use Retry in the Provisio panel.`, { internal: true, marker: `${marker}:agents` }),
      ),
      options.publicDetail
        ? deps.desk.hasComment(run.issueKey, `${marker}:requester`).then((posted) =>
            posted ? undefined : deps.desk.comment(run.issueKey, `We could not complete this request automatically.\n${reason}\nOur team has been notified.`, { internal: false, marker: `${marker}:requester` }),
          )
        : Promise.resolve(),
      settings ? deps.desk.moveTo(run.issueKey, settings.failedStatus) : Promise.resolve(),
      deps.notifier.runFailed(run, reason),
    ]);
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

function agentSummary(run: Run, request: OnboardingRequest): string {
  return [
    `Provisio onboarded ${request.firstName} ${request.lastName} in Okta.`,
    `Okta user id: ${run.outputs.oktaUserId ?? 'unknown'}`,
    `Login: ${run.outputs.oktaLogin ?? request.login}`,
    `Groups: ${request.groups.length ? request.groups.join(', ') : 'none'}`,
    ...(run.approvedBy ? [`Approved by ${run.approvedBy}${run.approvedAt ? ` at ${run.approvedAt}` : ''}.`] : []),
  ].join('\n');
}
