/**
 * Custom field input validation and normalisation, for both dialects: REST v3 (rich text as
 * ADF) and JSM's requestFieldValues (rich text as plain strings). Messages follow Jira's.
 */
import { adfToText, isAdfDoc } from '../adf';
import { type CustomFieldRecord, type CustomFieldValue, type FieldOption } from '../model';
import { jiraDateTime, parseDateOnly, parseDateTimeInput } from '../time';

export type InputDialect = 'platform' | 'jsm';

export type Normalised = { ok: true; value: CustomFieldValue | null } | { ok: false; error: string };

const ok = (value: CustomFieldValue | null): Normalised => ({ ok: true, value });
const fail = (error: string): Normalised => ({ ok: false, error });

const ADF_REQUIRED = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const TEXT_LIMIT = 255;

function optionFrom(field: CustomFieldRecord, raw: unknown): FieldOption | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `Specify a valid 'id' or 'name' for ${field.name}`;
  }
  const r = raw as Record<string, unknown>;
  if (r.id !== undefined) {
    const option = field.options.find((o) => o.id === String(r.id));
    return option ?? `Option id '${String(r.id)}' is not valid`;
  }
  if (typeof r.value === 'string') {
    const option = field.options.find((o) => o.value === r.value);
    return option ?? `Option value '${r.value}' is not valid`;
  }
  return `Specify a valid 'id' or 'name' for ${field.name}`;
}

/** Validates and normalises `raw` for `field`; null/empty clears the value. */
export function normaliseCustomValue(field: CustomFieldRecord, raw: unknown, dialect: InputDialect): Normalised {
  if (raw === null || raw === undefined) return ok(null);
  switch (field.kind) {
    case 'text': {
      if (typeof raw !== 'string') return fail('Operation value must be a string');
      if (raw.length > TEXT_LIMIT) return fail(`The entered text is too long. It exceeds the allowed limit of ${TEXT_LIMIT} characters.`);
      return ok(raw === '' ? null : raw);
    }
    case 'textarea': {
      if (dialect === 'jsm') {
        if (typeof raw !== 'string') return fail('Operation value must be a string');
        return ok(raw === '' ? null : raw);
      }
      if (!isAdfDoc(raw)) return fail(ADF_REQUIRED);
      const text = adfToText(raw);
      return ok(text === '' ? null : text);
    }
    case 'select': {
      const option = optionFrom(field, raw);
      return typeof option === 'string' ? fail(option) : ok(option.id);
    }
    case 'multiselect': {
      if (!Array.isArray(raw)) return fail(`Specify the value for ${field.name} in an array`);
      const ids: string[] = [];
      for (const item of raw) {
        const option = optionFrom(field, item);
        if (typeof option === 'string') return fail(option);
        if (!ids.includes(option.id)) ids.push(option.id);
      }
      return ok(ids.length ? ids : null);
    }
    case 'labels': {
      if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string')) return fail(`Specify the value for ${field.name} in an array`);
      const labels = [...new Set(raw as string[])].filter((l) => l !== '');
      const spaced = labels.find((l) => /\s/.test(l));
      if (spaced !== undefined) return fail(`The label '${spaced}' contains spaces which is invalid.`);
      return ok(labels.length ? labels : null);
    }
    case 'date': {
      if (typeof raw !== 'string' || !parseDateOnly(raw)) return fail(`Error parsing date string: ${String(raw)}`);
      return ok(raw);
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTimeInput(raw) : undefined;
      if (ms === undefined) return fail(`Error parsing time: ${String(raw)}`);
      return ok(ms);
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : dialect === 'jsm' && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return fail('Operation value must be a number');
      return ok(n);
    }
    case 'sd-request-type':
    case 'sd-participants':
    case 'sd-approvals':
      return fail(`Field '${field.id}' cannot be set. It is not on the appropriate screen, or unknown.`);
  }
}

function optionValues(field: CustomFieldRecord, ids: readonly string[]): string[] {
  return ids.map((id) => field.options.find((o) => o.id === id)?.value ?? id);
}

/** Human text of a stored value (changelog `toString`, web UI). */
export function displayCustomValue(field: CustomFieldRecord, value: CustomFieldValue | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'select':
      return optionValues(field, [String(value)])[0] ?? null;
    case 'multiselect':
      return optionValues(field, Array.isArray(value) ? value : [String(value)]).join(', ');
    case 'labels':
      return Array.isArray(value) ? value.join(' ') : String(value);
    case 'datetime':
      return typeof value === 'number' ? jiraDateTime(value) : String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/** Raw changelog `from`/`to` of a stored value (option ids for selects, null for text). */
export function rawCustomValue(field: CustomFieldRecord, value: CustomFieldValue | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'select':
      return String(value);
    case 'multiselect':
      return `[${(Array.isArray(value) ? value : [String(value)]).join(', ')}]`;
    case 'date':
      return String(value);
    case 'datetime':
      return typeof value === 'number' ? jiraDateTime(value) : String(value);
    default:
      return null;
  }
}

export function sameValue(a: CustomFieldValue | null | undefined, b: CustomFieldValue | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
