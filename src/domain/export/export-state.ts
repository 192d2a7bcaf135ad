import { partitionDate, runIdFor } from './layout';

/**
 * Per-project export state: the watermark (everything updated before it is exported), the run
 * in progress with its checkpoint, the last finished run and recent errors. Runs move through
 * these pure transitions; the repository saves each result with optimistic locking.
 */
export type RunTrigger = 'schedule' | 'manual';

export interface ProjectRun {
  runId: string;
  trigger: RunTrigger;
  status: 'running' | 'failed';
  /** The window: updated >= fromMs AND updated < toMs. */
  fromMs: number;
  toMs: number;
  /** The lower bound the current query (and its page tokens) uses; it moves up only when a stale token forces a new query. */
  queryFromMs: number;
  dt: string;
  /** The event that owns the run's chain of hops; any other delivery is a stale duplicate. */
  hop: string;
  /** Pages checkpointed so far. */
  pages: number;
  /** Where the next page starts; absent before the first page and after the last. */
  nextPageToken?: string;
  /** Every page is exported; what remains is writing tombstones and moving the watermark. */
  paged: boolean;
  /** The last checkpointed position, for restarting without a token: its time and the ids exported at exactly that time. */
  resumeAfter?: { updatedMs: number; ids: string[] };
  records: number;
  duplicates: number;
  bytes: number;
  /** Issues whose changelog (or comments) had to be completed beyond the embedded copy. */
  completions: number;
  startedAt: string;
  checkpointAt: string;
  transientFailures: number;
  error?: string;
}

export interface RunSummary {
  runId: string;
  trigger: RunTrigger;
  status: 'succeeded' | 'failed';
  fromMs: number;
  toMs: number;
  startedAt: string;
  finishedAt: string;
  pages: number;
  records: number;
  duplicates: number;
  tombstones: number;
  bytes: number;
  error?: string;
}

export interface ExportErrorEntry {
  at: string;
  runId?: string;
  message: string;
  /** Transient errors are retried by the run itself; the others stop it until a person acts. */
  transient: boolean;
}

export interface ProjectExportState {
  project: string;
  watermarkMs?: number;
  run?: ProjectRun;
  lastRun?: RunSummary;
  totals: { records: number; tombstones: number; bytes: number; runs: number };
  errors: ExportErrorEntry[];
}

export const MAX_ERRORS_KEPT = 20;
/** A running run whose last checkpoint is older than this lost its chain (events expire); the scheduler restarts the chain. */
export const STALE_RUN_MS = 30 * 60_000;
/** Scheduled triggers fire spread across their interval; a run is due a little before the exact hour. */
const SCHEDULE_SLACK_MS = 5 * 60_000;
const MAX_TIE_IDS = 2000;

export function newProjectState(project: string): ProjectExportState {
  return { project, totals: { records: 0, tombstones: 0, bytes: 0, runs: 0 }, errors: [] };
}

/** The window a new run covers: from the watermark minus the overlap (or the beginning), to now. */
export function nextWindow(state: ProjectExportState, nowMs: number, overlapMinutes: number): { fromMs: number; toMs: number } {
  const fromMs = state.watermarkMs === undefined ? 0 : Math.max(0, state.watermarkMs - overlapMinutes * 60_000);
  return { fromMs, toMs: Math.max(nowMs, fromMs + 1) };
}

export function beginRun(state: ProjectExportState, input: { trigger: RunTrigger; nowMs: number; overlapMinutes: number; hop: string }): ProjectExportState {
  const { fromMs, toMs } = nextWindow(state, input.nowMs, input.overlapMinutes);
  const at = new Date(input.nowMs).toISOString();
  const run: ProjectRun = {
    runId: runIdFor(toMs),
    trigger: input.trigger,
    status: 'running',
    fromMs,
    toMs,
    queryFromMs: fromMs,
    dt: partitionDate(toMs),
    hop: input.hop,
    pages: 0,
    paged: false,
    records: 0,
    duplicates: 0,
    bytes: 0,
    completions: 0,
    startedAt: at,
    checkpointAt: at,
    transientFailures: 0,
  };
  return { ...state, run };
}

/** Hands the run's chain to a new hop (a resumed failed run, a restarted stale one, or the next hop). */
export function handOver(state: ProjectExportState, hop: string, nowMs: number): ProjectExportState {
  if (!state.run) return state;
  const { error: _error, ...run } = state.run;
  return { ...state, run: { ...run, status: 'running', hop, checkpointAt: new Date(nowMs).toISOString() } };
}

export interface PageOutcome {
  nextPageToken?: string;
  records: number;
  duplicates: number;
  bytes: number;
  completions: number;
  /** The last record's position in the page (absent for an empty page). */
  last?: { updatedMs: number; issueId: string };
  /** Ids of all records in the page with `updated` equal to `last.updatedMs`. */
  idsAtLast: string[];
}

