import { accountTags, deserializeAccountRequest, parseAccountRequest, serializeAccountRequest, type AccountRequest } from '../domain/account-vending/account-request';
import { createAccountFailureInWords } from '../domain/account-vending/aws-failures';
import { decideSlot, leaveQueue, queuePositionText, type QueueEntry, type SlotDecision } from '../domain/account-vending/creation-queue';
import { fieldProblemsReport, preflightFailureReason, preflightReport } from '../domain/account-vending/preflight';
import { pollDelaySeconds, VENDING_ACTION, vendingStages, type VendingOutput, type VendingStageId } from '../domain/account-vending/vending-stages';
import { roleAccountId, type AccountVendingSettings, type AwsConnectionSettings } from '../domain/account-vending/vending-settings';
import { InvalidInputError, UpstreamError } from '../domain/errors';
import { nextStep, withOutput, withStatus, withStep, type Run, type RunStep } from '../domain/runs/run';
import type { VendingDeps } from './account-vending-ports';
import { gatherOrgFacts, vendingInputsFrom } from './check-account-request';
import { classifyFailure } from './failure-policy';
import { nowIso } from './ports';

export type VendingOutcome =
  | { kind: 'finished' }
  | { kind: 'failed'; reason: string }
  | { kind: 'waiting'; afterSeconds: number; why: string }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'skipped'; why: string };

/** One invocation owns a run this long; longer than the consumer's timeout. */
const LEASE_MS = 180_000;
/** Transient failures in a row before a run stops and asks a human. */
export const MAX_TRANSIENT_FAILURES = 8;
/** Clock difference tolerated between Forge and AWS when matching our own CreateAccount request. */
const INTENT_SKEW_MS = 5 * 60_000;

/** The organization's concurrency key: every vending event of one organization runs one at a time. */
export function orgKeyOf(connection: AwsConnectionSettings | undefined): string {
  return `aws-org-${(connection && roleAccountId(connection.roleArn)) ?? 'unconfigured'}`;
}

type StepResult = { kind: 'done'; detail: string } | { kind: 'skipped'; detail: string } | { kind: 'wait'; afterSeconds: number; detail: string };

/** A stop a person has to act on; the message is for the ticket. */
class VendingStopped extends InvalidInputError {
  override readonly name = 'VendingStopped';
}

/**
 * Runs (or resumes) one account vending run: wait, re-read, decide. Each wake-up carries a token;
 * only the run's current token is acted on, so duplicate or stale deliveries do nothing. Every
 * stage is recorded when done, and CreateAccount (which AWS does not make idempotent) is
 * preceded by a recorded intent: a retry first looks for the request in flight or an account
 * with the email, so one request never makes two accounts.
 */
