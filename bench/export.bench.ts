import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { S3Client } from '@aws-sdk/client-s3';
import { DEMO_EXPORT } from '../sandbox/export-demo';
import type { SaveResult } from '../src/shared/resolver-contract';
import { inProcessHandler } from '../test/aws/helpers/in-process-handler';
import { ExportDriver } from '../test/helpers/export-driver';
import { SandboxClient } from '../test/helpers/sandbox-client';
import { runInHouseExport } from './export-baseline';

/**
 * The Jira → S3 export against the customers' in-house job (bench/export-baseline.ts), in one run
 * on the same sandbox data: a project of 1,000 and one of 50,000 issues (each with 2 changelog
 * entries, so every embedded changelog is complete), updated over six hours of virtual time.
 * For each: Jira requests (per 1,000 issues), the app's CPU time (the process's CPU minus what the
 * platform below the app and the stand-ins spent serving it), peak live memory (heap plus array buffers after a
 * forced GC at sampled calls, above the level before the run, less the bytes the S3 stand-in now
 * holds), and bytes written to S3. Numbers are printed, not asserted. EXPORT_BENCH_SIZES=1000 runs
 * the small size only.
 */
const SIZES = (process.env.EXPORT_BENCH_SIZES ?? '1000,50000').split(',').map(Number).filter((n) => n > 0);
const HISTORY_MS = 6 * 3_600_000;
const EDITS_PER_ISSUE = 2;
const MEMORY_SAMPLES = 25;
const FIELDS = ['summary', 'status', 'issuetype', 'assignee', 'reporter', 'created', 'resolutiondate', 'labels', 'updated', 'project'];

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Sample {
  variant: string;
  size: number;
  jiraRequests: number;
  cpuMs: number;
  peakBytes: number;
  keptBytes: number;
  bytesWritten: number;
  objects: number;
  wallMs: number;
  note: string;
}

/** Wraps the stand-ins so a run's own cost can be told from theirs, and samples live memory at their calls. */
function instrument(sandbox: SandboxClient['sandbox']) {
  const state = { standInCpu: 0, jira: 0, puts: 0, putBytes: 0, every: 1, calls: 0, base: 0, samples: [] as { live: number; puts: number; putBytes: number }[] };
  const spent = (start: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(start);
    return d.user + d.system;
  };
  const live = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  // Runs inside a measured (outside-the-app) call, so the GC's CPU is not the app's either.
  const sample = () => {
    state.calls += 1;
    if (state.calls % state.every !== 0) return;
    gc();
    state.samples.push({ live: live(), puts: state.puts, putBytes: state.putBytes });
  };
  // Everything below the app's own code is not the app: the Forge runtime's calls out (`__forge_fetch__`
  // for Jira, KVS and queues; `fetch` through egress for AWS) and the stand-ins the in-house job calls
  // directly. Only the outermost of nested measured calls counts.
  let depth = 0;
  const outside = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    if (depth > 0) return fn(...args);
    depth += 1;
    const start = process.cpuUsage();
    try {
      return await fn(...args);
    } finally {
      depth -= 1;
      state.standInCpu += spent(start);
    }
  };
  const handlers = (globalThis as { __sandboxForgeHandlers__?: { forgeFetch: (...a: never[]) => Promise<Response>; externalFetch: (...a: never[]) => Promise<Response> } }).__sandboxForgeHandlers__;
  if (!handlers) throw new Error('bench: the sandbox platform is not installed');
  handlers.forgeFetch = outside(handlers.forgeFetch);
  handlers.externalFetch = outside(handlers.externalFetch);
  const jira = sandbox.jira.fetchAs.bind(sandbox.jira);
  sandbox.jira.fetchAs = outside(async (accountId: string, request: Request) => {
    state.jira += 1;
    sample();
    return jira(accountId, request);
  });
  const aws = sandbox.aws.handle.bind(sandbox.aws);
  sandbox.aws.handle = outside(async (request: Request) => {
    if (request.method === 'PUT') {
      state.puts += 1;
      sample();
    }
    const response = await aws(request);
    if (request.method === 'PUT' && response.ok) state.putBytes += Number(request.headers.get('content-length') ?? 0);
    return response;
  });
  return {
    /** Starts a measured window; `expectedCalls` spreads the memory samples over it. */
    begin(expectedCalls: number) {
      Object.assign(state, { standInCpu: 0, jira: 0, puts: 0, putBytes: 0, calls: 0, samples: [], every: Math.max(1, Math.round(expectedCalls / MEMORY_SAMPLES)) });
      gc();
      state.base = live();
      return { cpu: process.cpuUsage(), wall: performance.now() };
    },
    end(started: { cpu: NodeJS.CpuUsage; wall: number }) {
      const total = spent(started.cpu);
      gc();
      // Once the run is over the app holds nothing (no module state): what is left above the start is
      // what the stand-ins keep (object bodies, their metadata, request logs), which grows per PUT.
      const kept = live() - state.base;
      const keptPerPut = state.puts > 0 ? (kept - state.putBytes) / state.puts : 0;
      const working = state.samples.map((x) => x.live - state.base - x.putBytes - keptPerPut * x.puts);
      return {
        cpuMs: (total - state.standInCpu) / 1000,
        wallMs: performance.now() - started.wall,
        jira: state.jira,
        puts: state.puts,
        putBytes: state.putBytes,
        peakBytes: Math.max(0, ...working),
        keptBytes: kept,
      };
    },
  };
}

