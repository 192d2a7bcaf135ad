import { approvalProblem, parseGrantRequest, parseJiraDateTime } from '../../src/domain/jit/grant-request';
import {
  approveExtension,
  decide,
  extensionApprovalProblem,
  ExtensionRefusedError,
  IllegalGrantTransitionError,
  newGrant,
  requestExtension,
  withEndRequest,
  withStatus,
} from '../../src/domain/jit/grant';
import { parseGrant } from '../../src/domain/jit/grant-record';
import { validateJitSettings } from '../../src/domain/jit/jit-settings';
import { planMembership } from '../../src/domain/jit/membership';
import { FIELDS, START, testSettings } from './world';

const MIN = 60_000;
const person = (id: string) => ({ accountId: id, displayName: id });

describe('JIT settings', () => {
  test('a valid configuration round-trips, with defaults for end statuses and drift cadence', () => {
    const settings = testSettings();
    expect(settings.endStatuses).toEqual(['Done', 'Canceled']);
    expect(settings.driftCheckMinutes).toBe(60);
    expect(validateJitSettings(settings as unknown as Record<string, unknown>)).toEqual({ ok: true, value: settings });
  });

  test('every target needs a permanent member, two approvers when approval is required, and sane limits', () => {
    const raw = structuredClone(testSettings()) as unknown as { targets: { policy: Record<string, unknown>; ref: Record<string, unknown> }[] };
    raw.targets[0]!.policy.permanentMembers = [];
    raw.targets[0]!.policy.approvers = ['ann'];
    raw.targets[0]!.policy.maxTotalMinutes = 10;
    raw.targets[1]!.ref.permissionSetArn = 'arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-1234567890abcdef';
    const result = validateJitSettings(raw as unknown as Record<string, unknown>);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['targets.0.policy.approvers', 'targets.0.policy.maxTotalMinutes', 'targets.0.policy.permanentMembers', 'targets.1.ref.permissionSetArn']);
  });

  test('org-admins cannot be a target: organization admin is a role, not a group membership', () => {
    const raw = structuredClone(testSettings()) as unknown as { targets: Record<string, unknown>[] };
    raw.targets.push({ id: 'org', name: 'Org admins', ref: { kind: 'atlassian-group', orgId: 'abc', groupId: 'def', groupName: 'org-admins' }, policy: raw.targets[0]!.policy });
    const result = validateJitSettings(raw as unknown as Record<string, unknown>);
    expect(result.ok ? {} : result.errors).toHaveProperty(['targets.2.ref.groupName']);
  });
});

describe('parsing a request', () => {
  const settings = testSettings();
  test('Jira datetimes with a +0000 offset are read as UTC', () => {
    expect(parseJiraDateTime('2026-03-02T10:00:00.000+0000')).toBe(Date.UTC(2026, 2, 2, 10));
    expect(parseJiraDateTime('')).toBeUndefined();
    expect(parseJiraDateTime('next tuesday')).toBeNaN();
  });

  test('every problem at once, each named as the requester saw the field', () => {
    const parsed = parseGrantRequest({ target: 'Nope', duration: 0, startTime: 'soon' }, settings, START);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.label)).toEqual(['Access target', 'Duration', 'Start time']);
  });

  test('a duration over the target’s maximum is refused; targets are matched by name or id, in any case', () => {
    expect(parseGrantRequest({ target: 'SYNC GROUP', duration: 241 }, settings, START)).toMatchObject({ ok: false, problems: [{ input: 'duration', message: expect.stringContaining('240') }] });
    expect(parseGrantRequest({ target: 'async-set', duration: '30' }, settings, START)).toMatchObject({ ok: true, value: { durationMinutes: 30, target: { id: 'async-set' } } });
  });

  test('approval: required, never by the requester, only by an approver the policy names', () => {
    const target = settings.targets[0]!;
    expect(approvalProblem(target, 'rita', { decision: 'pending' })).toContain('needs an approval');
    expect(approvalProblem(target, 'ann', { decision: 'approved', approver: person('ann') })).toContain('approved their own request');
    expect(approvalProblem(target, 'rita', { decision: 'approved', approver: person('mallory') })).toContain('is not an approver');
    expect(approvalProblem(target, 'rita', { decision: 'approved', approver: person('bob') })).toBeUndefined();
    expect(approvalProblem({ ...target, policy: { ...target.policy, approvalRequired: false } }, 'rita', { decision: 'pending' })).toBeUndefined();
  });

  test('the fields settings map are what the parser reads', () => {
    expect(Object.keys(FIELDS)).toEqual(['target', 'duration', 'startTime', 'justification']);
  });
});

