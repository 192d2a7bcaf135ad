import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ExportRecord } from '../../src/domain/export/records';
import type { SaveResult } from '../../src/shared/resolver-contract';
import { HOP_LIMITS } from '../../src/usecases/export-project-pages';
import { exportBucketPolicy, DEMO_EXPORT } from '../../sandbox/export-demo';
import { duplicateVersions, ExportDriver } from '../helpers/export-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * The Jira → S3 export end to end in the sandbox: the app's real handlers on the local Forge
 * platform (scheduled trigger, async-event hops, product trigger, admin resolvers), the Jira
 * stand-in's /search/jql (token paging, no total, dates read in the caller's zone, changelogs cut
 * at 100), and the S3 stand-in verifying SigV4 and checksums. What the tests read back comes
 * from the bucket through the official S3 client, and DuckDB queries the files.
 */
const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const versionsOf = (records: readonly ExportRecord[]) => records.filter((r) => r.record_type === 'issue').map((r) => `${r.issue_id}@${r.updated_ms}`);
const issues = (records: readonly ExportRecord[]) => records.filter((r) => r.record_type === 'issue');

/** A small seeded PRNG, so a failing random crash point can be reproduced (EXPORT_TEST_SEED). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function settleRuns(driver: ExportDriver, maxRounds = 40): Promise<void> {
  for (let i = 0; i < maxRounds; i += 1) {
    const { projects } = await driver.status();
    if (projects.every((p) => p.state !== 'running')) return;
    await driver.client.advance(60);
  }
  throw new Error('export runs did not finish');
}

describe('Jira → S3 export: out of the box, complete and incremental', () => {
  let client: SandboxClient;
  let driver: ExportDriver;

  beforeAll(async () => {
    client = await SandboxClient.start({ startAt: START });
    driver = new ExportDriver(client);
  });
  afterAll(async () => {
    driver.cleanUp();
    await client.close();
  });

  test('the sandbox starts with a bucket and an export of ITS and OPS, and GET /__sandbox/endpoints names it', async () => {
    const endpoints = await client.control<{ export: { bucket: string; prefix: string; projects: string[] } }>('GET', '/__sandbox/endpoints');
    expect(endpoints.export).toEqual({ bucket: DEMO_EXPORT.bucket, prefix: 'jira', projects: ['ITS', 'OPS'] });
    expect(client.sandbox.aws.s3.bucket(DEMO_EXPORT.bucket)).toBeDefined();
    const status = await driver.status();
    expect(status).toMatchObject({ configured: true, scheduleHours: 1 });
    expect(status.projects.map((p) => [p.project, p.state])).toEqual([
      ['ITS', 'never-run'],
      ['OPS', 'never-run'],
    ]);
    const test = await driver.resolver<{ ok: boolean; message: string }>('admin/export/test');
    expect(test.ok).toBe(true);
  });

  test('2,500 issues across both projects → exactly 2,500 records, and DuckDB counts the same', async () => {
    driver.seedIssues('ITS', 1250 - driver.currentVersions(['ITS']).length);
    driver.seedIssues('OPS', 1250 - driver.currentVersions(['OPS']).length);
    expect(driver.currentVersions()).toHaveLength(2500);

    const started = await driver.runNow();
    expect(started.starts.map((s) => s.outcome)).toEqual(['started', 'started']);
    const { dir } = await driver.download();
    const records = driver.recordsIn(dir);
    expect(records).toHaveLength(2500);
    expect(duplicateVersions(records)).toEqual([]);
    expect(new Set(versionsOf(records))).toEqual(new Set(driver.currentVersions()));

    const byProject = await driver.duck(dir, `select project, count(*) as records, count(distinct issue_id || '@' || updated_ms) as versions from {{data}} group by project order by project`);
    expect(byProject).toEqual([
      { project: 'ITS', records: '1250', versions: '1250' },
      { project: 'OPS', records: '1250', versions: '1250' },
    ]);

    const status = await driver.status();
    for (const p of status.projects) {
      expect(p).toMatchObject({ state: 'idle', lastRun: { status: 'succeeded', trigger: 'manual', records: 1250, duplicates: 0 }, errors: [] });
      expect(p.watermark).toBe(p.lastRun?.windowTo);
    }
  });

  test('each page is a gzipped JSON Lines batch under project=/dt= with a manifest whose counts and checksum match', async () => {
    const { dir, keys } = await driver.download();
    const data = keys.filter((k) => k.endsWith('.jsonl.gz'));
    const manifests = keys.filter((k) => k.startsWith('jira/_manifests/'));
    expect(data.length).toBeGreaterThanOrEqual(25);
    expect(manifests).toHaveLength(data.length);
    for (const key of data) expect(key).toMatch(/^jira\/project=(ITS|OPS)\/dt=2026-03-02\/\d{8}T\d{9}Z-p\d{6}\.jsonl\.gz$/);
    for (const key of manifests) {
      const manifest = JSON.parse(readFileSync(path.join(dir, key), 'utf8')) as { object: { key: string; sha256: string; bytes: number }; counts: { records: number }; watermark: { windowToMs: number } };
      const body = readFileSync(path.join(dir, manifest.object.key));
      expect(createHash('sha256').update(body).digest('hex')).toBe(manifest.object.sha256);
      expect(body.length).toBe(manifest.object.bytes);
      expect(gunzipSync(body).toString('utf8').trim().split('\n')).toHaveLength(manifest.counts.records);
    }
  });

  test('50 updated issues → exactly 50 more records on the next run; the overlap re-read is de-duplicated', async () => {
    const before = await driver.records();
    const all = client.sandbox.jira.store.search(driver.admin, 'project in (ITS, OPS) ORDER BY key ASC');
    const picked = all.filter((_, i) => i % 50 === 7).map((i) => i.id);
    expect(picked).toHaveLength(50);
    driver.editIssues(picked);
    await driver.runNow();
    const after = await driver.records();
    expect(after.length - before.length).toBe(50);
    expect(duplicateVersions(after)).toEqual([]);
    const current = new Set(versionsOf(after));
    for (const v of driver.currentVersions()) expect(current.has(v)).toBe(true);
    // The 2,500 seeded issues all lie inside the overlap window, so the run read them again and skipped them.
    const ops = await driver.project('OPS');
    expect(ops.lastRun?.duplicates).toBeGreaterThan(0);
    expect(ops.lastRun?.records).toBe(picked.filter((id) => client.sandbox.jira.store.getIssue(id)?.key.startsWith('OPS-')).length);
  });

  test('the hourly scheduled trigger runs the export without anyone pressing Run now', async () => {
    const [one] = client.sandbox.jira.store.search(driver.admin, 'project = OPS ORDER BY key ASC');
    driver.editIssues([one?.id as string]);
    await client.advance(3700);
    await settleRuns(driver);
    const ops = await driver.project('OPS');
    expect(ops.lastRun).toMatchObject({ trigger: 'schedule', status: 'succeeded', records: 1 });
    const records = await driver.records();
    expect(versionsOf(records)).toContain(`${one?.id}@${client.sandbox.jira.store.getIssue(one?.id as string)?.updated}`);
    expect(duplicateVersions(records)).toEqual([]);
  });
});

describe('Jira → S3 export: crashes and duplicates never lose or repeat a version', () => {
  let client: SandboxClient;
  let driver: ExportDriver;
  const seed = Number(process.env.EXPORT_TEST_SEED ?? Date.now() % 100000);
  const next = random(seed);
  const savedPages = HOP_LIMITS.pages;

  beforeAll(async () => {
    client = await SandboxClient.start({ startAt: START });
    driver = new ExportDriver(client);
    // Several hops per run, so crashes land inside chains of events too.
    HOP_LIMITS.pages = 2;
    const saved = await driver.resolver<SaveResult>('admin/export/save', { bucket: DEMO_EXPORT.bucket, prefix: 'jira', projects: ['ITS', 'OPS'], scheduleHours: 0 });
    expect(saved.saved).toBe(true);
    driver.seedIssues('ITS', 520);
    driver.seedIssues('OPS', 480);
  });
  afterAll(async () => {
    HOP_LIMITS.pages = savedPages;
    driver.cleanUp();
    await client.close();
  });

  const allIds = () => client.sandbox.jira.store.search(driver.admin, 'project in (ITS, OPS)').map((i) => i.id);

  async function expectEveryVersionOnce(label: string): Promise<ExportRecord[]> {
    await settleRuns(driver);
    const records = await driver.records();
    const present = new Set(versionsOf(records));
    const missing = driver.currentVersions().filter((v) => !present.has(v));
    expect({ label, seed, duplicates: duplicateVersions(records), missing }).toEqual({ label, seed, duplicates: [], missing: [] });
    for (const p of (await driver.status()).projects) expect(p.state).toBe('idle');
    return records;
  }

  /** Runs the export with a fault armed after a random number of S3 writes. */
  async function runWithFaultAfterPuts(plan: (afterPuts: number) => Record<string, unknown>, expectedPuts: number): Promise<number> {
    const afterPuts = 1 + Math.floor(next() * Math.max(1, expectedPuts - 2));
    let puts = 0;
    const stop = client.sandbox.aws.observe((entry) => {
      if (entry.action !== 'PutObject' || entry.status !== 200) return;
      puts += 1;
      if (puts === afterPuts) client.sandbox.platform.faults.add(plan(afterPuts));
    });
    try {
      await driver.runNow();
      await settleRuns(driver);
    } finally {
      stop();
      // A fault armed late in a short run may not have met its request; it must not leak into the next test.
      client.sandbox.platform.faults.clear();
    }
    return afterPuts;
  }

  const crashes = () => client.sandbox.platform.log.list({ functionKey: 'on-export-page' }).filter((r) => r.outcome !== 'success').length;

  test('a crash right after an S3 PUT at a random page: the retry resumes at the checkpoint and overwrites, nothing lost or doubled', async () => {
    const before = crashes();
    await runWithFaultAfterPuts(() => ({ standIns: [{ target: 'aws', count: 1, method: 'PUT', crashAfter: true }] }), 20);
    expect(crashes()).toBe(before + 1);
    const records = await expectEveryVersionOnce('S3 PUT crash');
    expect(issues(records)).toHaveLength(1000);
    // The runs went through chains of hops (two pages each), not one long invocation.
    const handOvers = client.sandbox.platform.log.list({ functionKey: 'on-export-page' }).filter((r) => r.logs.some((l) => l.message.includes('continuing in a new hop')));
    expect(handOvers.length).toBeGreaterThanOrEqual(4);
  });

  test('a crash right after a Jira search at a random page, on the next run', async () => {
    driver.editIssues(allIds().filter((_, i) => i % 3 === 0));
    const before = crashes();
    await runWithFaultAfterPuts(() => ({ standIns: [{ target: 'jira', count: 1, method: 'POST', pathPrefix: '/rest/api/3/search/jql', crashAfter: true }] }), 8);
    expect(crashes()).toBe(before + 1);
    await expectEveryVersionOnce('Jira search crash');
  });

  test('S3 answering 503 SlowDown twice, then duplicated and delayed hop deliveries', async () => {
    driver.editIssues(allIds().filter((_, i) => i % 2 === 0));
    await runWithFaultAfterPuts(
      () => ({
        standIns: [{ target: 'aws', count: 2, method: 'PUT', status: 503, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>', headers: { 'content-type': 'application/xml' } }],
        queueDeliveries: [
          { kind: 'duplicate', count: 3, match: 'export-pages' },
          { kind: 'delay', count: 1, match: 'export-pages', delaySeconds: 120 },
        ],
      }),
      12,
    );
    await expectEveryVersionOnce('503 + duplicate deliveries');
    const transient = (await driver.status()).projects.flatMap((p) => p.errors).filter((e) => e.transient);
    expect(transient.length).toBeGreaterThanOrEqual(1);
  });

  test('a consumer that keeps failing stops the run with the error on the admin page, and Run now resumes it where it stopped', async () => {
    driver.editIssues(allIds().filter((_, i) => i % 5 === 0));
    // The bucket policy no longer lets the role write: AccessDenied is not worth retrying.
    client.sandbox.aws.s3.putBucketPolicy(DEMO_EXPORT.bucket, []);
    await driver.runNow();
    await settleRuns(driver);
    const failed = await driver.status();
    for (const p of failed.projects) {
      expect(p.state).toBe('failed');
      expect(p.run?.error).toMatch(/AccessDenied|not authori[sz]ed|denied/i);
      expect(p.errors.at(-1)).toMatchObject({ transient: false });
    }
    client.sandbox.aws.s3.putBucketPolicy(DEMO_EXPORT.bucket, exportBucketPolicy(DEMO_EXPORT.bucket, 'jira', client.sandbox.awsSeed.automationRole.arn));
    const resumed = await driver.runNow();
    expect(resumed.starts.map((s) => s.outcome)).toEqual(['resumed', 'resumed']);
    await expectEveryVersionOnce('resumed after AccessDenied');
  });
});