/** `size` issues in one project, created and edited over six hours of virtual time, no trigger bothered. */
function seed(driver: ExportDriver, project: 'ITS' | 'OPS', size: number): void {
  const { store } = driver.sandbox.jira;
  driver.silence('avi:jira:created:issue', size);
  driver.silence('avi:jira:updated:issue', size * EDITS_PER_ISSUE);
  const step = HISTORY_MS / size;
  let owed = 0;
  for (let i = 0; i < size; i += 1) {
    const issue = store.createIssue(driver.admin, { project, issueType: { name: project === 'ITS' ? 'Service Request' : 'Task' }, summary: `${project} bench issue ${i}`, labels: [`bench-${i % 13}`] });
    for (let e = 0; e < EDITS_PER_ISSUE; e += 1) store.editIssue(driver.admin, issue.id, { fields: { summary: `${project} bench issue ${i} v${e + 2}` } });
    owed += step;
    if (owed >= 1) {
      driver.sandbox.platform.clock.advance(Math.floor(owed));
      owed -= Math.floor(owed);
    }
  }
}

const objectsUnder = (client: SandboxClient, prefix: string) => client.sandbox.aws.s3.objects(DEMO_EXPORT.bucket, prefix);

async function measureSize(size: number): Promise<Sample[]> {
  const client = await SandboxClient.start({ startAt: Date.UTC(2026, 2, 2, 0, 0, 0) });
  try {
    const driver = new ExportDriver(client);
    // Runs happen when the bench says, not when the hour strikes during seeding.
    const saved = await driver.resolver<SaveResult>('admin/export/save', { bucket: DEMO_EXPORT.bucket, prefix: DEMO_EXPORT.prefix, projects: ['OPS'], fieldRefs: FIELDS.filter((f) => f !== 'updated' && f !== 'project'), scheduleHours: 0 });
    if (!saved.saved) throw new Error('bench: the export settings were refused');
    seed(driver, 'OPS', size);
    await client.sandbox.platform.settle();
    const meter = instrument(client.sandbox);

    // Provisio: Run now, then every hop until the run is done.
    let window = meter.begin((size / 100) * 3);
    const logStart = client.sandbox.platform.log.list().length;
    await driver.runNow(['OPS']);
    let m = meter.end(window);
    // Only the export's own calls (Run now's admin check is the resolver's, not the export's).
    const hops = client.sandbox.platform.log.list().slice(logStart).filter((r) => r.functionKey === 'on-export-page');
    const exportJira = hops.reduce((n, r) => n + (r.calls.jira ?? 0), 0);
    const ops = await driver.project('OPS');
    if (ops.lastRun?.status !== 'succeeded' || ops.lastRun.records !== size) throw new Error(`bench: the export did not finish cleanly: ${JSON.stringify(ops.lastRun)}`);
    const exported = objectsUnder(client, `${DEMO_EXPORT.prefix}/`);
    const provisio: Sample = {
      variant: 'provisio',
      size,
      jiraRequests: exportJira,
      cpuMs: m.cpuMs,
      peakBytes: m.peakBytes,
      keptBytes: m.keptBytes,
      bytesWritten: exported.reduce((n, o) => n + o.body.length, 0),
      objects: exported.length,
      wallMs: m.wallMs,
      note: `${ops.lastRun.pages} pages of up to 100 in ${hops.length} hops, full changelogs, manifests, de-duplication, checkpoint per page (${m.jira - exportJira} more Jira call by Run now's admin check)`,
    };

    // The in-house job, on the same data, as the app user (same Jira, same S3 stand-in, same wire).
    const s3 = new S3Client({
      region: client.sandbox.awsSeed.region,
      credentials: client.sandbox.awsSeed.orgAdmin,
      maxAttempts: 1,
      requestHandler: inProcessHandler((r) => client.sandbox.aws.handle(r)),
    });
    const jira = (path: string, body: unknown) =>
      client.sandbox.jira.fetchAs(driver.appAccountId, new Request(`${client.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }));
    window = meter.begin((size / 50) * 1.25);
    const outcome = await runInHouseExport('OPS', '1970-01-01 00:00', { jira, s3, bucket: DEMO_EXPORT.bucket, prefix: 'in-house', fields: FIELDS });
    m = meter.end(window);
    if (outcome.issues !== size) throw new Error(`bench: the in-house job read ${outcome.issues} issues, not ${size}`);
    const written = objectsUnder(client, 'in-house/');
    const inHouse: Sample = {
      variant: 'in-house',
      size,
      jiraRequests: m.jira,
      cpuMs: m.cpuMs,
      peakBytes: m.peakBytes,
      keptBytes: m.keptBytes,
      bytesWritten: written.reduce((n, o) => n + o.body.length, 0),
      objects: written.length,
      wallMs: m.wallMs,
      note: `pages of 50, a flush per 4 pages, embedded changelogs only (${outcome.truncatedChangelogs} cut), last ingest "${outcome.lastIngest}" read in the app user's zone`,
    };
    return [provisio, inHouse];
  } finally {
    await client.close();
  }
}

function table(samples: Sample[]): string {
  const header = ['issues', 'exporter', 'Jira req', 'req/1k', 'app CPU ms', 'CPU ms/1k', 'peak MB', 'kept MB', 'S3 bytes', 'objects', 'wall s'];
  const rows = samples.map((s) => [
    String(s.size),
    s.variant,
    String(s.jiraRequests),
    ((s.jiraRequests * 1000) / s.size).toFixed(1),
    s.cpuMs.toFixed(0),
    ((s.cpuMs * 1000) / s.size).toFixed(1),
    (s.peakBytes / 2 ** 20).toFixed(1),
    (s.keptBytes / 2 ** 20).toFixed(1),
    String(s.bytesWritten),
    String(s.objects),
    (s.wallMs / 1000).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export async function run(): Promise<string> {
  const samples: Sample[] = [];
  for (const size of SIZES) samples.push(...(await measureSize(size)));
  const notes = samples.map((s) => `  ${s.size} ${s.variant}: ${s.note}`);
  const goals = samples
    .filter((s) => s.variant === 'provisio')
    .map((s) => `  ${s.size}: ${((s.jiraRequests * 1000) / s.size).toFixed(1)} Jira requests per 1,000 issues (goal ≤ 10), peak ${(s.peakBytes / 2 ** 20).toFixed(1)} MB`);
  return [
    'Jira → S3 export vs the in-house job, same sandbox data (project OPS; 2 changelog entries per issue, all complete).',
    'App CPU = process CPU minus the platform below the app (Forge runtime calls: Jira, KVS, queue, egress) and the stand-ins. Peak = the largest live heap + buffers (after a forced GC, at ~25 sampled calls)',
    'above the pre-run level, less what the stand-ins keep by then (object bodies, plus their per-object bookkeeping, measured after the run as "kept").',
    '',
    table(samples),
    '',
    'Goals:',
    ...goals,
    '',
    'Notes:',
    ...notes,
  ].join('\n');
}
