import type { ExportSettings } from '../domain/export/export-settings';
import type { ProjectExportState } from '../domain/export/export-state';
import type { IssueBean, PendingTombstone } from '../domain/export/records';

/** The ports the Jira → S3 export runs on; the entry layer wires the Forge, Jira and S3 adapters in. */

export interface ExportSettingsStore {
  get(): Promise<ExportSettings | undefined>;
  save(settings: ExportSettings): Promise<void>;
}

export interface VersionedExportState {
  state: ProjectExportState;
  /** 0 when nothing is stored yet. */
  version: number;
}

export interface ExportStateStore {
  get(project: string): Promise<VersionedExportState>;
  /** Saves if nobody saved since `expectedVersion`; `seen` (when given) replaces the project's de-duplication set in the same write. Throws ConcurrentUpdateError. */
  save(state: ProjectExportState, expectedVersion: number, seen?: readonly string[]): Promise<number>;
  /** The (issue id, updated) pairs already exported in the overlap window, as `id@ms`. */
  seen(project: string): Promise<Set<string>>;
  pendingTombstones(project: string, limit: number): Promise<PendingTombstone[]>;
  addTombstone(tombstone: PendingTombstone): Promise<void>;
  removeTombstone(project: string, issueId: string): Promise<void>;
}

export interface SearchPageRequest {
  jql: string;
  fields: string[];
  expand: string[];
  maxResults: number;
  nextPageToken?: string;
}

export interface SearchPage {
  issues: IssueBean[];
  nextPageToken?: string;
  names: Record<string, string>;
}

export interface IssueSource {
  /** One page of /search/jql; throws StalePageTokenError when Jira refuses the token. */
  search(request: SearchPageRequest): Promise<SearchPage>;
  /** One page of the bulk changelog fetch: histories per issue id, oldest first. */
  bulkChangelogs(request: { path: string; issueIds: string[]; maxResults: number; nextPageToken?: string }): Promise<{ byIssue: Map<string, unknown[]>; nextPageToken?: string }>;
  /** One page of an issue's comments, oldest first. */
  comments(request: { pathTemplate: string; issueId: string; startAt: number; maxResults: number }): Promise<{ values: unknown[]; total: number }>;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, meta: { contentType: string; sha256Base64: string }): Promise<void>;
}

export interface EncodedBatch {
  body: Uint8Array;
  sha256Hex: string;
  sha256Base64: string;
}

export interface BatchEncoder {
  /** gzip of the JSON Lines text, with its SHA-256. */
  gzip(text: string): EncodedBatch;
  /** A manifest as pretty JSON, with its SHA-256. */
  json(value: unknown): EncodedBatch;
}

export interface ExportHopEvent {
  project: string;
  runId: string;
  hop: string;
}

export interface ExportQueue {
  push(event: ExportHopEvent, delaySeconds?: number): Promise<void>;
}

/** Jira refused a page token (expired after 7 days, or from another query). */
export class StalePageTokenError extends Error {
  override readonly name = 'StalePageTokenError';
}

export interface ExportDeps {
  settings: ExportSettingsStore;
  state: ExportStateStore;
  source: IssueSource;
  /** The bucket's client, built when first needed (it needs the AWS connection). */
  objectStore(settings: ExportSettings): Promise<ObjectStore>;
  encoder: BatchEncoder;
  queue: ExportQueue;
  newHop(): string;
  now(): number;
  /** Milliseconds of real time since the invocation started (the time limit is real time). */
  elapsedMs(): number;
}
