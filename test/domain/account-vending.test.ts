import { CREATE_ACCOUNT_FAILURE_REASONS } from '../../sandbox/aws';
import { parseAccountRequest, parseOuReference, type VendingPolicy } from '../../src/domain/account-vending/account-request';
import { awsErrorInWords, createAccountFailureInWords } from '../../src/domain/account-vending/aws-failures';
import { decideSlot, leaveQueue, queuePositionText, type CreationQueueState, type QueueEntry } from '../../src/domain/account-vending/creation-queue';
import { pollDelaySeconds } from '../../src/domain/account-vending/vending-stages';
import { baselineEndpoint, validateVendingSettings } from '../../src/domain/account-vending/vending-settings';

const policy: VendingPolicy = { allowedEnvironments: ['dev', 'staging', 'prod'], costCenterPattern: 'CC-[0-9]{4}' };
const valid = { accountName: 'Team Rocket Dev', accountEmail: 'Rocket@Example.com', organizationalUnit: 'Workloads/Prod', environment: { value: 'Dev' }, costCenter: 'CC-1234', accountOwner: '712020:abc-def' };

describe('a New AWS account request', () => {
  test('normalises a valid request', () => {
    expect(parseAccountRequest(valid, policy)).toEqual({
      ok: true,
      value: { accountName: 'Team Rocket Dev', accountEmail: 'rocket@example.com', ou: { kind: 'path', names: ['Workloads', 'Prod'] }, ouText: 'Workloads/Prod', environment: 'dev', costCenter: 'CC-1234', owner: '712020:abc-def' },
    });
  });

  test('names every problem at once, by the field the requester saw', () => {
    const result = parseAccountRequest({ accountName: 'x'.repeat(51), accountEmail: 'a@b', organizationalUnit: '', environment: 'qa', costCenter: 'cc 1', accountOwner: 'no spaces allowed' }, policy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.label)).toEqual(['Account name', 'Account email', 'Organizational unit', 'Environment', 'Cost center', 'Account owner']);
    expect(result.problems[0]?.message).toContain('at most 50 characters');
    expect(result.problems[3]?.message).toBe('"qa" is not allowed; choose one of dev, staging, prod');
  });

  test('AWS account names are printable ASCII; emails at most 64 characters', () => {
    const bad = parseAccountRequest({ ...valid, accountName: 'Équipe', accountEmail: `${'a'.repeat(60)}@example.com` }, policy);
    expect(bad.ok ? [] : bad.problems.map((p) => p.input)).toEqual(['accountName', 'accountEmail']);
  });

  test.each([
    ['ou-pr0v-abcd1234', { kind: 'id', id: 'ou-pr0v-abcd1234' }],
    ['Root', { kind: 'root' }],
    ['r-pr0v', { kind: 'root' }],
    ['/Workloads/Prod/', { kind: 'path', names: ['Workloads', 'Prod'] }],
    ['Root/Sandbox', { kind: 'path', names: ['Sandbox'] }],
    ['Workloads//Prod', undefined],
  ])('OU reference %s', (text, expected) => {
    expect(parseOuReference(text)).toEqual(expected);
  });
});

