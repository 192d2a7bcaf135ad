import { UpstreamError } from '../domain/errors';
import type { ExportSettings } from '../domain/export/export-settings';
import {
  checkpoint,
  failRun,
  finishRun,
  handOver,
  noteTransientFailure,
  pruneSeen,
  restartWithoutToken,
  type PageOutcome,
  type ProjectExportState,
  type ProjectRun,
  type RunSummary,
} from '../domain/export/export-state';
import { exportJql } from '../domain/export/jql';
import { batchName, dataKey, dataManifestKey, MANIFEST_FORMAT, tombstoneKey, tombstoneManifestKey, partitionDate, type BatchManifest } from '../domain/export/layout';
import {
  issueRecord,
  isoUtc,
  jsonLines,
  parseJiraTime,
  readEmbedded,
  snapshotEntries,
  tombstoneRecord,
  versionKey,
  type ExportRecord,
  type IssueBean,
} from '../domain/export/records';
import { ISSUE_STREAM, type EmbeddedCollection } from '../domain/export/streams';
import { classifyExportFailure, retryDelaySeconds } from './export-failures';
import { StalePageTokenError, type ExportDeps, type ExportHopEvent, type ObjectStore, type SearchPage } from './export-ports';

/** One hop exports at most this many pages, or stops after this much real time, then hands over to a new event. */
export const HOP_LIMITS = { pages: 25, budgetMs: 60_000 };
/** A run stops and asks a person after this many transient failures in a row. */
export const MAX_TRANSIENT_FAILURES = 8;
const TOMBSTONES_PER_RUN = 500;
const JSONL_CONTENT_TYPE = 'application/gzip';

export type HopOutcome =
  | { kind: 'stale' }
  | { kind: 'not-configured' }
  | { kind: 'continued'; pages: number }
  | { kind: 'finished'; pages: number; summary: RunSummary }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

interface Hop {
  deps: ExportDeps;
  settings: ExportSettings;
  project: string;
  state: ProjectExportState;
  version: number;
  seen: Set<string>;
}

/**
 * One hop of a project's export run (the consumer of the export queue). It owns the run only if
 * the event's hop token is the run's current one, so duplicates and stale retries do nothing.
 * It exports page after page, checkpointing after each, until the run is done or the hop's
 * budget is spent, and then hands the run to a new event. A crash or timeout loses at most the
 * page in flight: the platform retries the event and the run resumes at its last checkpoint,
 * rewriting that page's objects under the same keys.
 */
export async function exportProjectPages(event: ExportHopEvent, deps: ExportDeps, limits = HOP_LIMITS): Promise<HopOutcome> {
  const settings = await deps.settings.get();
  if (!settings) return { kind: 'not-configured' };
  const { state, version } = await deps.state.get(event.project);
  const run = state.run;
  if (!run || run.runId !== event.runId || run.hop !== event.hop || run.status !== 'running') return { kind: 'stale' };
  const hop: Hop = { deps, settings, project: event.project, state, version, seen: new Set() };
  if (!settings.projects.includes(event.project)) {
    hop.version = await deps.state.save(failRun(state, `${event.project} is no longer among the exported projects.`, deps.now()), version);
    return { kind: 'failed', reason: 'project removed from the export settings' };
  }
  try {
    hop.seen = await deps.state.seen(event.project);
    const store = await deps.objectStore(settings);
    let pages = 0;
    for (;;) {
      const current = hop.state.run as ProjectRun;
      if (current.paged) return await finish(hop, store, pages);
      if (pages >= limits.pages || deps.elapsedMs() > limits.budgetMs) {
        // Push first: the new event shares this project's concurrency key, so it cannot start before this hop ends.
        const next = deps.newHop();
        await deps.queue.push({ project: event.project, runId: current.runId, hop: next });
        hop.version = await deps.state.save(handOver(hop.state, next, deps.now()), hop.version);
        return { kind: 'continued', pages };
      }
      let page: SearchPage;
      try {
        page = await deps.source.search({
          jql: exportJql({ project: event.project, fromMs: current.queryFromMs, toMs: current.toMs, ...(settings.jqlFilter ? { filter: settings.jqlFilter } : {}) }),
          fields: searchFields(settings),
          expand: searchExpand(settings),
          maxResults: ISSUE_STREAM.paginator.requestedSize,
          ...(current.nextPageToken ? { nextPageToken: current.nextPageToken } : {}),
        });
      } catch (error) {
        if (error instanceof StalePageTokenError && current.nextPageToken) {
          hop.state = { ...hop.state, run: restartWithoutToken(current) };
          continue;
        }
        throw error;
      }
      const { outcome, newSeen } = await exportPage(hop, store, current, page);
      for (const key of newSeen) hop.seen.add(key);
      hop.state = { ...hop.state, run: checkpoint(current, outcome, deps.now()) };
      hop.version = await deps.state.save(hop.state, hop.version, newSeen.length > 0 ? [...hop.seen] : undefined);
      pages += 1;
    }
  } catch (error) {
    return recordFailure(hop, error);
  }
}