export async function executeAccountVending(event: { issueId: string; wake: string }, deps: VendingDeps): Promise<VendingOutcome> {
  const current = await deps.runs.get(event.issueId);
  if (!current) return { kind: 'skipped', why: 'no run recorded' };
  if (current.run.action !== VENDING_ACTION) return { kind: 'skipped', why: `run is ${current.run.action}` };
  if (current.run.status === 'succeeded' || current.run.status === 'failed') return { kind: 'skipped', why: `run already ${current.run.status}` };
  if (current.run.outputs.wake !== event.wake) return { kind: 'skipped', why: 'stale wake-up' };
  const leaseLeft = current.run.leaseUntil ? Date.parse(current.run.leaseUntil) - Date.now() : 0;
  if (leaseLeft > 0) return { kind: 'retry', afterSeconds: Math.ceil(leaseLeft / 1000), reason: 'another delivery is working on this run' };

  const firstOfAttempt = current.run.status === 'queued';
  let run: Run = {
    ...withStatus(current.run, 'running', nowIso()),
    attempts: firstOfAttempt ? current.run.attempts + 1 : current.run.attempts,
    leaseUntil: new Date(Date.now() + LEASE_MS).toISOString(),
  };
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
  const output = (name: VendingOutput) => run.outputs[name];
  const setOutputs = (values: Partial<Record<VendingOutput, string>>, base: Run = run): Run =>
    Object.entries(values).reduce((r, [k, v]) => withOutput(r, k, v as string, nowIso()), base);
  const withoutOutputs = (names: VendingOutput[]): Run => ({ ...run, outputs: Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !names.includes(k as VendingOutput))) });

  let settings: AccountVendingSettings | undefined;
  let connection: AwsConnectionSettings | undefined;
  let orgKey = orgKeyOf(undefined);
  const me: QueueEntry = { issueId: run.issueId, issueKey: run.issueKey, since: run.approvedAt ?? run.createdAt };

  try {
    [settings, connection] = await Promise.all([deps.config.vending(), deps.config.connection()]);
    orgKey = orgKeyOf(connection);
    if (!settings) throw new VendingStopped('Provisio’s account vending is not configured any more; an admin must set it up again.');
    if (!connection) throw new VendingStopped('Provisio is not connected to AWS; an admin must set up the AWS connection in Provisio’s settings.');
    // A retry reads the request again (an agent may have corrected it); the first attempt has the values as approved.
    if (!output('request') || (firstOfAttempt && run.attempts > 1)) await loadRequest(settings);
    const request = deserializeAccountRequest(output('request'));
    if (!request) throw new Error('the request was not recorded on the run');

    for (let step = nextStep(run); step; step = nextStep(run)) {
      const result = await perform(step.id as VendingStageId, request, settings, connection);
      if (result.kind === 'wait') return await wait(step, result);
      const done = withStep(run, step.id, result.kind, nowIso(), result.detail);
      await save(setOutputs({ transientFailures: '0' }, done));
    }
    const { leaseUntil: _done, ...finished } = withStatus(run, 'succeeded', nowIso());
    await save(finished);
    return { kind: 'finished' };
  } catch (error) {
    const failure = classifyFailure(error);
    const failures = Number(output('transientFailures') ?? '0') + 1;
    if (failure.kind === 'transient' && failures < MAX_TRANSIENT_FAILURES) {
      const afterSeconds = Math.min(900, 15 * 2 ** (failures - 1));
      const { leaseUntil: _released, ...released } = setOutputs({ transientFailures: String(failures) });
      const step = nextStep(released);
      const noted = step ? withStep(released, step.id, step.status, nowIso(), `Will retry in ${afterSeconds} s: ${failure.reason}`) : released;
      await deps.runs.save(noted, version).catch(() => undefined);
      return { kind: 'retry', afterSeconds, reason: failure.reason };
    }
    return fail(failure.kind === 'transient' ? `Gave up after ${failures} failed tries in a row: ${failure.reason}` : failure.reason);
  }

  /** Reads the request from Jira once per attempt (a retry sees the agent's corrections). */
  async function loadRequest(settings: AccountVendingSettings): Promise<void> {
    const fresh = await deps.desk.customerRequest(run.issueId);
    if (fresh.requestTypeId !== settings.requestTypeId) throw new VendingStopped('This request is no longer a "New AWS account" request.');
    const parsed = parseAccountRequest(vendingInputsFrom(fresh.fields, settings), settings);
    if (!parsed.ok) throw new VendingStopped(preflightFailureReason(fieldProblemsReport(parsed.problems)));
    const text = serializeAccountRequest(parsed.value);
    let next = run;
    // Changed values before any account exists: check them again from the start.
    if (output('request') && output('request') !== text && !output('accountId')) next = replanned(next, ['preflight']);
    next = retitled(setOutputs({ request: text }, next), parsed.value, settings);
    await save(next);
  }

  async function perform(stage: VendingStageId, request: AccountRequest, settings: AccountVendingSettings, connection: AwsConnectionSettings): Promise<StepResult> {
    switch (stage) {
      case 'preflight':
        return preflight(request, settings);
      case 'queue': {
        const slot = await ensureSlot();
        if (slot.kind === 'wait') return queued(slot);
        return { kind: 'done', detail: 'First in line: AWS Organizations is free' };
      }
      case 'create-account':
        return createAccount(request);
      case 'move-account':
        return moveAccount();
      case 'tag-account':
        return tagAccount(request);
      case 'baseline':
        return baseline(request, settings);
      case 'comment':
        await commentOnce('done', false, finalComment(request, settings, connection, run.outputs));
        return { kind: 'done', detail: 'Posted' };
      case 'resolve':
        return (await deps.desk.moveTo(run.issueKey, settings.doneStatus)) === 'moved'
          ? { kind: 'done', detail: `Moved to ${settings.doneStatus}` }
          : { kind: 'done', detail: `Already ${settings.doneStatus}` };
    }
  }

  async function preflight(request: AccountRequest, settings: AccountVendingSettings): Promise<StepResult> {
    const facts = await gatherOrgFacts(request, deps);
    const report = preflightReport(request, facts);
    if (!report.ok || facts.ou.kind !== 'found') throw new VendingStopped(preflightFailureReason(report));
    await save(retitled(setOutputs({ ouId: facts.ou.id, ouPath: facts.ou.path }), request, settings));
    return { kind: 'done', detail: `Passed: ${request.accountEmail} and "${request.accountName}" are unused, ${facts.ou.path} exists, owner ${facts.ownerName ?? request.owner}` };
  }

  async function queued(slot: Extract<SlotDecision, { kind: 'wait' }>): Promise<StepResult> {
    const text = queuePositionText(slot);
    if (output('queuedCommentPosted') !== String(run.attempts)) {
      await commentOnce(`queued:${run.attempts}`, false, `This request is approved. ${text} Provisio reports every stage here.`);
      await save(setOutputs({ queuedCommentPosted: String(run.attempts) }));
    }
    return { kind: 'wait', afterSeconds: pollDelaySeconds('queue', 0), detail: text };
  }

  async function createAccount(request: AccountRequest): Promise<StepResult> {
    const accountId = output('accountId');
    if (accountId) return { kind: 'done', detail: `Account ${accountId}` };
    let requestId = output('createRequestId');
    if (!requestId) {
      const slot = await ensureSlot();
      if (slot.kind === 'wait') return queued(slot);
      const intentAt = output('createIntentAt');
      if (intentAt) {
        // An earlier invocation may have called CreateAccount and died before recording the answer.
        const found = await findOwnCreation(request, Date.parse(intentAt));
        if (found?.kind === 'account') {
          await save(setOutputs({ accountId: found.id, taggedAtCreation: 'no' }));
          await releaseSlot();
          return { kind: 'done', detail: `Account ${found.id} (found by its email after an interrupted attempt)` };
        }
        if (found?.kind === 'request') {
          requestId = found.id;
          await save(setOutputs({ createRequestId: found.id, taggedAtCreation: 'yes' }));
        }
      }
      if (!requestId) {
        // Record the intent first: whatever happens after CreateAccount, a retry knows to look for it.
        await save(setOutputs({ createIntentAt: nowIso(), createPolls: '0' }));
        const started = await deps.org.createAccount({ email: request.accountEmail, name: request.accountName, tags: accountTags(request, run.issueKey) });
        await save(setOutputs({ createRequestId: started.id, taggedAtCreation: 'yes' }));
        return { kind: 'wait', afterSeconds: pollDelaySeconds('create-account', 0), detail: `AWS is creating the account (request ${started.id})` };
      }
    }
    const status = await deps.org.describeCreate(requestId);
    if (status.state === 'IN_PROGRESS') {
      const polls = Number(output('createPolls') ?? '0') + 1;
      await save(setOutputs({ createPolls: String(polls) }));
      return { kind: 'wait', afterSeconds: pollDelaySeconds('create-account', polls), detail: `AWS is creating the account (request ${requestId}, checked ${polls} ${polls === 1 ? 'time' : 'times'})` };
    }
    if (status.state === 'SUCCEEDED' && status.accountId) {
      await save(setOutputs({ accountId: status.accountId }));
      await releaseSlot();
      return { kind: 'done', detail: `Created account ${status.accountId}` };
    }
    // AWS settled the request as failed: the next attempt starts a new one.
    run = withoutOutputs(['createRequestId', 'createIntentAt']);
    await releaseSlot();
    throw new VendingStopped(createAccountFailureInWords(status.failureReason));
  }

  async function findOwnCreation(request: AccountRequest, intentAt: number): Promise<{ kind: 'request' | 'account'; id: string } | undefined> {
    // Requests first, then accounts: a request that succeeds between the two calls shows up as an account.
    const requests = await deps.org.listCreateRequests(['IN_PROGRESS', 'SUCCEEDED']);
    const mine = requests
      .filter((r) => r.accountName === request.accountName && (r.requestedAt ?? Number.MAX_SAFE_INTEGER) >= intentAt - INTENT_SKEW_MS)
      .sort((a, b) => (b.requestedAt ?? 0) - (a.requestedAt ?? 0))[0];
    if (mine) return { kind: 'request', id: mine.id };
    const account = (await deps.org.listAccounts()).find((a) => a.email.toLowerCase() === request.accountEmail);
    return account ? { kind: 'account', id: account.id } : undefined;
  }

  async function moveAccount(): Promise<StepResult> {
    const accountId = output('accountId') as string;
    const ouId = output('ouId');
    const ouPath = output('ouPath') ?? ouId;
    if (!ouId) throw new Error('the OU was not recorded before moving the account');
    const { rootId } = await deps.org.info();
    if (ouId === rootId) return { kind: 'skipped', detail: 'Stays in the root' };
    // New accounts start in the root; only if AWS says otherwise is the real parent looked up.
    let outcome = await deps.org.moveAccount(accountId, rootId, ouId);
    if (outcome === 'not-in-source') {
      const parent = await deps.org.parentOf(accountId);
      outcome = parent === ouId ? 'already-there' : await deps.org.moveAccount(accountId, parent, ouId);
    }
    if (outcome === 'not-in-source') throw new UpstreamError('AWS Organizations moved the account elsewhere meanwhile; Provisio looks again.', undefined);
    return { kind: 'done', detail: outcome === 'moved' ? `Moved to ${ouPath} (${ouId})` : `Already in ${ouPath} (${ouId})` };
  }

  async function tagAccount(request: AccountRequest): Promise<StepResult> {
    const tags = accountTags(request, run.issueKey);
    const summary = tags.map((t) => `${t.Key}=${t.Value}`).join(', ');
    if (output('taggedAtCreation') === 'yes') return { kind: 'done', detail: `Tagged when created: ${summary}` };
    await deps.org.tagAccount(output('accountId') as string, tags);
    return { kind: 'done', detail: `Tagged: ${summary}` };
  }

  async function baseline(request: AccountRequest, settings: AccountVendingSettings): Promise<StepResult> {
    if (settings.baseline.kind === 'none' || !deps.baseline) return { kind: 'skipped', detail: 'No baseline configured' };
    const accountId = output('accountId') as string;
    const ref = output('baselineRef');
    const status = ref
      ? await deps.baseline.status(ref)
      : await deps.baseline.start({
          // One key per attempt: a repeated start after a crash returns the same job; a retry after a failed baseline starts a new one.
          idempotencyKey: `provisio-${run.issueId}-${accountId}-${run.attempts}`,
          issueKey: run.issueKey,
          accountId,
          ouId: output('ouId') ?? '',
          request,
        });
    if (!ref) await save(setOutputs({ baselineRef: status.ref, baselineStartedAt: nowIso(), ...(status.link ? { baselineLink: status.link } : {}) }));
    if (status.state === 'SUCCEEDED') return { kind: 'done', detail: status.detail };
    if (status.state === 'FAILED') {
      run = withoutOutputs(['baselineRef', 'baselineStartedAt', 'baselineLink']);
      throw new VendingStopped(`${status.detail}${status.link ? `\n${status.link}` : ''}\nFix the baseline, then retry: Provisio starts it again for account ${accountId}.`);
    }
    const polls = Number(output('baselinePolls') ?? '0');
    await save(setOutputs({ baselinePolls: String(polls + 1) }));
    return { kind: 'wait', afterSeconds: pollDelaySeconds('baseline', polls), detail: status.detail };
  }

  /** Takes the creation slot, or waits in line for it. */
  async function ensureSlot(): Promise<SlotDecision> {
    for (let tries = 0; tries < 3; tries += 1) {
      const { state, version: queueVersion } = await deps.slots.get(orgKey);
      if (state.holder?.issueId === me.issueId) return { kind: 'holder' };
      const gone = await goneRuns([...(state.holder ? [state.holder] : []), ...state.waiting.filter((w) => w.issueId !== me.issueId)]);
      const decision = decideSlot(state, me, (id) => gone.has(id));
      try {
        if (decision.kind === 'acquire') await deps.slots.save(orgKey, decision.next, queueVersion);
        if (decision.kind === 'wait' && decision.changed) await deps.slots.save(orgKey, decision.next, queueVersion);
      } catch (error) {
        if ((error as Error).name === 'ConcurrentUpdateError') continue;
        throw error;
      }
      // A holder that died without leaving was dropped: wake whoever is first now.
      if (decision.kind === 'wait' && !decision.creating && decision.firstInLine.issueId !== me.issueId) await nudge(decision.firstInLine);
      return decision;
    }
    throw new UpstreamError('The AWS creation queue kept changing; Provisio tries again.', undefined);
  }

  /** Runs named in the queue that will never act again: missing, finished, or failed with nothing in flight. */
  async function goneRuns(entries: QueueEntry[]): Promise<Set<string>> {
    const gone = new Set<string>();
    for (const entry of entries) {
      const other = (await deps.runs.get(entry.issueId))?.run;
      if (!other || other.status === 'succeeded') gone.add(entry.issueId);
      else if (other.status === 'failed') {
        const inFlight = other.outputs.createRequestId && !other.outputs.accountId ? other.outputs.createRequestId : undefined;
        if (!inFlight || (await deps.org.describeCreate(inFlight)).state !== 'IN_PROGRESS') gone.add(entry.issueId);
      }
    }
    return gone;
  }

  async function releaseSlot(): Promise<void> {
    for (let tries = 0; tries < 3; tries += 1) {
      const { state, version: queueVersion } = await deps.slots.get(orgKey);
      const { next, changed, nextInLine } = leaveQueue(state, me.issueId);
      if (!changed) return;
      try {
        await deps.slots.save(orgKey, next, queueVersion);
      } catch (error) {
        if ((error as Error).name === 'ConcurrentUpdateError') continue;
        throw error;
      }
      // The first in line takes the slot; the others move up and show their new position.
      if (nextInLine) for (const waiting of next.waiting) await nudge(waiting);
      return;
    }
  }

  /** Wakes a waiting run now, with the token it expects (its own scheduled wake-up then does nothing). */
  async function nudge(entry: QueueEntry): Promise<void> {
    const other = (await deps.runs.get(entry.issueId))?.run;
    const token = other?.outputs.wake;
    if (other && token && (other.status === 'running' || other.status === 'queued')) await deps.queue.wake(entry.issueId, token, { orgKey });
  }

  /** Schedules the next look and releases the run: the wake-up is queued before its token is saved. */
  async function wait(step: RunStep, result: Extract<StepResult, { kind: 'wait' }>): Promise<VendingOutcome> {
    const token = deps.newToken();
    await deps.queue.wake(run.issueId, token, { orgKey, delaySeconds: result.afterSeconds });
    const { leaseUntil: _released, ...released } = setOutputs({ wake: token, transientFailures: '0' }, withStep(run, step.id, step.status, nowIso(), result.detail));
    await save(released);
    return { kind: 'waiting', afterSeconds: result.afterSeconds, why: result.detail };
  }

  async function commentOnce(key: string, internal: boolean, text: string): Promise<void> {
    const marker = `${run.issueId}:vending:${key}`;
    if (await deps.desk.hasComment(run.issueKey, marker)) return;
    await deps.desk.comment(run.issueKey, text, { internal, marker });
  }

  async function fail(reason: string): Promise<VendingOutcome> {
    const step = nextStep(run);
    const now = nowIso();
    const failedStep = step ? withStep(run, step.id, 'failed', now, reason) : run;
    const { leaseUntil: _released, ...failed } = withStatus(failedStep, 'failed', now, reason);
    await deps.runs.save(failed, version);
    run = failed;
    const marker = `failure:${run.attempts}`;
    // Reporting is best effort: a Jira, Slack or AWS hiccup must not hide the failure recorded above.
    await Promise.allSettled([
      // A creation still in flight keeps the slot: waiting runs look at it themselves, so AWS never has two at once.
      output('createRequestId') && !output('accountId') ? Promise.resolve() : releaseSlot(),
      commentOnce(`${marker}:agents`, true, `Provisio stopped at "${step?.title ?? 'the request'}": ${reason}\nFix the cause, then use Retry in the Provisio panel; it resumes from this stage.`),
      commentOnce(`${marker}:requester`, false, `We could not complete this AWS account request automatically.\n${reason}\nOur team has been notified.`),
      settings ? deps.desk.moveTo(run.issueKey, settings.failedStatus) : Promise.resolve(),
      deps.notifier.prepareRunFailed(run, reason).then((notice) => notice.send()),
    ]);
    return { kind: 'failed', reason };
  }
}

