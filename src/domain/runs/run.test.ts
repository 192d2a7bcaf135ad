import { parseRun, CorruptRecordError } from './run-record';
import { canMoveRun, assertRunTransition, assertStepTransition, IllegalTransitionError, type RunStatus, type StepStatus } from './run-status';
import { forRetry, newRun, nextStep, withOutput, withOutputs, withPlannedSteps, withStatus, withStep, type Run } from './run';

const T0 = '2026-11-21T09:00:00.000Z';
const T1 = '2026-11-21T09:01:00.000Z';

const run = (overrides: Partial<Run> = {}): Run => ({
  ...newRun({ issueId: '10001', issueKey: 'ITS-1', action: 'okta-onboarding', steps: [{ id: 'validate', title: 'Check' }, { id: 'create-user', title: 'Create' }, { id: 'resolve', title: 'Resolve' }], now: T0 }),
  ...overrides,
});

describe('the run transition table', () => {
  const RUN: RunStatus[] = ['queued', 'running', 'failed', 'succeeded'];
  // Every allowed move, written out: anything else must be refused.
  const ALLOWED = new Set(['queued→running', 'queued→failed', 'running→running', 'running→failed', 'running→succeeded', 'failed→queued']);

  test.each(RUN.flatMap((from) => RUN.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const allowed = ALLOWED.has(`${from}→${to}`);
    expect(canMoveRun(from, to)).toBe(allowed);
    if (allowed) expect(() => assertRunTransition(from, to)).not.toThrow();
    else expect(() => assertRunTransition(from, to)).toThrow(new IllegalTransitionError(`a ${from} run cannot become ${to}`));
  });

  const STEP: StepStatus[] = ['pending', 'done', 'failed', 'skipped'];
  const STEP_ALLOWED = new Set(['pending→done', 'pending→failed', 'pending→skipped', 'failed→pending', 'failed→done', 'failed→skipped']);
  test.each(STEP.flatMap((from) => STEP.map((to) => [from, to] as const)))('step %s → %s', (from, to) => {
    if (STEP_ALLOWED.has(`${from}→${to}`)) expect(() => assertStepTransition(from, to)).not.toThrow();
    else expect(() => assertStepTransition(from, to)).toThrow(IllegalTransitionError);
  });
});