export function checkpoint(run: ProjectRun, page: PageOutcome, nowMs: number): ProjectRun {
  let resumeAfter = run.resumeAfter;
  if (page.last) {
    const carried = resumeAfter && resumeAfter.updatedMs === page.last.updatedMs ? resumeAfter.ids : [];
    resumeAfter = { updatedMs: page.last.updatedMs, ids: [...new Set([...carried, ...page.idsAtLast])].slice(-MAX_TIE_IDS) };
  }
  const { nextPageToken: _token, ...rest } = run;
  return {
    ...rest,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    ...(resumeAfter ? { resumeAfter } : {}),
    pages: run.pages + 1,
    paged: page.nextPageToken === undefined,
    records: run.records + page.records,
    duplicates: run.duplicates + page.duplicates,
    bytes: run.bytes + page.bytes,
    completions: run.completions + page.completions,
    checkpointAt: new Date(nowMs).toISOString(),
    transientFailures: 0,
  };
}

/** The page token could not be used (expired or refused): query again from the last checkpointed time. */
export function restartWithoutToken(run: ProjectRun): ProjectRun {
  const { nextPageToken: _token, ...rest } = run;
  return { ...rest, queryFromMs: run.resumeAfter?.updatedMs ?? run.fromMs };
}

export function finishRun(state: ProjectExportState, nowMs: number, tombstones: number): ProjectExportState {
  const run = state.run;
  if (!run) return state;
  const summary: RunSummary = {
    runId: run.runId,
    trigger: run.trigger,
    status: 'succeeded',
    fromMs: run.fromMs,
    toMs: run.toMs,
    startedAt: run.startedAt,
    finishedAt: new Date(nowMs).toISOString(),
    pages: run.pages,
    records: run.records,
    duplicates: run.duplicates,
    tombstones,
    bytes: run.bytes,
  };
  const { run: _run, ...rest } = state;
  return {
    ...rest,
    watermarkMs: Math.max(state.watermarkMs ?? 0, run.toMs),
    lastRun: summary,
    totals: {
      records: state.totals.records + run.records,
      tombstones: state.totals.tombstones + tombstones,
      bytes: state.totals.bytes + run.bytes,
      runs: state.totals.runs + 1,
    },
  };
}

/** A run that needs a person: it keeps its checkpoint, so the next start resumes it where it stopped. */
export function failRun(state: ProjectExportState, message: string, nowMs: number): ProjectExportState {
  const at = new Date(nowMs).toISOString();
  const withError = recordError(state, { at, message, transient: false, ...(state.run ? { runId: state.run.runId } : {}) });
  if (!withError.run) return withError;
  const run: ProjectRun = { ...withError.run, status: 'failed', error: message, checkpointAt: at };
  const lastRun: RunSummary = {
    runId: run.runId,
    trigger: run.trigger,
    status: 'failed',
    fromMs: run.fromMs,
    toMs: run.toMs,
    startedAt: run.startedAt,
    finishedAt: at,
    pages: run.pages,
    records: run.records,
    duplicates: run.duplicates,
    tombstones: 0,
    bytes: run.bytes,
    error: message,
  };
  return { ...withError, run, lastRun };
}

export function noteTransientFailure(state: ProjectExportState, message: string, nowMs: number): ProjectExportState {
  const withError = recordError(state, { at: new Date(nowMs).toISOString(), message, transient: true, ...(state.run ? { runId: state.run.runId } : {}) });
  if (!withError.run) return withError;
  return { ...withError, run: { ...withError.run, transientFailures: withError.run.transientFailures + 1 } };
}

export function recordError(state: ProjectExportState, entry: ExportErrorEntry): ProjectExportState {
  return { ...state, errors: [...state.errors, entry].slice(-MAX_ERRORS_KEPT) };
}

/** What a start request should do with a project. */
export type StartDecision = { kind: 'begin' } | { kind: 'resume'; why: 'failed' | 'stale' } | { kind: 'busy' } | { kind: 'not-due' };

export function decideStart(state: ProjectExportState, input: { trigger: RunTrigger; nowMs: number; scheduleHours: number }): StartDecision {
  const run = state.run;
  if (run?.status === 'failed') return { kind: 'resume', why: 'failed' };
  if (run?.status === 'running') return input.nowMs - Date.parse(run.checkpointAt) > STALE_RUN_MS ? { kind: 'resume', why: 'stale' } : { kind: 'busy' };
  if (input.trigger === 'manual') return { kind: 'begin' };
  if (input.scheduleHours <= 0) return { kind: 'not-due' };
  const lastStart = state.lastRun ? Date.parse(state.lastRun.startedAt) : undefined;
  if (lastStart !== undefined && input.nowMs - lastStart < input.scheduleHours * 3_600_000 - SCHEDULE_SLACK_MS) return { kind: 'not-due' };
  return { kind: 'begin' };
}

/**
 * The (issue id, updated) pairs already exported whose `updated` lies in the overlap a later run
 * reads again. Kept as `id@ms` strings; anything older than `minUpdatedMs` can never be read
 * again and is dropped.
 */
export function pruneSeen(entries: Iterable<string>, minUpdatedMs: number): string[] {
  const kept: string[] = [];
  for (const e of entries) {
    const ms = Number(e.slice(e.lastIndexOf('@') + 1));
    if (Number.isFinite(ms) && ms >= minUpdatedMs) kept.push(e);
  }
  return kept;
}