describe('a grant', () => {
  const base = () =>
    newGrant({ issueId: '1', issueKey: 'ITS-1', targetId: 'sync-group', targetName: 'Sync group', requester: person('rita'), approvedBy: person('ann'), durationMinutes: 60, startAt: START, now: START });

  test('starts on approval (never in the past) and expires after its duration', () => {
    const grant = newGrant({ issueId: '1', issueKey: 'ITS-1', targetId: 't', targetName: 'T', requester: person('rita'), durationMinutes: 30, startAt: START - 10 * MIN, now: START });
    expect(grant.startAt).toBe(new Date(START).toISOString());
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.startAt)).toBe(30 * MIN);
    expect(grant.dueAt).toBe(grant.startAt);
  });

  test('wait, re-read, decide: scheduled waits for its start, active for its expiry, an end request acts at once', () => {
    const scheduled = { ...base(), startAt: new Date(START + 10 * MIN).toISOString() };
    expect(decide(scheduled, START)).toEqual({ kind: 'wait', until: START + 10 * MIN });
    expect(decide(scheduled, START + 10 * MIN)).toEqual({ kind: 'start' });
    const active = withStatus(withStatus(base(), 'granting', START), 'active', START);
    expect(active.dueAt).toBe(active.expiresAt);
    expect(decide(active, START + 59 * MIN)).toMatchObject({ kind: 'wait' });
    expect(decide(active, START + 60 * MIN)).toEqual({ kind: 'end', reason: 'expired' });
    const done = withEndRequest(active, { reason: 'done', at: new Date(START).toISOString() }, START + MIN);
    expect(done.dueAt).toBe(new Date(START + MIN).toISOString());
    expect(decide(done, START + MIN)).toEqual({ kind: 'end', reason: 'done' });
    expect(decide(withEndRequest(scheduled, { reason: 'revoked', at: new Date(START).toISOString() }, START), START)).toMatchObject({ kind: 'cancel' });
  });

  test('ended grants never come back', () => {
    const expired = withStatus(withStatus(withStatus(withStatus(base(), 'granting', START), 'active', START), 'ending', START), 'expired', START);
    expect(() => withStatus(expired, 'active', START)).toThrow(IllegalGrantTransitionError);
    expect(decide(expired, START)).toMatchObject({ kind: 'none' });
    expect(withEndRequest(expired, { reason: 'done', at: 'x' }, START)).toBe(expired);
  });

  test('extensions: within the policy total, approved by neither the requester nor the first approver, extended in place', () => {
    const active = withStatus(withStatus(base(), 'granting', START), 'active', START);
    expect(() => requestExtension(active, { id: 'e1', minutes: 421, by: person('rita'), now: START, maxTotalMinutes: 480 })).toThrow(ExtensionRefusedError);
    const asked = requestExtension(active, { id: 'e1', minutes: 30, by: person('rita'), now: START, maxTotalMinutes: 480 });
    expect(() => requestExtension(asked, { id: 'e2', minutes: 5, by: person('rita'), now: START, maxTotalMinutes: 480 })).toThrow('already waiting');
    expect(extensionApprovalProblem(asked, person('ann'), ['ann', 'bob'])).toContain('approved the original grant');
    expect(extensionApprovalProblem(asked, person('rita'), ['ann', 'bob', 'rita'])).toContain('asked for this access');
    expect(extensionApprovalProblem(asked, person('mallory'), ['ann', 'bob'])).toContain('is not an approver');
    expect(extensionApprovalProblem(asked, person('bob'), ['ann', 'bob'])).toBeUndefined();
    const extended = approveExtension(asked, person('bob'), START + MIN, 480);
    expect(Date.parse(extended.expiresAt) - Date.parse(active.expiresAt)).toBe(30 * MIN);
    expect(extended.status).toBe('active');
    expect(extended.dueAt).toBe(extended.expiresAt);
  });

  test('a stored grant is validated on read', () => {
    const grant = base();
    expect(parseGrant(JSON.parse(JSON.stringify(grant)), 'k')).toEqual(grant);
    expect(() => parseGrant({ ...grant, status: 'zombie' }, 'k')).toThrow('status zombie');
  });
});

describe('the membership rule', () => {
  const facts = { isMember: true, wanted: false, coveredBy: [] as string[], permanent: false, memberCount: 3 };
  test('a permanent member or one another live grant covers is kept; the last member is kept', () => {
    expect(planMembership(facts)).toEqual({ kind: 'remove' });
    expect(planMembership({ ...facts, permanent: true })).toMatchObject({ kind: 'keep', why: 'permanent' });
    expect(planMembership({ ...facts, coveredBy: ['ITS-2'] })).toMatchObject({ kind: 'keep', why: 'covered' });
    expect(planMembership({ ...facts, memberCount: 1 })).toMatchObject({ kind: 'keep', why: 'last-member' });
    expect(planMembership({ ...facts, isMember: false })).toMatchObject({ kind: 'nothing', why: 'already-absent' });
    expect(planMembership({ ...facts, wanted: true, isMember: false })).toEqual({ kind: 'add' });
  });
});