describe('Jira → S3 export: time zones, full changelogs, comments and tombstones', () => {
  let client: SandboxClient;
  let driver: ExportDriver;

  beforeAll(async () => {
    client = await SandboxClient.start({ startAt: START });
    driver = new ExportDriver(client);
  });
  afterAll(async () => {
    driver.cleanUp();
    await client.close();
  });

  test.each([
    ['UTC+14', 'Pacific/Kiritimati'],
    ['UTC−12', 'Etc/GMT+12'],
  ])('the app user in %s: issues updated around the watermark are all exported', async (_label, zone) => {
    client.sandbox.jira.store.setUserTimeZone(driver.appAccountId, zone);
    const seeded = driver.seedIssues('OPS', 40, { stepMs: 20_000, perStep: 1 });
    await driver.runNow(['OPS']);
    const watermark = Date.parse((await driver.project('OPS')).watermark as string);
    // Updates just after the watermark, then a run: a zone-blind "yyyy-MM-dd HH:mm" query would shift its window by the zone's offset.
    driver.editIssues(seeded.slice(0, 10).map((i) => i.id), { stepMs: 30_000 });
    driver.seedIssues('OPS', 5, { stepMs: 30_000, perStep: 1 });
    await driver.runNow(['OPS']);
    const records = await driver.records();
    const present = new Set(versionsOf(records));
    expect(driver.currentVersions(['OPS']).filter((v) => !present.has(v))).toEqual([]);
    expect(duplicateVersions(records)).toEqual([]);
    // The trap is real in this Jira: the same lower bound as a wall-clock literal selects other issues for this user.
    const wall = new Date(watermark).toISOString().slice(0, 16).replace('T', ' ');
    const naive = client.sandbox.jira.store.search(driver.appAccountId, `project = OPS AND updated >= "${wall}"`).length;
    const exact = client.sandbox.jira.store.search(driver.appAccountId, `project = OPS AND updated >= ${watermark}`).length;
    expect(naive).not.toBe(exact);
  });

  test('an issue with 300 changelog entries → all 300, oldest first (the embedded changelog holds only 100)', async () => {
    client.sandbox.jira.store.setUserTimeZone(driver.appAccountId, 'UTC');
    const [issue] = driver.seedIssues('ITS', 1);
    driver.editIssues(Array.from({ length: 300 }, () => issue?.id as string), { stepMs: 1000, summary: (i) => `revision ${i + 1}` });
    const embedded = await client.as(client.user('adaAdmin')).post<{ issues: { changelog: { histories: unknown[]; total: number } }[] }>('/rest/api/3/search/jql', { jql: `key = ${issue?.key}`, expand: 'changelog', fields: ['summary'] });
    expect(embedded.body.issues[0]?.changelog).toMatchObject({ total: 300 });
    expect(embedded.body.issues[0]?.changelog.histories).toHaveLength(100);

    await driver.runNow(['ITS']);
    const record = issues(await driver.records()).find((r) => r.issue_id === issue?.id && r.updated_ms === client.sandbox.jira.store.getIssue(issue?.id as string)?.updated);
    expect(record?.changelog).toHaveLength(300);
    expect(record?.changelog_total).toBe(300);
    const summaries = record?.changelog.map((h) => (h.items[0] as { toString?: string }).toString);
    expect(summaries?.[0]).toBe('revision 1');
    expect(summaries?.[299]).toBe('revision 300');
    expect(record?.changelog.map((h) => h.id)).toEqual(client.sandbox.jira.store.getIssue(issue?.id as string)?.histories.map((h) => h.id));
  });

  test('comments are exported with the issue, and custom fields are named as well as identified', async () => {
    const [issue] = driver.seedIssues('ITS', 1);
    driver.silence('avi:jira:commented:issue', 3);
    driver.silence('avi:jira:updated:issue', 3);
    for (const text of ['first', 'second', 'third']) {
      client.sandbox.jira.store.addComment(driver.admin, issue?.id as string, { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } });
    }
    await driver.runNow(['ITS']);
    const record = issues(await driver.records()).filter((r) => r.issue_id === issue?.id).at(-1);
    expect(record?.comments).toHaveLength(3);
    const costCenter = client.sandbox.seed.customFieldIds['Cost center'] as string;
    expect(record?.field_names).toMatchObject({ summary: 'Summary', [costCenter]: 'Cost center', [client.sandbox.seed.customFieldIds.Department as string]: 'Department' });
    expect(Object.keys(record?.fields ?? {})).toContain(costCenter);
  });

  test('a deleted issue → a tombstone record in its project partition, which DuckDB sees', async () => {
    const [issue] = driver.seedIssues('OPS', 1);
    await driver.runNow(['OPS']);
    client.sandbox.jira.store.deleteIssue(driver.admin, issue?.id as string);
    await client.settle();
    expect((await driver.project('OPS')).pendingTombstones).toBe(1);
    await driver.runNow(['OPS']);
    const { dir, keys } = await driver.download();
    expect(keys).toContain(`jira/project=OPS/dt=2026-03-02/tombstone-${issue?.id}.jsonl.gz`);
    const tombstone = driver.recordsIn(dir).find((r) => r.record_type === 'tombstone' && r.issue_id === issue?.id);
    expect(tombstone).toMatchObject({ deleted: true, issue_key: issue?.key, project: 'OPS', fields: null, changelog: [] });
    expect(await driver.duck(dir, `select issue_key, deleted from {{data}} where record_type = 'tombstone'`)).toEqual([{ issue_key: issue?.key, deleted: true }]);
    const ops = await driver.project('OPS');
    expect(ops).toMatchObject({ pendingTombstones: 0, lastRun: { tombstones: 1 } });
  });
});

