import { JqlError } from '../../sandbox/jira';
import { parseJql } from '../../sandbox/jira/jql/parser';
import { parseJqlDate } from '../../sandbox/jira/jql/dates';

describe('JQL parser', () => {
  test('precedence: NOT binds tighter than AND, AND tighter than OR', () => {
    const q = parseJql('a = 1 OR NOT b = 2 AND c in (3, "x y") order by created desc, key');
    expect(q.where).toMatchObject({
      kind: 'or',
      left: { kind: 'clause', field: { name: 'a' }, operator: '=' },
      right: { kind: 'and', left: { kind: 'not', expr: { kind: 'clause', field: { name: 'b' } } }, right: { kind: 'clause', operator: 'in', operand: { kind: 'list' } } },
    });
    expect(q.orderBy).toEqual([
      { field: { name: 'created', pos: 48 }, direction: 'DESC' },
      { field: { name: 'key', pos: 62 }, direction: null },
    ]);
  });

  test('operators, EMPTY, functions, quoted field names and symbols', () => {
    const q = parseJql('"Request Type" != EMPTY && assignee is not null || reporter not in (currentUser()) && !summary !~ \'a\\\'b\' && cf[10010] >= -5d');
    expect(JSON.stringify(q.where)).toContain('"operator":"is not"');
    expect(JSON.stringify(q.where)).toContain('"name":"currentUser"');
    expect(JSON.stringify(q.where)).toContain('"text":"a\'b"');
    expect(JSON.stringify(q.where)).toContain('"name":"cf[10010]"');
  });

  test.each([
    ['project =', /Expecting either a value, list or function but got the end of the query. \(line 1, character 10\)/],
    ['= ITS', /Expecting a field name but got '='/],
    ['project = ITS status = Open', /Expecting either 'OR' or 'AND' but got 'status'/],
    ['assignee is currentUser()', /Expecting 'EMPTY' or 'NULL'/],
    ['a = "b', /has not been completed/],
    ['a = b ORDER BY c d', /Expecting either a ',', 'ASC' or 'DESC' but got 'd'/],
    ['a = b & c = d', /reserved JQL character/],
  ])('%s → JqlError', (jql, message) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
    expect(() => parseJql(jql)).toThrow(message);
  });
});

describe('JQL dates', () => {
  const now = Date.UTC(2026, 10, 21, 12, 0);
  test('absolute dates are wall-clock times in the given zone', () => {
    expect(parseJqlDate('2026-11-21', 'UTC', now)).toBe(Date.UTC(2026, 10, 21));
    expect(parseJqlDate('2026/11/21 10:30', 'Pacific/Kiritimati', now)).toBe(Date.UTC(2026, 10, 20, 20, 30));
    expect(parseJqlDate('2026-11-21 10:30', 'Etc/GMT+12', now)).toBe(Date.UTC(2026, 10, 21, 22, 30));
    // DST like java.time: 01:30 on 2026-03-29 does not exist in London and moves an hour later
    // (02:30 BST); 01:30 on 2026-10-25 happens twice and the earlier (BST) one wins.
    expect(parseJqlDate('2026-03-29 01:30', 'Europe/London', now)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(parseJqlDate('2026-10-25 01:30', 'Europe/London', now)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(parseJqlDate('2026-07-01 12:00', 'Europe/London', now)).toBe(Date.UTC(2026, 6, 1, 11, 0));
    expect(parseJqlDate('2026-02-30', 'UTC', now)).toBeUndefined();
  });
  test('periods and epoch milliseconds', () => {
    expect(parseJqlDate('-5m', 'UTC', now)).toBe(now - 5 * 60_000);
    expect(parseJqlDate('4w 2d', 'UTC', now)).toBe(now + 30 * 86_400_000);
    expect(parseJqlDate('-1h', 'UTC', now)).toBe(now - 3_600_000);
    expect(parseJqlDate('1700000000000', 'UTC', now)).toBe(1_700_000_000_000);
    expect(parseJqlDate('yesterday', 'UTC', now)).toBeUndefined();
  });
});