function searchFields(settings: ExportSettings): string[] {
  const extra = ISSUE_STREAM.embedded.filter((c) => enabled(c, settings) && c.request.field).map((c) => c.request.field as string);
  return [...new Set([...ISSUE_STREAM.requiredFields, ...settings.fields.map((f) => f.id), ...extra])];
}

function searchExpand(settings: ExportSettings): string[] {
  const extra = ISSUE_STREAM.embedded.filter((c) => enabled(c, settings) && c.request.expand).map((c) => c.request.expand as string);
  return [...new Set([...ISSUE_STREAM.expand, ...extra])];
}

const enabled = (c: EmbeddedCollection, settings: ExportSettings) => !c.setting || settings[c.setting];

/** Builds the page's records (dropping versions already exported), completes cut collections, writes the batch and its manifest. */
async function exportPage(hop: Hop, store: ObjectStore, run: ProjectRun, page: SearchPage): Promise<{ outcome: PageOutcome; newSeen: string[] }> {
  const { settings, deps } = hop;
  const kept: { bean: IssueBean; updatedMs: number }[] = [];
  let duplicates = 0;
  let last: PageOutcome['last'];
  const positions: { id: string; updatedMs: number }[] = [];
  for (const bean of page.issues) {
    const updatedMs = parseJiraTime(bean.fields?.updated);
    if (updatedMs === undefined) throw new UpstreamError(`Jira returned ${bean.key} without a readable "updated" time; the export stops rather than guess.`, 422);
    positions.push({ id: String(bean.id), updatedMs });
    last = { updatedMs, issueId: String(bean.id) };
    const tie = run.resumeAfter && run.resumeAfter.updatedMs === updatedMs && run.resumeAfter.ids.includes(String(bean.id));
    if (tie || hop.seen.has(versionKey(String(bean.id), updatedMs))) {
      duplicates += 1;
      continue;
    }
    kept.push({ bean, updatedMs });
  }
  const idsAtLast = last ? positions.filter((p) => p.updatedMs === (last as { updatedMs: number }).updatedMs).map((p) => p.id) : [];

  const collections = ISSUE_STREAM.embedded.filter((c) => enabled(c, settings));
  const complete = new Map<string, Map<string, { entries: unknown[]; order: EmbeddedCollection['embeddedOrder'] }>>();
  const completed = new Set<string>();
  for (const def of collections) {
    const byIssue = new Map<string, { entries: unknown[]; order: EmbeddedCollection['embeddedOrder'] }>();
    const cut: string[] = [];
    for (const { bean } of kept) {
      const embedded = readEmbedded(bean, def);
      if (embedded.complete) byIssue.set(String(bean.id), { entries: embedded.entries, order: def.embeddedOrder });
      else cut.push(String(bean.id));
    }
    for (const [issueId, entries] of await completeCollection(deps, def, cut)) byIssue.set(issueId, { entries, order: 'oldest-first' });
    cut.forEach((id) => completed.add(id));
    complete.set(def.name, byIssue);
  }

  const exportedAt = isoUtc(deps.now());
  const records: ExportRecord[] = kept.map(({ bean, updatedMs }) => {
    const collection = (name: EmbeddedCollection['name']) => {
      const def = collections.find((c) => c.name === name);
      const got = complete.get(name)?.get(String(bean.id));
      return def && got ? snapshotEntries(got.entries, got.order, def.createdMember, updatedMs) : undefined;
    };
    const comments = collection('comments');
    return issueRecord({
      bean,
      project: hop.project,
      updatedMs,
      fields: settings.fields,
      names: page.names,
      changelog: collection('changelog') ?? [],
      ...(comments ? { comments } : {}),
      runId: run.runId,
      exportedAt,
    });
  });

  let bytes = 0;
  if (records.length > 0) {
    const pageNumber = run.pages + 1;
    const key = dataKey(settings.prefix, hop.project, run.dt, run.runId, pageNumber);
    const batch = deps.encoder.gzip(jsonLines(records));
    await store.put(key, batch.body, { contentType: JSONL_CONTENT_TYPE, sha256Base64: batch.sha256Base64 });
    const manifest: BatchManifest = {
      format: MANIFEST_FORMAT,
      kind: 'issues',
      project: hop.project,
      runId: run.runId,
      batch: batchName(pageNumber),
      object: { key, bytes: batch.body.length, sha256: batch.sha256Hex, contentEncoding: 'gzip', format: 'jsonl' },
      counts: { records: records.length, issues: records.length, tombstones: 0, changelogEntries: records.reduce((n, r) => n + r.changelog.length, 0), duplicatesSkipped: duplicates },
      watermark: window(run, records),
      writtenAt: exportedAt,
    };
    const encoded = deps.encoder.json(manifest);
    await store.put(dataManifestKey(settings.prefix, hop.project, run.dt, run.runId, pageNumber), encoded.body, { contentType: 'application/json', sha256Base64: encoded.sha256Base64 });
    bytes = batch.body.length + encoded.body.length;
  }

  // Versions in the overlap the next run reads again are remembered, so that run skips them.
  const overlapStart = run.toMs - settings.overlapMinutes * 60_000;
  const newSeen = records.filter((r) => r.updated_ms >= overlapStart).map((r) => versionKey(r.issue_id, r.updated_ms));
  return {
    outcome: { ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}), records: records.length, duplicates, bytes, completions: completed.size, ...(last ? { last } : {}), idsAtLast },
    newSeen,
  };
}

