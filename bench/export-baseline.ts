import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * The customers' in-house job, as the issue describes it, for the export bench to compare with:
 * JQL on `updated` from the last ingest time (a `yyyy-MM-dd HH:mm` literal, which Jira reads in
 * the caller's time zone), offset paging 50 at a time with the embedded changelog, a flush to S3
 * every four pages, and the last ingest time kept per project. No full changelog, no
 * de-duplication, no tombstones, no checkpoint within a run.
 *
 * Offset paging: the job asked the removed `/rest/api/3/search` for `startAt=N&maxResults=50`,
 * which now answers 410, and `/search/jql` has no `startAt`. Walking `/search/jql`'s page tokens
 * at 50 per page issues exactly the requests offset paging did (one per 50 issues, in order), so
 * the job keeps its offset only for naming its objects, as it did. Requests, bytes and memory are
 * therefore what the in-house job costs; its losses (zone, truncated changelogs) are not fixed.
 */
export interface BaselineDeps {
  jira(path: string, body: unknown): Promise<Response>;
  s3: S3Client;
  bucket: string;
  prefix: string;
  fields: string[];
}

export interface BaselineOutcome {
  issues: number;
  objects: number;
  bytes: number;
  lastIngest: string;
  /** Issues whose changelog the job wrote cut short (embedded copy only). */
  truncatedChangelogs: number;
}

const PAGE = 50;
const FLUSH_EVERY_PAGES = 4;

const wallClock = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export async function runInHouseExport(project: string, lastIngest: string, deps: BaselineDeps): Promise<BaselineOutcome> {
  const jql = `project = ${project} AND updated >= "${lastIngest}" ORDER BY updated ASC`;
  let startAt = 0;
  let token: string | undefined;
  let buffer: Record<string, unknown>[] = [];
  let pages = 0;
  const out: BaselineOutcome = { issues: 0, objects: 0, bytes: 0, lastIngest, truncatedChangelogs: 0 };
  let maxUpdated = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const body = gzipSync(Buffer.from(buffer.map((i) => JSON.stringify(i)).join('\n'), 'utf8'));
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: `${deps.prefix}/${project}/${lastIngest.replace(/\D/g, '')}-${startAt}.json.gz`, Body: body }));
    out.objects += 1;
    out.bytes += body.length;
    buffer = [];
  };
  for (;;) {
    const response = await deps.jira('/rest/api/3/search/jql', { jql, maxResults: PAGE, fields: deps.fields, expand: 'changelog', ...(token ? { nextPageToken: token } : {}) });
    if (!response.ok) throw new Error(`search answered ${response.status}`);
    const page = (await response.json()) as { issues: { fields: { updated: string }; changelog?: { total: number; histories: unknown[] } }[]; nextPageToken?: string };
    for (const issue of page.issues) {
      maxUpdated = Math.max(maxUpdated, Date.parse(issue.fields.updated.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
      if (issue.changelog && issue.changelog.histories.length < issue.changelog.total) out.truncatedChangelogs += 1;
    }
    buffer.push(...(page.issues as unknown as Record<string, unknown>[]));
    out.issues += page.issues.length;
    pages += 1;
    startAt += PAGE;
    if (pages % FLUSH_EVERY_PAGES === 0) await flush();
    token = page.nextPageToken;
    if (!token) break;
  }
  await flush();
  out.lastIngest = maxUpdated > 0 ? wallClock(maxUpdated) : lastIngest;
  return out;
}