describe('the creation line of an organization', () => {
  const entry = (n: number): QueueEntry => ({ issueId: `${n}`, issueKey: `ITS-${n}`, since: `2026-01-01T00:00:0${n}Z` });
  const none = () => false;

  test('the first comes takes the free slot; the next ones wait in order', () => {
    const first = decideSlot({ waiting: [] }, entry(1), none);
    expect(first).toEqual({ kind: 'acquire', next: { holder: entry(1), waiting: [] } });
    const state = (first as { next: CreationQueueState }).next;
    const second = decideSlot(state, entry(2), none);
    expect(second).toMatchObject({ kind: 'wait', position: 1, changed: true, creating: entry(1) });
    const third = decideSlot((second as { next: CreationQueueState }).next, entry(3), none);
    expect(third).toMatchObject({ kind: 'wait', position: 2, next: { holder: entry(1), waiting: [entry(2), entry(3)] } });
    expect(queuePositionText(third as Extract<typeof third, { kind: 'wait' }>)).toBe(
      'Waiting for AWS Organizations, which creates one account at a time: 2nd in line, 2 requests ahead. ITS-1 is being created now.',
    );
    expect(decideSlot(state, entry(1), none)).toEqual({ kind: 'holder' });
  });

  test('releasing hands the slot to the first in line, who alone may take it', () => {
    const state: CreationQueueState = { holder: entry(1), waiting: [entry(2), entry(3)] };
    const released = leaveQueue(state, '1');
    expect(released).toEqual({ next: { waiting: [entry(2), entry(3)] }, changed: true, nextInLine: entry(2) });
    expect(decideSlot(released.next, entry(3), none)).toMatchObject({ kind: 'wait', position: 2, changed: false });
    expect(decideSlot(released.next, entry(2), none)).toEqual({ kind: 'acquire', next: { holder: entry(2), waiting: [entry(3)] } });
  });

  test('a holder or waiter that died without leaving is dropped, so the line never stalls', () => {
    const state: CreationQueueState = { holder: entry(1), waiting: [entry(2), entry(3)] };
    expect(decideSlot(state, entry(3), (id) => id === '1' || id === '2')).toEqual({ kind: 'acquire', next: { holder: entry(3), waiting: [] } });
    expect(decideSlot(state, entry(3), (id) => id === '1')).toMatchObject({ kind: 'wait', position: 2, changed: true, next: { waiting: [entry(2), entry(3)] } });
  });
});

describe('AWS answers in plain words', () => {
  test.each(CREATE_ACCOUNT_FAILURE_REASONS.map((r) => [r]))('%s has its own explanation', (reason) => {
    const words = createAccountFailureInWords(reason);
    expect(words).toMatch(new RegExp(`\\(AWS reason: ${reason}\\)$`));
    expect(words).not.toContain('gave no reason Provisio knows');
  });

  test('throttling and a busy organization are worth waiting for; a denied action is not', () => {
    expect(awsErrorInWords('TooManyRequestsException', 'organizations:ListAccounts', '').transient).toBe(true);
    expect(awsErrorInWords('ConcurrentModificationException', 'organizations:CreateAccount', '').transient).toBe(true);
    expect(awsErrorInWords('ConstraintViolationException', 'organizations:CreateAccount', '', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED')).toMatchObject({ transient: false });
    expect(awsErrorInWords('AccessDeniedException', 'organizations:MoveAccount', '')).toEqual({
      words: "Provisio's AWS role may not call organizations:MoveAccount. An admin must update the role's policy from Provisio's infra template.",
      transient: false,
    });
  });
});

describe('settings', () => {
  test.each([
    ['https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/baseline', { service: 'execute-api', region: 'eu-west-1' }],
    [`https://${'a'.repeat(32)}.lambda-url.us-east-1.on.aws/`, { service: 'lambda', region: 'us-east-1' }],
    ['http://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod', undefined],
    ['https://example.com/baseline', undefined],
  ])('baseline endpoint %s', (url, expected) => {
    expect(baselineEndpoint(url)).toEqual(expected);
  });

  test('vending settings default the statuses and environments, and refuse a broken cost center pattern', () => {
    const fields = { accountName: 'customfield_10001', accountEmail: 'customfield_10002', organizationalUnit: 'customfield_10003', environment: 'customfield_10004', costCenter: 'customfield_10005', accountOwner: 'customfield_10006' };
    const ok = validateVendingSettings({ requestTypeId: '3', fields, baseline: { kind: 'none' } });
    expect(ok).toMatchObject({ ok: true, value: { provisionStatus: 'In Progress', doneStatus: 'Done', failedStatus: 'Provisioning failed', allowedEnvironments: ['dev', 'staging', 'prod'] } });
    expect(validateVendingSettings({ requestTypeId: '3', fields, costCenterPattern: '(' })).toMatchObject({ ok: false, errors: { costCenterPattern: 'Not a valid regular expression.' } });
  });

  test('polls come soon at first, then less often, never beyond Forge’s 900 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => pollDelaySeconds('create-account', n))).toEqual([90, 60, 60, 120, 180, 300, 600, 600, 600]);
    expect(Math.max(...[0, 10, 100].map((n) => pollDelaySeconds('baseline', n)))).toBeLessThanOrEqual(900);
  });
});
