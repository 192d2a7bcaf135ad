import { resolveFieldRefs, validateExportSettings } from '../../src/domain/export/export-settings';
import { beginRun, checkpoint, decideStart, failRun, finishRun, newProjectState, nextWindow, pruneSeen, restartWithoutToken, STALE_RUN_MS } from '../../src/domain/export/export-state';
import { checkJqlFilter, exportJql } from '../../src/domain/export/jql';
import { dataKey, runIdFor, tombstoneKey } from '../../src/domain/export/layout';
import { parseJiraTime, readEmbedded, snapshotEntries } from '../../src/domain/export/records';
import { ISSUE_STREAM } from '../../src/domain/export/streams';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

describe('export JQL', () => {
  test('bounded by project and a half-open window in epoch milliseconds, ordered by updated then key', () => {
    expect(exportJql({ project: 'OPS', fromMs: 1000, toMs: 2000 })).toBe('project = "OPS" AND updated >= 1000 AND updated < 2000 ORDER BY updated ASC, key ASC');
    expect(exportJql({ project: 'OPS', fromMs: 0, toMs: 5, filter: 'labels = "x"' })).toBe('project = "OPS" AND updated >= 0 AND updated < 5 AND (labels = "x") ORDER BY updated ASC, key ASC');
  });

  test.each(['OPS" OR project != "X', 'ops', 'O', 'OPS ORDER BY key', 'ABCDEFGHIJK', '1OPS'])('the builder itself refuses the project key %j', (project) => {
    expect(() => exportJql({ project, fromMs: 0, toMs: 1 })).toThrow(/not a Jira project key/);
  });

  test('the builder refuses windows that are not whole, non-negative and non-empty, and filters that fail the check', () => {
    expect(() => exportJql({ project: 'OPS', fromMs: 1.5, toMs: 2 })).toThrow();
    expect(() => exportJql({ project: 'OPS', fromMs: -1, toMs: 2 })).toThrow();
    expect(() => exportJql({ project: 'OPS', fromMs: 5, toMs: 5 })).toThrow(/empty/);
    expect(() => exportJql({ project: 'OPS', fromMs: 0, toMs: 5, filter: 'x) OR (y' })).toThrow(/not allowed/);
  });

  test.each([
    ['issuetype != Bug AND labels in (a, "b c") AND cf[10050] ~ "x\\"y"', undefined],
    ['status CHANGED AFTER -5d OR assignee = currentUser()', undefined],
    ['(a = 1', 'not closed'],
    ['a = 1)', 'no matching'],
    ['a = 1) OR (b = 2', 'no matching'],
    ['summary ~ "open', 'not closed'],
    ['a = 1 order by created', 'ORDER BY'],
    ['a = 1; drop', 'no place'],
    ['a = 1\nOR b = 2', 'control characters'],
    ['   ', 'empty'],
  ])('the filter check: %j', (filter, problem) => {
    const found = checkJqlFilter(filter);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(new RegExp(problem));
  });
});

describe('export settings', () => {
  const base = { bucket: 'my-export-bucket', prefix: '/jira/exports/', projects: 'its, OPS', fieldRefs: ['summary', 'Cost center'] };

  test('are normalised and defaulted', () => {
    const parsed = validateExportSettings(base);
    expect(parsed).toEqual({ ok: true, value: { bucket: 'my-export-bucket', prefix: 'jira/exports', projects: ['ITS', 'OPS'], fieldRefs: ['summary', 'Cost center'], includeComments: false, scheduleHours: 1, overlapMinutes: 10 } });
  });

  test.each([
    [{ bucket: 'My_Bucket' }, 'bucket'],
    [{ bucket: '192.168.1.1' }, 'bucket'],
    [{ prefix: 'a/../b' }, 'prefix'],
    [{ prefix: 'project=x' }, 'prefix'],
    [{ projects: [] }, 'projects'],
    [{ scheduleHours: 5 }, 'scheduleHours'],
    [{ overlapMinutes: -1 }, 'overlapMinutes'],
    [{ region: 'mars-1' }, 'region'],
    [{ jqlFilter: 'a = 1) OR (b = 2' }, 'jqlFilter'],
  ])('refuse %j', (change, key) => {
    const parsed = validateExportSettings({ ...base, ...change });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toContain(key);
  });

  test('field references resolve by id or by name; an ambiguous or unknown name is refused', () => {
    const catalog = [
      { id: 'summary', name: 'Summary' },
      { id: 'customfield_10050', name: 'Cost center' },
      { id: 'customfield_10051', name: 'Team' },
      { id: 'customfield_10052', name: 'Team' },
    ];
    expect(resolveFieldRefs(['summary', 'cost CENTER', 'customfield_10051'], catalog)).toEqual({
      fields: [
        { id: 'summary', name: 'Summary' },
        { id: 'customfield_10050', name: 'Cost center' },
        { id: 'customfield_10051', name: 'Team' },
      ],
    });
    expect(resolveFieldRefs(['Team'], catalog)).toEqual({ error: expect.stringMatching(/names 2 fields/) });
    expect(resolveFieldRefs(['Nope'], catalog)).toEqual({ error: expect.stringMatching(/no field/) });
  });
});