function window(run: ProjectRun, records: readonly ExportRecord[]): BatchManifest['watermark'] {
  return {
    windowFrom: isoUtc(run.fromMs),
    windowTo: isoUtc(run.toMs),
    windowFromMs: run.fromMs,
    windowToMs: run.toMs,
    firstUpdated: records[0]?.updated ?? null,
    lastUpdated: records[records.length - 1]?.updated ?? null,
  };
}

/** The whole collection for each issue whose embedded copy was cut, from the endpoint the stream names. */
async function completeCollection(deps: ExportDeps, def: EmbeddedCollection, issueIds: readonly string[]): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  if (issueIds.length === 0) return out;
  const spec = def.complete;
  if (spec.kind === 'bulk') {
    for (let i = 0; i < issueIds.length; i += spec.maxIssuesPerRequest) {
      const chunk = issueIds.slice(i, i + spec.maxIssuesPerRequest);
      for (const id of chunk) out.set(id, []);
      let token: string | undefined;
      do {
        const page = await deps.source.bulkChangelogs({ path: spec.path, issueIds: chunk, maxResults: spec.maxResults, ...(token ? { nextPageToken: token } : {}) });
        for (const [id, entries] of page.byIssue) out.get(id)?.push(...entries);
        token = page.nextPageToken;
      } while (token);
    }
    return out;
  }
  for (const issueId of issueIds) {
    const entries: unknown[] = [];
    for (;;) {
      const page = await deps.source.comments({ pathTemplate: spec.pathTemplate, issueId, startAt: entries.length, maxResults: spec.maxResults });
      entries.push(...page.values);
      if (page.values.length === 0 || entries.length >= page.total) break;
    }
    out.set(issueId, entries);
  }
  return out;
}

/** Writes the project's pending tombstones, moves the watermark and forgets versions no later run can read again. */
async function finish(hop: Hop, store: ObjectStore, pages: number): Promise<HopOutcome> {
  const { deps, settings, project } = hop;
  const run = hop.state.run as ProjectRun;
  const pending = await deps.state.pendingTombstones(project, TOMBSTONES_PER_RUN);
  const exportedAt = isoUtc(deps.now());
  const withComments = settings.includeComments;
  for (const t of pending) {
    const dt = partitionDate(t.deletedAtMs);
    const key = tombstoneKey(settings.prefix, project, dt, t.issueId);
    const record = tombstoneRecord(t, run.runId, exportedAt, withComments);
    const batch = deps.encoder.gzip(jsonLines([record]));
    await store.put(key, batch.body, { contentType: JSONL_CONTENT_TYPE, sha256Base64: batch.sha256Base64 });
    const manifest: BatchManifest = {
      format: MANIFEST_FORMAT,
      kind: 'tombstones',
      project,
      runId: run.runId,
      batch: `tombstone-${t.issueId}`,
      object: { key, bytes: batch.body.length, sha256: batch.sha256Hex, contentEncoding: 'gzip', format: 'jsonl' },
      counts: { records: 1, issues: 0, tombstones: 1, changelogEntries: 0, duplicatesSkipped: 0 },
      watermark: window(run, [record]),
      writtenAt: exportedAt,
    };
    const encoded = deps.encoder.json(manifest);
    await store.put(tombstoneManifestKey(settings.prefix, project, dt, t.issueId), encoded.body, { contentType: 'application/json', sha256Base64: encoded.sha256Base64 });
    await deps.state.removeTombstone(project, t.issueId);
  }
  const finished = finishRun(hop.state, deps.now(), pending.length);
  const seen = pruneSeen(hop.seen, run.toMs - settings.overlapMinutes * 60_000);
  hop.version = await deps.state.save(finished, hop.version, seen);
  return { kind: 'finished', pages, summary: finished.lastRun as RunSummary };
}

async function recordFailure(hop: Hop, error: unknown): Promise<HopOutcome> {
  const { deps } = hop;
  const failure = classifyExportFailure(error);
  if (failure.kind === 'lost-race') return { kind: 'stale' };
  const attempts = (hop.state.run?.transientFailures ?? 0) + 1;
  if (failure.kind === 'transient' && attempts < MAX_TRANSIENT_FAILURES) {
    hop.version = await deps.state.save(noteTransientFailure(hop.state, failure.message, deps.now()), hop.version);
    return { kind: 'retry', afterSeconds: retryDelaySeconds(failure, attempts, deps.now()), reason: failure.message };
  }
  const message = failure.kind === 'transient' ? `${failure.message} (gave up after ${attempts} attempts)` : failure.message;
  hop.version = await deps.state.save(failRun(hop.state, message, deps.now()), hop.version);
  return { kind: 'failed', reason: message };
}