describe('Jira → S3 export: nothing from a request or a setting reaches JQL unchecked', () => {
  let client: SandboxClient;
  let driver: ExportDriver;
  const base = { bucket: DEMO_EXPORT.bucket, prefix: 'jira', projects: ['ITS', 'OPS'] };

  beforeAll(async () => {
    client = await SandboxClient.start({ startAt: START });
    driver = new ExportDriver(client);
  });
  afterAll(() => client.close());

  const save = (input: Record<string, unknown>) => driver.resolver<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/export/save', { ...base, ...input });

  test.each([
    ['a quote and OR', 'ITS" OR project != "OPS'],
    ['parentheses', 'ITS) OR (1=1'],
    ['ORDER BY', 'ITS ORDER BY created'],
    ['lower case with a space', 'its or'],
  ])('a project key with JQL syntax in it (%s) is refused when saving', async (_label, key) => {
    const result = await save({ projects: ['OPS', key] });
    expect(result.saved).toBe(false);
    expect(result.fieldErrors?.projects).toMatch(/not a Jira project key/);
  });

  test('Run now refuses a project key with JQL syntax, and one that is not exported', async () => {
    for (const projects of [['ITS" OR key is not EMPTY OR project = "OPS'], ['XYZ']]) {
      const result = await driver.call('admin/export/run-now', { projects });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(client.sandbox.platform.log.list({ functionKey: 'on-export-page' })).toHaveLength(0);
  });

  test('a JQL filter that could widen the query is refused; one Jira rejects is refused with Jira’s message', async () => {
    expect((await save({ jqlFilter: 'labels = x) OR (project is not EMPTY' })).fieldErrors?.jqlFilter).toMatch(/no matching/);
    expect((await save({ jqlFilter: 'labels = x ORDER BY created' })).fieldErrors?.jqlFilter).toMatch(/ORDER BY/);
    expect((await save({ jqlFilter: 'summary ~ "unclosed' })).fieldErrors?.jqlFilter).toMatch(/not closed/);
    expect((await save({ jqlFilter: 'nosuchfield = 1' })).fieldErrors?.jqlFilter).toMatch(/Jira does not accept/);
    expect((await save({ fieldRefs: ['summary', 'No such field'] })).fieldErrors?.fieldRefs).toMatch(/no field/);
  });

  test('an accepted filter narrows every project’s query', async () => {
    driver.seedIssues('OPS', 14);
    expect((await save({ jqlFilter: 'labels = "seed-3"', projects: ['OPS'] })).saved).toBe(true);
    await driver.runNow();
    const records = issues(await driver.records());
    expect(records.length).toBe(2);
    expect(records.every((r) => (r.fields?.labels as string[]).includes('seed-3'))).toBe(true);
  });
});