describe('export state', () => {
  test('the first run covers everything; later runs start an overlap before the watermark', () => {
    const fresh = newProjectState('OPS');
    expect(nextWindow(fresh, T0, 10)).toEqual({ fromMs: 0, toMs: T0 });
    expect(nextWindow({ ...fresh, watermarkMs: T0 }, T0 + 3_600_000, 10)).toEqual({ fromMs: T0 - 600_000, toMs: T0 + 3_600_000 });
  });

  test('a run checkpoints after each page, keeps its position for a token-less restart, and moves the watermark only when it finishes', () => {
    let state = beginRun(newProjectState('OPS'), { trigger: 'manual', nowMs: T0, overlapMinutes: 10, hop: 'h1' });
    expect(state.run).toMatchObject({ runId: runIdFor(T0), pages: 0, paged: false, fromMs: 0, toMs: T0, dt: '2026-03-02' });
    let run = checkpoint(state.run!, { nextPageToken: 't1', records: 100, duplicates: 2, bytes: 10, completions: 1, last: { updatedMs: 500, issueId: '7' }, idsAtLast: ['6', '7'] }, T0 + 1);
    run = checkpoint(run, { nextPageToken: 't2', records: 100, duplicates: 0, bytes: 10, completions: 0, last: { updatedMs: 500, issueId: '9' }, idsAtLast: ['8', '9'] }, T0 + 2);
    expect(run).toMatchObject({ pages: 2, records: 200, duplicates: 2, nextPageToken: 't2', resumeAfter: { updatedMs: 500, ids: ['6', '7', '8', '9'] } });
    expect(restartWithoutToken(run)).toMatchObject({ queryFromMs: 500 });
    expect(restartWithoutToken(run).nextPageToken).toBeUndefined();
    run = checkpoint(run, { records: 5, duplicates: 0, bytes: 1, completions: 0, idsAtLast: [] }, T0 + 3);
    expect(run.paged).toBe(true);
    state = finishRun({ ...state, run }, T0 + 4, 1);
    expect(state.run).toBeUndefined();
    expect(state).toMatchObject({ watermarkMs: T0, lastRun: { status: 'succeeded', records: 205, tombstones: 1 }, totals: { records: 205, tombstones: 1, runs: 1 } });
  });

  test('a failed run keeps its checkpoint and resumes; a running one is left alone unless its chain went quiet', () => {
    const running = beginRun(newProjectState('OPS'), { trigger: 'schedule', nowMs: T0, overlapMinutes: 10, hop: 'h' });
    expect(decideStart(running, { trigger: 'manual', nowMs: T0 + 1000, scheduleHours: 1 })).toEqual({ kind: 'busy' });
    expect(decideStart(running, { trigger: 'schedule', nowMs: T0 + STALE_RUN_MS + 1, scheduleHours: 1 })).toEqual({ kind: 'resume', why: 'stale' });
    const failed = failRun(running, 'AccessDenied', T0 + 1);
    expect(failed.run?.status).toBe('failed');
    expect(failed.errors.at(-1)).toMatchObject({ message: 'AccessDenied', transient: false });
    expect(decideStart(failed, { trigger: 'schedule', nowMs: T0 + 2, scheduleHours: 1 })).toEqual({ kind: 'resume', why: 'failed' });
    const done = finishRun({ ...running, run: { ...running.run!, paged: true } }, T0 + 10, 0);
    expect(decideStart(done, { trigger: 'schedule', nowMs: T0 + 30 * 60_000, scheduleHours: 1 })).toEqual({ kind: 'not-due' });
    expect(decideStart(done, { trigger: 'schedule', nowMs: T0 + 57 * 60_000, scheduleHours: 1 })).toEqual({ kind: 'begin' });
    expect(decideStart(done, { trigger: 'schedule', nowMs: T0 + 10 * 3_600_000, scheduleHours: 0 })).toEqual({ kind: 'not-due' });
    expect(decideStart(done, { trigger: 'manual', nowMs: T0 + 11, scheduleHours: 0 })).toEqual({ kind: 'begin' });
  });

  test('the de-duplication set forgets versions no later run can read again', () => {
    expect(pruneSeen(['1@100', '2@200', '3@300'], 200)).toEqual(['2@200', '3@300']);
  });
});

describe('records and layout', () => {
  test('Jira timestamps with any offset become epoch milliseconds', () => {
    expect(parseJiraTime('2026-03-02T09:00:00.123+0000')).toBe(T0 + 123);
    expect(parseJiraTime('2026-03-02T23:00:00.000+1400')).toBe(T0);
    expect(parseJiraTime('2026-03-01T21:00:00.000-1200')).toBe(T0);
    expect(parseJiraTime('2026-03-02T09:00:00Z')).toBe(T0);
    expect(parseJiraTime('2026-03-02 09:00')).toBeUndefined();
  });

  test('an embedded changelog is complete only when it holds its total; entries after the version are left out', () => {
    const def = ISSUE_STREAM.embedded[0]!;
    const bean = { id: '1', key: 'OPS-1', fields: {}, changelog: { total: 3, histories: [{ id: '3', created: '2026-03-02T09:00:02.000+0000' }, { id: '2', created: '2026-03-02T09:00:01.000+0000' }] } };
    expect(readEmbedded(bean, def)).toMatchObject({ total: 3, complete: false });
    expect(snapshotEntries(bean.changelog.histories, 'newest-first', 'created', T0 + 1000).map((h) => (h as { id: string }).id)).toEqual(['2']);
  });

  test('object keys are Hive partitions and depend only on the run and the page', () => {
    expect(dataKey('jira', 'OPS', '2026-03-02', runIdFor(T0), 3)).toBe('jira/project=OPS/dt=2026-03-02/20260302T090000000Z-p000003.jsonl.gz');
    expect(dataKey('', 'OPS', '2026-03-02', runIdFor(T0), 3)).toBe('project=OPS/dt=2026-03-02/20260302T090000000Z-p000003.jsonl.gz');
    expect(tombstoneKey('jira', 'OPS', '2026-03-02', '10042')).toBe('jira/project=OPS/dt=2026-03-02/tombstone-10042.jsonl.gz');
  });
});
