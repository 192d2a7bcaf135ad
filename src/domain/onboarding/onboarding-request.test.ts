import { groupsNotAllowed, parseOnboardingRequest, textOf, type OnboardingInput } from './onboarding-request';
import { onboardingSteps } from './onboarding-steps';

const valid: Partial<Record<OnboardingInput, unknown>> = { firstName: 'Jane', lastName: 'Doe', workEmail: 'jane.doe@example.com' };

function parsed(raw: Partial<Record<OnboardingInput, unknown>>) {
  const result = parseOnboardingRequest(raw);
  if (!result.ok) throw new Error(`expected a valid request, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problems(raw: Partial<Record<OnboardingInput, unknown>>) {
  const result = parseOnboardingRequest(raw);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.value)}`);
  return result.problems.map((p) => `${p.label}: ${p.message}`);
}

describe('textOf: the shapes Jira field values arrive in', () => {
  test.each([
    ['a string', 'x', 'x'],
    ['a number', 42, '42'],
    ['an option', { value: 'Sales', id: '10001' }, 'Sales'],
    ['a named object', { name: 'Engineering' }, 'Engineering'],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['an array', ['a'], undefined],
    ['an object without a value', { id: '1' }, undefined],
    ['a boolean', true, undefined],
  ])('%s', (_what, raw, expected) => {
    expect(textOf(raw)).toBe(expected);
  });
});

describe('parseOnboardingRequest', () => {
  test('normalises: names trimmed and collapsed, email lower-cased, the login defaults to the email', () => {
    expect(parsed({ ...valid, firstName: '  Mary   Ann ', lastName: '\tvan  der Berg\n', workEmail: '  Jane.Doe@Example.COM ' })).toEqual({
      firstName: 'Mary Ann',
      lastName: 'van der Berg',
      workEmail: 'jane.doe@example.com',
      login: 'jane.doe@example.com',
      groups: [],
    });
  });

  test('a username becomes the login (lower-cased), the email stays the email', () => {
    expect(parsed({ ...valid, username: ' J.Doe@Corp.Example ' })).toMatchObject({ login: 'j.doe@corp.example', workEmail: 'jane.doe@example.com' });
  });

  test('optional values: option objects, collapsed text, empty ones left out', () => {
    expect(parsed({ ...valid, department: { value: ' Research  and Development ' }, manager: ' 5b10ac8d82e05b22cc7d4ef5 ', startDate: ' 2026-02-28 ' })).toEqual({
      ...parsed(valid),
      department: 'Research and Development',
      manager: '5b10ac8d82e05b22cc7d4ef5',
      startDate: '2026-02-28',
    });
    const bare = parsed({ ...valid, department: '   ', manager: null, startDate: '' });
    expect(Object.keys(bare).sort()).toEqual(['firstName', 'groups', 'lastName', 'login', 'workEmail']);
  });

  test('every problem at once, each named by the label the requester saw', () => {
    expect(problems({ firstName: ' ', lastName: undefined, workEmail: null })).toEqual(['First name: is required', 'Last name: is required', 'Work email: is required']);
  });

  test.each([
    ['no @', 'jane.example.com'],
    ['no domain dot', 'jane@example'],
    ['a one-letter top-level domain', 'jane@example.c'],
    ['two dots in a row', 'jane..doe@example.com'],
    ['a leading dot', '.jane@example.com'],
    ['a trailing dot in the local part', 'jane.@example.com'],
    ['a domain label starting with a hyphen', 'jane@-example.com'],
    ['a quoted local part', '"jane doe"@example.com'],
    ['a space inside', 'jane doe@example.com'],
    ['two @', 'jane@doe@example.com'],
    ['longer than 100 characters', `${'a'.repeat(89)}@example.com`],
  ])('a work email with %s is refused, quoting the value', (_what, email) => {
    expect(problems({ ...valid, workEmail: email })).toEqual([`Work email: "${email.toLowerCase().slice(0, 100)}" is not a valid email address`]);
  });

  test.each([
    ['plus addressing', 'jane+it@example.com'],
    ['a subdomain', 'jane@mail.corp.example.co.uk'],
    ['digits and hyphens', 'j-2@ex-ample.io'],
    ['exactly 100 characters', `${'a'.repeat(88)}@example.com`],
  ])('a work email with %s is accepted', (_what, email) => {
    expect(parsed({ ...valid, workEmail: email }).workEmail).toBe(email);
  });

  test('an invalid username is named as the username', () => {
    expect(problems({ ...valid, username: 'jdoe' })).toEqual(['Username: "jdoe" is not a valid email address']);
  });

  test('names: at most 50 characters, no control characters', () => {
    expect(parsed({ ...valid, firstName: 'A'.repeat(50) }).firstName).toHaveLength(50);
    expect(problems({ ...valid, firstName: 'A'.repeat(51) })).toEqual(['First name: must be at most 50 characters']);
    expect(problems({ ...valid, lastName: 'Doe\u0007' })).toEqual(['Last name: contains characters that are not allowed']);
    expect(problems({ ...valid, department: 'IT\u0000' })).toEqual(['Department: contains characters that are not allowed']);
  });

  test.each([
    ['not a day of that month', '2026-02-30'],
    ['not zero-padded', '2026-2-1'],
    ['month 13', '2026-13-01'],
    ['a timestamp', '2026-02-01T09:00:00Z'],
    ['words', 'next Monday'],
  ])('a start date that is %s is refused', (_what, date) => {
    expect(problems({ ...valid, startDate: date })).toEqual([`Start date: "${date}" is not a date (YYYY-MM-DD)`]);
  });

  test('29 February only in leap years', () => {
    expect(parsed({ ...valid, startDate: '2028-02-29' }).startDate).toBe('2028-02-29');
    expect(problems({ ...valid, startDate: '2027-02-29' })).toHaveLength(1);
  });

  describe('groups', () => {
    test.each([
      ['a comma, semicolon and newline separated string', 'Engineering, Sales;Finance\nContractors'],
      ['an array of labels', ['Engineering', 'Sales', 'Finance', 'Contractors']],
      ['an array of options', [{ value: 'Engineering' }, { value: 'Sales' }, { value: 'Finance' }, { value: 'Contractors' }]],
    ])('from %s', (_what, raw) => {
      expect(parsed({ ...valid, oktaGroups: raw }).groups).toEqual(['Engineering', 'Sales', 'Finance', 'Contractors']);
    });

    test('trimmed, empty items dropped, duplicates removed keeping the first spelling', () => {
      expect(parsed({ ...valid, oktaGroups: [' Sales ', '', 'Sales', null, 'sales', 'SALES ', 'Finance'] }).groups).toEqual(['Sales', 'Finance']);
      expect(parsed({ ...valid, oktaGroups: ',, ;\n' }).groups).toEqual([]);
    });
  });
});

