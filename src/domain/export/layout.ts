/**
 * Where exported objects go. Data sits under Hive partitions `project=KEY/dt=YYYY-MM-DD/`, so
 * Athena, Glue and DuckDB prune by project and day; manifests sit under `_manifests/`, which
 * Hive-style readers skip (names starting with `_`). Every key is a function of the run and the
 * page only, so a resumed run writes the same keys again and overwrites instead of duplicating.
 * `dt` is the run's date (the day its window ends, UTC): a page never straddles partitions.
 */

export const MANIFEST_FORMAT = 'provisio-export-manifest/1';

/** `20261121T100000123Z`: the run's window end, sortable and unique per window. */
export function runIdFor(toMs: number): string {
  return new Date(toMs).toISOString().replace(/[-:.]/g, '');
}

export const partitionDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const join = (prefix: string, rest: string) => (prefix ? `${prefix}/${rest}` : rest);
const pageName = (page: number) => `p${String(page).padStart(6, '0')}`;

export function dataKey(prefix: string, project: string, dt: string, runId: string, page: number): string {
  return join(prefix, `project=${project}/dt=${dt}/${runId}-${pageName(page)}.jsonl.gz`);
}

export function dataManifestKey(prefix: string, project: string, dt: string, runId: string, page: number): string {
  return join(prefix, `_manifests/project=${project}/dt=${dt}/${runId}-${pageName(page)}.json`);
}

/** One object per deleted issue: an issue is deleted once, so a repeated delivery overwrites it. */
export function tombstoneKey(prefix: string, project: string, dt: string, issueId: string): string {
  return join(prefix, `project=${project}/dt=${dt}/tombstone-${issueId}.jsonl.gz`);
}

export function tombstoneManifestKey(prefix: string, project: string, dt: string, issueId: string): string {
  return join(prefix, `_manifests/project=${project}/dt=${dt}/tombstone-${issueId}.json`);
}

/** The per-batch manifest: enough to check a batch is complete and intact without reading Jira. */
export interface BatchManifest {
  format: typeof MANIFEST_FORMAT;
  kind: 'issues' | 'tombstones';
  project: string;
  runId: string;
  batch: string;
  object: { key: string; bytes: number; sha256: string; contentEncoding: 'gzip'; format: 'jsonl' };
  counts: { records: number; issues: number; tombstones: number; changelogEntries: number; duplicatesSkipped: number };
  /** The run's window and the range of `updated` in this batch (epoch ms and ISO). */
  watermark: { windowFrom: string; windowTo: string; windowFromMs: number; windowToMs: number; firstUpdated: string | null; lastUpdated: string | null };
  writtenAt: string;
}

export function batchName(page: number): string {
  return pageName(page);
}