/** Steps whose work must be redone from fresh input become pending again (a retry after the request was corrected). */
function replanned(run: Run, ids: VendingStageId[]): Run {
  return { ...run, steps: run.steps.map((s) => (ids.includes(s.id as VendingStageId) ? { id: s.id, title: s.title, status: 'pending' as const } : s)) };
}

/** Titles say what this request asks for (account name, OU path, baseline). */
function retitled(run: Run, request: AccountRequest, settings: AccountVendingSettings): Run {
  const titles = new Map(vendingStages(request, settings.baseline, run.outputs.ouPath).map((s) => [s.id as string, s.title]));
  return { ...run, steps: run.steps.map((s) => ({ ...s, title: titles.get(s.id) ?? s.title })) };
}

function finalComment(request: AccountRequest, settings: AccountVendingSettings, connection: AwsConnectionSettings, outputs: Record<string, string>): string {
  const accountId = outputs.accountId ?? 'unknown';
  const baselineLine =
    settings.baseline.kind === 'none' ? 'Baseline: none configured.' : `Baseline: applied${outputs.baselineLink ? ` (${outputs.baselineLink})` : outputs.baselineRef ? ` (job ${outputs.baselineRef})` : ''}.`;
  return [
    `Your AWS account "${request.accountName}" is ready.`,
    `Account ID: ${accountId}`,
    `Root email: ${request.accountEmail}`,
    `Organizational unit: ${outputs.ouPath ?? request.ouText}${outputs.ouId ? ` (${outputs.ouId})` : ''}`,
    `Tags: Environment=${request.environment}, CostCenter=${request.costCenter}, Owner=${request.owner}`,
    baselineLine,
    `Sign in through your organization's single sign-on, or at https://${accountId}.signin.aws.amazon.com/console`,
    `The account in AWS Organizations: https://us-east-1.console.aws.amazon.com/organizations/v2/home/accounts/${accountId}`,
    `Baseline and other regional resources are in ${connection.region}.`,
  ].join('\n');
}
