import { suggestFieldMapping } from './field-suggestions';

const field = (fieldId: string, name: string) => ({ fieldId, name });

describe('suggestFieldMapping', () => {
  test('the demo request type: each field by its label', () => {
    expect(
      suggestFieldMapping([
        field('summary', 'Summary'),
        field('customfield_10010', 'First name'),
        field('customfield_10011', 'Last name'),
        field('customfield_10012', 'Work email'),
        field('customfield_10013', 'Username'),
        field('customfield_10014', 'Department'),
        field('customfield_10015', 'Manager'),
        field('customfield_10016', 'Okta groups'),
        field('customfield_10017', 'Start date'),
      ]),
    ).toEqual({
      firstName: 'customfield_10010',
      lastName: 'customfield_10011',
      workEmail: 'customfield_10012',
      username: 'customfield_10013',
      department: 'customfield_10014',
      manager: 'customfield_10015',
      oktaGroups: 'customfield_10016',
      startDate: 'customfield_10017',
    });
  });

  test.each([
    ['Email', 'workEmail'],
    ['E-mail address', 'workEmail'],
    ['Work Email Address', 'workEmail'],
    ['Okta login', 'username'],
    ['Login', 'username'],
    ['Groups', 'oktaGroups'],
    ['First day', 'startDate'],
    ['Line manager', 'manager'],
    ['Reports to', 'manager'],
    ['FIRST_NAME', 'firstName'],
    ['last-name', 'lastName'],
  ])('"%s" is suggested for %s (case, spaces and punctuation ignored)', (name, input) => {
    expect(suggestFieldMapping([field('customfield_20000', name)])).toEqual({ [input]: 'customfield_20000' });
  });

  test('names that only look similar are not suggested', () => {
    expect(suggestFieldMapping([field('customfield_1', 'Emergency contact email'), field('customfield_2', 'Name'), field('customfield_3', 'Group size')])).toEqual({});
  });

  test('the first matching field wins when two fit', () => {
    expect(suggestFieldMapping([field('customfield_1', 'Email'), field('customfield_2', 'Work email')])).toEqual({ workEmail: 'customfield_1' });
  });

  test('no fields, no suggestions', () => {
    expect(suggestFieldMapping([])).toEqual({});
  });
});