describe('runs', () => {
  test('a new run is queued, every step pending, nothing produced yet', () => {
    const r = newRun({ issueId: '1', issueKey: 'ITS-1', action: 'a', steps: [{ id: 's', title: 'S' }], approvedBy: 'Ann', approvedAt: T0, now: T0 });
    expect(r).toEqual({ issueId: '1', issueKey: 'ITS-1', action: 'a', status: 'queued', steps: [{ id: 's', title: 'S', status: 'pending' }], approvedBy: 'Ann', approvedAt: T0, outputs: {}, attempts: 0, createdAt: T0, updatedAt: T0 });
  });

  test('nextStep: the first step neither done nor skipped (a failed one is next again)', () => {
    let r = run();
    expect(nextStep(r)?.id).toBe('validate');
    r = withStep(r, 'validate', 'skipped', T1);
    r = withStep(r, 'create-user', 'failed', T1, 'boom');
    expect(nextStep(r)?.id).toBe('create-user');
    r = withStep(withStep(r, 'create-user', 'done', T1), 'resolve', 'done', T1);
    expect(nextStep(r)).toBeUndefined();
  });

  test('withStatus records a failure reason only while failed, and refuses illegal moves', () => {
    const failed = withStatus(withStatus(run(), 'running', T1), 'failed', T1, 'Okta said no');
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'Okta said no', updatedAt: T1 });
    expect(withStatus(withStatus(run(), 'running', T1), 'failed', T1).failureReason).toBe('unknown failure');
    expect(withStatus(failed, 'queued', T1).failureReason).toBeUndefined();
    expect(() => withStatus(withStatus(withStatus(run(), 'running', T1), 'succeeded', T1), 'running', T1)).toThrow(IllegalTransitionError);
    // Staying in the same status is not a move.
    expect(withStatus(failed, 'failed', T1, 'again').failureReason).toBe('again');
  });

  test('withStep: a finished step never changes; an unknown step is an error', () => {
    const done = withStep(run(), 'validate', 'done', T1, 'ok');
    expect(done.steps[0]).toEqual({ id: 'validate', title: 'Check', status: 'done', at: T1, detail: 'ok' });
    expect(() => withStep(done, 'validate', 'failed', T1)).toThrow(IllegalTransitionError);
    expect(() => withStep(done, 'nope', 'done', T1)).toThrow('run ITS-1 has no step nope');
    // The input is not changed (runs are values).
    expect(run().steps[0]?.status).toBe('pending');
  });

  test('forRetry: failed steps go back to pending, the run is queued, its lease and pending reports are dropped', () => {
    let r = withStatus(run({ leaseUntil: T1, failureNotices: ['notify'] }), 'running', T1);
    r = withStep(withStep(r, 'validate', 'done', T1), 'create-user', 'failed', T1, 'no');
    const retried = forRetry(withStatus(r, 'failed', T1, 'no'), T1);
    expect(retried.status).toBe('queued');
    expect(retried.steps.map((s) => s.status)).toEqual(['done', 'pending', 'pending']);
    expect(retried.steps[1]?.detail).toBe('no');
    expect(retried).not.toHaveProperty('leaseUntil');
    expect(retried).not.toHaveProperty('failureNotices');
    expect(retried).not.toHaveProperty('failureReason');
    expect(() => forRetry(withStatus(withStatus(run(), 'running', T1), 'succeeded', T1), T1)).toThrow(IllegalTransitionError);
  });

  test('withPlannedSteps keeps what finished steps recorded, drops steps no longer planned, adds new ones pending', () => {
    const r = withStep(withStep(run(), 'validate', 'done', T1, 'ok'), 'create-user', 'done', T1, 'Created 00u1');
    const planned = withPlannedSteps(r, [{ id: 'validate', title: 'Check' }, { id: 'create-user', title: 'Create again?' }, { id: 'add-group:Sales', title: 'Add to Sales' }], T1);
    expect(planned.steps).toEqual([
      { id: 'validate', title: 'Check', status: 'done', at: T1, detail: 'ok' },
      { id: 'create-user', title: 'Create', status: 'done', at: T1, detail: 'Created 00u1' },
      { id: 'add-group:Sales', title: 'Add to Sales', status: 'pending' },
    ]);
  });

  test('outputs accumulate', () => {
    const r = withOutputs(withOutput(run(), 'a', '1', T1), { b: '2', a: '3' }, T1);
    expect(r.outputs).toEqual({ a: '3', b: '2' });
    expect(r.updatedAt).toBe(T1);
  });
});

describe('parseRun: stored records are checked on read', () => {
  const stored = { ...withStatus(run({ failureNotices: ['notify'], leaseUntil: T1, outputs: { oktaUserId: '00u1' } }), 'running', T1), version: 7 };

  test('a valid record reads back as the run (the storage version is not part of it)', () => {
    const { version: _version, ...expected } = stored;
    expect(parseRun(JSON.parse(JSON.stringify(stored)), 'run-10001')).toEqual(expected);
  });

  test('odd values are dropped, not trusted', () => {
    const parsed = parseRun({ ...stored, outputs: { ok: 'x', n: 1, o: {} }, failureNotices: ['notify', 3], approvedBy: 5, leaseUntil: null }, 'k');
    expect(parsed.outputs).toEqual({ ok: 'x' });
    expect(parsed.failureNotices).toEqual(['notify']);
    expect(parsed).not.toHaveProperty('approvedBy');
    expect(parsed).not.toHaveProperty('leaseUntil');
    expect(parseRun({ ...stored, outputs: 'nope' }, 'k').outputs).toEqual({});
  });

  test.each([
    ['not an object', null, 'not an object'],
    ['no issue key', { ...stored, issueKey: undefined }, 'issueKey missing'],
    ['an unknown status', { ...stored, status: 'paused' }, 'status paused'],
    ['no steps', { ...stored, steps: undefined }, 'steps missing'],
    ['a step with an unknown status', { ...stored, steps: [{ id: 'a', title: 'A', status: 'maybe' }] }, 'step 0'],
    ['no attempts', { ...stored, attempts: '1' }, 'attempts missing'],
  ])('%s is a CorruptRecordError', (_what, value, why) => {
    expect(() => parseRun(value, 'run-10001')).toThrow(new CorruptRecordError(`stored run run-10001 is invalid: ${why}`));
  });
});
