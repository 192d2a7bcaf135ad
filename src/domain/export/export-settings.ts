import type { FieldErrors, Validated } from '../config/okta-settings';
import { checkJqlFilter, PROJECT_KEY } from './jql';

/**
 * How the Jira → S3 export runs: where it writes, which projects and fields, how often, and how
 * far each run looks back. Field references are saved resolved (id and name), so a run never
 * has to look fields up and records can name custom fields as well as carry their ids.
 */
export interface ExportSettings {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing slash; '' writes at the bucket root. */
  prefix: string;
  /** The bucket's region; absent means the AWS connection's region. */
  region?: string;
  projects: string[];
  fields: ExportField[];
  includeComments: boolean;
  /** Hours between scheduled runs (1 = hourly); 0 runs only on "Run now". */
  scheduleHours: number;
  /** How far before the watermark each run looks again, for late-visible updates (search is eventually consistent). */
  overlapMinutes: number;
  /** Extra JQL ANDed onto every project's query. */
  jqlFilter?: string;
}

export interface ExportField {
  id: string;
  name: string;
}

/** What the admin sends: fields as ids (`customfield_10050`, `summary`) or names (`Cost center`). */
export interface ExportSettingsInput extends Omit<ExportSettings, 'fields'> {
  fieldRefs: string[];
}

export type ExportSettingsKey = keyof ExportSettings | 'fieldRefs';

export const DEFAULT_SCHEDULE_HOURS = 1;
export const SCHEDULE_HOURS = [0, 1, 2, 3, 4, 6, 8, 12, 24] as const;
export const DEFAULT_OVERLAP_MINUTES = 10;
export const MAX_OVERLAP_MINUTES = 24 * 60;
export const MAX_PROJECTS = 50;
export const MAX_FIELDS = 100;
/** Fields every record has whatever the admin chose (they drive ordering, partitioning and joins). */
export const DEFAULT_FIELD_REFS = ['summary', 'status', 'issuetype', 'assignee', 'reporter', 'created', 'resolutiondate', 'labels'];