describe('groupsNotAllowed', () => {
  test('compares case-insensitively, as Okta names do, and answers in the request’s spelling', () => {
    expect(groupsNotAllowed(['engineering', 'Okta-Super-Admins', 'SALES'], ['Engineering', 'Sales'])).toEqual(['Okta-Super-Admins']);
  });

  test('an empty allow-list allows nothing; no groups asks for nothing', () => {
    expect(groupsNotAllowed(['Engineering'], [])).toEqual(['Engineering']);
    expect(groupsNotAllowed([], [])).toEqual([]);
  });
});

describe('onboardingSteps', () => {
  test('the user first, one step per group in the requested order, then comments, then resolve', () => {
    const request = parsed({ ...valid, username: 'jd@example.com', oktaGroups: ['Sales', 'Engineering'] });
    expect(onboardingSteps(request)).toEqual([
      { id: 'create-user', title: 'Create Okta user jd@example.com' },
      { id: 'add-group:Sales', title: 'Add to group Sales' },
      { id: 'add-group:Engineering', title: 'Add to group Engineering' },
      { id: 'follow-up', title: 'Follow-up provisioning' },
      { id: 'comment-agents', title: 'Internal comment for agents' },
      { id: 'comment-requester', title: 'Comment for the requester' },
      { id: 'resolve', title: 'Resolve the request' },
    ]);
  });

  test('step ids are unique even when the request repeats a group in another case', () => {
    const ids = onboardingSteps(parsed({ ...valid, oktaGroups: ['Sales', 'sales'] })).map((s) => s.id);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });
});
