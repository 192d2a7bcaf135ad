import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IssueRecord as JiraIssue } from '../../sandbox/jira';
import { DEMO_EXPORT } from '../../sandbox/export-demo';
import type { ExportRecord } from '../../src/domain/export/records';
import type { ExportProjectStatus, ExportRunNowResult, ExportStatusView } from '../../src/shared/export-contract';
import type { SandboxClient } from './sandbox-client';

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * Drives the Jira → S3 export in a sandbox: seeds issues straight into the Jira stand-in's store
 * (thousands of HTTP calls would only slow the tests down), calls the admin resolvers as the demo
 * site admin, and reads the bucket back with the official S3 client over HTTP, the way a data
 * team would, into a temp directory a real SQL engine (DuckDB) can query.
 */
export class ExportDriver {
  private readonly s3: S3Client;

  constructor(readonly client: SandboxClient) {
    const { accessKeyId, secretAccessKey } = client.sandbox.awsSeed.orgAdmin;
    this.s3 = new S3Client({
      endpoint: `${client.url}/__standin/aws`,
      region: client.sandbox.awsSeed.region,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
  }

  get sandbox() {
    return this.client.sandbox;
  }

  get admin(): string {
    return this.sandbox.seed.users.adaAdmin.accountId;
  }

  get appAccountId(): string {
    return this.sandbox.platform.installation.appAccountId;
  }

  async call<T>(functionKey: string, payload: unknown = {}): Promise<Result<T>> {
    return (await this.sandbox.platform.invokeResolver({ moduleKey: 'provisio-admin', functionKey, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: this.admin })) as Result<T>;
  }

  async resolver<T>(functionKey: string, payload: unknown = {}): Promise<T> {
    const result = await this.call<T>(functionKey, payload);
    if (!result.ok) throw new Error(`${functionKey}: ${result.error.message}`);
    return result.data;
  }

  /** Drops the next `events` product events of a type before any trigger sees them (seeding is not what the tests are about). */
  silence(eventType: string, events: number): void {
    const triggers = this.sandbox.platform.manifest.triggers.filter((t) => t.events.includes(eventType)).length;
    // A rule covers at most 100,000 deliveries; larger silences take several.
    for (let left = events * triggers; left > 0; left -= 100_000) this.sandbox.platform.faults.add({ productEvents: [{ kind: 'drop', count: Math.min(left, 100_000), match: eventType }] });
  }

  /** Creates `count` issues in a project, advancing the clock `stepMs` after every `perStep` of them (so some share an `updated` instant). */
  seedIssues(project: 'ITS' | 'OPS', count: number, opts: { stepMs?: number; perStep?: number } = {}): JiraIssue[] {
    const { stepMs = 50, perStep = 2 } = opts;
    this.silence('avi:jira:created:issue', count);
    const out: JiraIssue[] = [];
    for (let i = 0; i < count; i += 1) {
      out.push(this.sandbox.jira.store.createIssue(this.admin, { project, issueType: { name: project === 'ITS' ? 'Service Request' : 'Task' }, summary: `${project} issue ${i}`, labels: [`seed-${i % 7}`] }));
      if ((i + 1) % perStep === 0) this.sandbox.platform.clock.advance(stepMs);
    }
    return out;
  }

  /** Edits each issue once (a new `updated` and one more changelog entry). */
  editIssues(issueIds: readonly string[], opts: { stepMs?: number; summary?: (i: number) => string } = {}): void {
    this.silence('avi:jira:updated:issue', issueIds.length);
    issueIds.forEach((id, i) => {
      this.sandbox.jira.store.editIssue(this.admin, id, { fields: { summary: opts.summary?.(i) ?? `edited ${i} at ${Date.now()}` } });
      this.sandbox.platform.clock.advance(opts.stepMs ?? 7);
    });
  }

  async runNow(projects?: string[]): Promise<ExportRunNowResult> {
    const result = await this.resolver<ExportRunNowResult>('admin/export/run-now', projects ? { projects } : {});
    // In-process: a 50,000-issue run outlasts what an HTTP client waits for an answer.
    await this.sandbox.platform.settle();
    return result;
  }

  async status(): Promise<ExportStatusView> {
    return this.resolver<ExportStatusView>('admin/export/status');
  }

  async project(key: string): Promise<ExportProjectStatus> {
    const found = (await this.status()).projects.find((p) => p.project === key);
    if (!found) throw new Error(`no export status for ${key}`);
    return found;
  }

  /** Every issue of the exported projects as Jira has it now: `id@updatedMs`. */
  currentVersions(projects: readonly string[] = DEMO_EXPORT.projects): string[] {
    return this.sandbox.jira.store.search(this.admin, `project in (${projects.join(', ')})`).map((i) => `${i.id}@${i.updated}`);
  }

  /** Downloads the bucket under the prefix with the S3 client (ListObjectsV2 pages, then GetObject each) into a fresh temp dir. */
  async download(): Promise<{ dir: string; keys: string[] }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provisio-export-'));
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: DEMO_EXPORT.bucket, Prefix: `${DEMO_EXPORT.prefix}/`, MaxKeys: 200, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.NextContinuationToken;
    } while (token);
    for (const key of keys) {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: DEMO_EXPORT.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      const file = path.join(dir, key);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    }
    this.dirs.push(dir);
    return { dir, keys };
  }

  private readonly dirs: string[] = [];

  /** All records in the downloaded files. */
  recordsIn(dir: string): ExportRecord[] {
    const out: ExportRecord[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.jsonl.gz')) out.push(...gunzipSync(readFileSync(p)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExportRecord));
      }
    };
    walk(dir);
    return out;
  }

  async records(): Promise<ExportRecord[]> {
    return this.recordsIn((await this.download()).dir);
  }

  /** Runs SQL in DuckDB; `{{data}}` stands for the exported files, read as Hive-partitioned JSON Lines. */
  async duck(dir: string, sql: string): Promise<Record<string, unknown>[]> {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const source = `read_json_auto('${path.join(dir, DEMO_EXPORT.prefix)}/project=*/dt=*/*.jsonl.gz', hive_partitioning = true, union_by_name = true)`;
      const reader = await connection.runAndReadAll(sql.replace(/\{\{data\}\}/g, source));
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  }

  cleanUp(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** (issue id, updated) pairs that occur more than once. */
export function duplicateVersions(records: readonly ExportRecord[]): string[] {
  const seen = new Map<string, number>();
  for (const r of records) seen.set(`${r.issue_id}@${r.updated_ms}`, (seen.get(`${r.issue_id}@${r.updated_ms}`) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
