import type { ExportField } from './export-settings';
import type { EmbeddedCollection } from './streams';

/**
 * One line of the exported JSON Lines: an issue version or a deletion. Every record has the
 * same columns, so Athena, Glue and DuckDB see one schema; a tombstone has no fields and an
 * empty changelog. Times are ISO 8601 in UTC with milliseconds, plus `updated_ms` for exact
 * comparisons; a record is identified by (issue_id, updated_ms).
 */
export interface ExportRecord {
  record_type: 'issue' | 'tombstone';
  deleted: boolean;
  issue_id: string;
  issue_key: string;
  project: string;
  updated: string;
  updated_ms: number;
  created: string | null;
  /** The admin's fields by id, as Jira's REST v3 renders them. */
  fields: Record<string, unknown> | null;
  /** Field id → name, so custom fields are named as well as identified. */
  field_names: Record<string, string> | null;
  /** The complete changelog up to this version, oldest first. */
  changelog: ChangelogEntry[];
  changelog_total: number;
  /** Present when comments are exported: all of them up to this version, oldest first. */
  comments?: unknown[] | null;
  run_id: string;
  exported_at: string;
}

export interface ChangelogEntry {
  id: string;
  created: string;
  author: { accountId: string; displayName?: string } | null;
  items: unknown[];
}

/** What a search page gives for one issue (only what the exporter reads). */
export interface IssueBean {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  [member: string]: unknown;
}

const JIRA_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch ms of a Jira timestamp (`2026-03-02T09:00:00.000+0000`), or undefined when it is not one. */
export function parseJiraTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = JIRA_TIME.exec(value);
  if (!m) return undefined;
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  if (m[8] === 'Z') return utc;
  const offset = (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return m[9] === '+' ? utc - offset : utc + offset;
}

export const isoUtc = (ms: number): string => new Date(ms).toISOString();

/** The identity de-duplication works on. */
export const versionKey = (issueId: string, updatedMs: number): string => `${issueId}@${updatedMs}`;

const dig = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, p) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), value);

/** The embedded copy of a collection and whether it is all of it. */
export function readEmbedded(bean: IssueBean, def: EmbeddedCollection): { entries: unknown[]; total: number; complete: boolean } {
  const page = dig(bean, def.path);
  const raw = dig(page, [def.items]);
  const entries = Array.isArray(raw) ? raw : [];
  const totalRaw = dig(page, [def.total]);
  const total = typeof totalRaw === 'number' && Number.isFinite(totalRaw) ? totalRaw : entries.length;
  return { entries, total, complete: entries.length >= total };
}

/**
 * Entries oldest first, without those created after `updatedMs` (a collection fetched after the
 * search may already hold changes of a later version, which belong to that version's record).
 */
export function snapshotEntries(entries: readonly unknown[], order: EmbeddedCollection['embeddedOrder'], createdMember: string, updatedMs: number): unknown[] {
  const oldestFirst = order === 'newest-first' ? [...entries].reverse() : [...entries];
  return oldestFirst.filter((e) => {
    const created = parseJiraTime(dig(e, [createdMember]));
    return created === undefined || created <= updatedMs;
  });
}

export function changelogEntry(raw: unknown): ChangelogEntry {
  const h = (raw ?? {}) as { id?: unknown; created?: unknown; author?: { accountId?: unknown; displayName?: unknown } | null; items?: unknown };
  const author = h.author && typeof h.author.accountId === 'string' ? { accountId: h.author.accountId, ...(typeof h.author.displayName === 'string' ? { displayName: h.author.displayName } : {}) } : null;
  return { id: String(h.id ?? ''), created: typeof h.created === 'string' ? h.created : '', author, items: Array.isArray(h.items) ? h.items : [] };
}

export interface IssueRecordInput {
  bean: IssueBean;
  project: string;
  updatedMs: number;
  fields: readonly ExportField[];
  /** Field names from the search page's `names`, preferred over the saved ones (a renamed field shows its current name). */
  names: Record<string, string>;
  changelog: readonly unknown[];
  comments?: readonly unknown[];
  runId: string;
  exportedAt: string;
}

export function issueRecord(input: IssueRecordInput): ExportRecord {
  const { bean } = input;
  const fields: Record<string, unknown> = {};
  const fieldNames: Record<string, string> = {};
  for (const f of input.fields) {
    fields[f.id] = bean.fields[f.id] ?? null;
    fieldNames[f.id] = input.names[f.id] ?? f.name;
  }
  const created = parseJiraTime(bean.fields.created);
  const changelog = input.changelog.map(changelogEntry);
  return {
    record_type: 'issue',
    deleted: false,
    issue_id: String(bean.id),
    issue_key: String(bean.key),
    project: input.project,
    updated: isoUtc(input.updatedMs),
    updated_ms: input.updatedMs,
    created: created === undefined ? null : isoUtc(created),
    fields,
    field_names: fieldNames,
    changelog,
    changelog_total: changelog.length,
    ...(input.comments ? { comments: [...input.comments] } : {}),
    run_id: input.runId,
    exported_at: input.exportedAt,
  };
}

/** A deletion as the issue-deleted event reported it. */
export interface PendingTombstone {
  issueId: string;
  issueKey: string;
  project: string;
  deletedAtMs: number;
}

export function tombstoneRecord(t: PendingTombstone, runId: string, exportedAt: string, withComments: boolean): ExportRecord {
  return {
    record_type: 'tombstone',
    deleted: true,
    issue_id: t.issueId,
    issue_key: t.issueKey,
    project: t.project,
    updated: isoUtc(t.deletedAtMs),
    updated_ms: t.deletedAtMs,
    created: null,
    fields: null,
    field_names: null,
    changelog: [],
    changelog_total: 0,
    ...(withComments ? { comments: null } : {}),
    run_id: runId,
    exported_at: exportedAt,
  };
}

/** JSON Lines text: one record per line, each line ending in \n. */
export function jsonLines(records: readonly ExportRecord[]): string {
  let out = '';
  for (const r of records) out += `${JSON.stringify(r)}\n`;
  return out;
}