// S3 bucket naming rules (general purpose buckets): 3–63 of a-z 0-9 . -, starting and ending alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+$/;
// Characters S3 documents as safe in keys, without `=` (it would read as a Hive partition).
const PREFIX = /^[A-Za-z0-9!_.*'()/-]{0,200}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const FIELD_ID = /^(customfield_\d{5,}|[a-z][A-Za-z]{1,40})$/;
const FIELD_NAME = /^[^\n\r\t]{1,255}$/;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => {
  const raw = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/[\n,]+/) : [];
  return [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
};

export function bucketNameProblem(bucket: string): string | undefined {
  if (!BUCKET.test(bucket) || bucket.includes('..') || IP_LIKE.test(bucket) || bucket.startsWith('xn--') || bucket.endsWith('-s3alias')) {
    return 'An S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.';
  }
  return undefined;
}

/** Checks everything that can be checked without Jira; field names are resolved against Jira afterwards. */
export function validateExportSettings(input: Record<string, unknown>): Validated<ExportSettingsInput, ExportSettingsKey> {
  const errors: FieldErrors<ExportSettingsKey> = {};
  const bucket = str(input.bucket);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) errors.bucket = bucketProblem;

  const prefix = str(input.prefix).replace(/^\/+|\/+$/g, '');
  if (!PREFIX.test(prefix) || prefix.includes('//') || prefix.split('/').some((s) => s === '.' || s === '..')) {
    errors.prefix = 'A key prefix of letters, digits and ! _ . * \' ( ) / -, without "=", "//" or ".." (for example jira/exports).';
  }

  const region = str(input.region);
  if (region && !REGION.test(region)) errors.region = 'An AWS region code like eu-west-1, or empty for the AWS connection’s region.';

  const projects = list(input.projects).map((p) => p.toUpperCase());
  const badProject = projects.find((p) => !PROJECT_KEY.test(p));
  if (badProject !== undefined) errors.projects = `"${badProject.slice(0, 40)}" is not a Jira project key (a capital letter, then capitals, digits or _; 2–10 characters).`;
  else if (projects.length === 0) errors.projects = 'Choose at least one project to export.';
  else if (projects.length > MAX_PROJECTS) errors.projects = `At most ${MAX_PROJECTS} projects.`;

  const fieldRefs = input.fieldRefs === undefined && input.fields === undefined ? [...DEFAULT_FIELD_REFS] : list(input.fieldRefs ?? input.fields);
  const badField = fieldRefs.find((f) => !FIELD_ID.test(f) && !FIELD_NAME.test(f));
  if (badField !== undefined) errors.fieldRefs = `"${badField.slice(0, 40)}" is neither a field id nor a field name.`;
  else if (fieldRefs.length > MAX_FIELDS) errors.fieldRefs = `At most ${MAX_FIELDS} fields.`;

  const includeComments = input.includeComments === true;

  const scheduleHours = input.scheduleHours === undefined ? DEFAULT_SCHEDULE_HOURS : Number(input.scheduleHours);
  if (!(SCHEDULE_HOURS as readonly number[]).includes(scheduleHours)) errors.scheduleHours = `One of ${SCHEDULE_HOURS.join(', ')} hours (0: only when you press Run now).`;

  const overlapMinutes = input.overlapMinutes === undefined ? DEFAULT_OVERLAP_MINUTES : Number(input.overlapMinutes);
  if (!Number.isInteger(overlapMinutes) || overlapMinutes < 0 || overlapMinutes > MAX_OVERLAP_MINUTES) {
    errors.overlapMinutes = `A whole number of minutes from 0 to ${MAX_OVERLAP_MINUTES}.`;
  }

  const jqlFilter = str(input.jqlFilter);
  if (jqlFilter) {
    const problem = checkJqlFilter(jqlFilter);
    if (problem) errors.jqlFilter = `This filter is not allowed: ${problem}`;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { bucket, prefix, ...(region ? { region } : {}), projects, fieldRefs, includeComments, scheduleHours, overlapMinutes, ...(jqlFilter ? { jqlFilter } : {}) },
  };
}

/** A field as Jira's field list describes it. */
export interface JiraFieldInfo {
  id: string;
  name: string;
}

/**
 * Resolves the admin's field references against Jira's field list: an id matches exactly, a
 * name case-insensitively; a name two fields share is refused (the admin must pick the id).
 */
export function resolveFieldRefs(refs: readonly string[], catalog: readonly JiraFieldInfo[]): { fields: ExportField[] } | { error: string } {
  const fields: ExportField[] = [];
  for (const ref of refs) {
    const byId = catalog.find((f) => f.id === ref);
    const byName = byId ? [] : catalog.filter((f) => f.name.toLowerCase() === ref.toLowerCase());
    if (!byId && byName.length > 1) return { error: `"${ref}" names ${byName.length} fields (${byName.map((f) => f.id).join(', ')}); use the id.` };
    const field = byId ?? byName[0];
    if (!field) return { error: `Jira has no field "${ref}".` };
    if (!fields.some((f) => f.id === field.id)) fields.push({ id: field.id, name: field.name });
  }
  return { fields };
}

/** Checks settings read back from storage (they were validated when saved; storage may have been edited since). */
export function parseStoredExportSettings(stored: Record<string, unknown>): ExportSettings | undefined {
  const fields = Array.isArray(stored.fields) ? stored.fields : [];
  const parsed = validateExportSettings({ ...stored, fieldRefs: fields.map((f: { id?: unknown }) => String(f?.id ?? '')) });
  if (!parsed.ok) return undefined;
  const typedFields = fields
    .filter((f: unknown): f is ExportField => typeof f === 'object' && f !== null && typeof (f as ExportField).id === 'string' && typeof (f as ExportField).name === 'string')
    .map((f) => ({ id: f.id, name: f.name }));
  const { fieldRefs: _refs, ...rest } = parsed.value;
  return { ...rest, fields: typedFields };
}
