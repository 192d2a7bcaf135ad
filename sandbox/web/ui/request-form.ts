/**
 * The portal's request form: which control each JSM request type field gets (from its
 * `jiraSchema`), the form's HTML, and the mapping from the posted form back to JSM's
 * `requestFieldValues` (select → `{id}`, multiselect → `[{id}]`, number → number, datetime → ISO
 * with an offset). Empty inputs are left out, so JSM itself reports missing required fields.
 */
import { html, type SafeHtml } from './html';

/** RequestTypeFieldDTO, as `GET …/requesttype/{id}/field` returns it. */
export interface RequestTypeField {
  fieldId: string;
  name: string;
  description?: string;
  required: boolean;
  validValues?: { value: string; label: string }[];
  jiraSchema?: { type?: string; items?: string; custom?: string; system?: string };
}

export type FieldControl = 'text' | 'textarea' | 'select' | 'multiselect' | 'labels' | 'date' | 'datetime' | 'number';

/** Posted form values: one string, or several for repeated names (checkbox groups). */
export type FormValues = Record<string, string | string[]>;

const TEXTAREA_CUSTOM = 'com.atlassian.jira.plugin.system.customfieldtypes:textarea';

export function fieldControl(field: RequestTypeField): FieldControl {
  const schema = field.jiraSchema ?? {};
  switch (schema.type) {
    case 'option':
      return 'select';
    case 'array':
      if (schema.items === 'option') return 'multiselect';
      if (schema.items === 'string') return 'labels';
      return 'text';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'number':
      return 'number';
    case 'string':
      return schema.system === 'description' || schema.custom === TEXTAREA_CUSTOM ? 'textarea' : 'text';
    default:
      // Fields JSM lists with options but no schema are still choices.
      return field.validValues?.length ? 'select' : 'text';
  }
}

function values(form: FormValues, name: string): string[] {
  const v = form[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
}

/** `2026-11-21T10:00` from datetime-local (read as UTC, which the form says) → `2026-11-21T10:00:00.000+0000`. */
export function datetimeLocalToJira(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!m) return value; // not datetime-local: let JSM say what is wrong with it
  return `${m[1]}T${m[2]}:${m[3] ?? '00'}.${(m[4] ?? '0').padEnd(3, '0')}+0000`;
}

/** The `requestFieldValues` of `POST /rest/servicedeskapi/request` for a posted form. */
export function formToRequestFieldValues(fields: readonly RequestTypeField[], form: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const given = values(form, field.fieldId);
    if (given.length === 0) continue;
    const first = given[0] as string;
    switch (fieldControl(field)) {
      case 'select':
        out[field.fieldId] = { id: first };
        break;
      case 'multiselect':
        out[field.fieldId] = [...new Set(given)].map((id) => ({ id }));
        break;
      case 'labels':
        out[field.fieldId] = given.flatMap((v) => v.split(/[\s,]+/)).filter((l) => l !== '');
        break;
      case 'number': {
        const n = Number(first);
        // An unreadable number goes as typed, so JSM's own message explains it.
        out[field.fieldId] = Number.isFinite(n) ? n : first;
        break;
      }
      case 'datetime':
        out[field.fieldId] = datetimeLocalToJira(first);
        break;
      case 'textarea': {
        // Keep the text as typed (line breaks included), only dropping surrounding blank space.
        const raw = form[field.fieldId];
        out[field.fieldId] = (Array.isArray(raw) ? raw.join('\n') : (raw ?? '')).trim();
        break;
      }
      default:
        out[field.fieldId] = first;
    }
  }
  return out;
}

function inputId(field: RequestTypeField): string {
  return `field-${field.fieldId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** One labelled control, with the user's earlier value (after a refused submission) kept. */
export function renderField(field: RequestTypeField, form: FormValues, error?: string): SafeHtml {
  const id = inputId(field);
  const control = fieldControl(field);
  const current = values(form, field.fieldId);
  const rawValue = form[field.fieldId];
  const textValue = Array.isArray(rawValue) ? rawValue.join('\n') : (rawValue ?? '');
  const describedBy = [field.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${field.required ? html` aria-required="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  const label = html`<label class="field-label" for="${id}">${field.name}${field.required ? html`<span class="required" title="Required"> *</span>` : ''}</label>`;
  let input: SafeHtml;
  switch (control) {
    case 'textarea':
      input = html`<textarea id="${id}" name="${field.fieldId}" rows="5"${aria}>${textValue}</textarea>`;
      break;
    case 'select':
      input = html`<select id="${id}" name="${field.fieldId}"${aria}>
        <option value="">Select…</option>
        ${(field.validValues ?? []).map((v) => html`<option value="${v.value}"${current.includes(v.value) ? html` selected` : ''}>${v.label}</option>`)}
      </select>`;
      break;
    case 'multiselect':
      return html`<fieldset class="field" id="${id}"${aria}>
        <legend class="field-label">${field.name}${field.required ? html`<span class="required" title="Required"> *</span>` : ''}</legend>
        ${(field.validValues ?? []).map(
          (v, i) => html`<label class="check"><input type="checkbox" id="${id}-${i}" name="${field.fieldId}" value="${v.value}"${current.includes(v.value) ? html` checked` : ''}> ${v.label}</label>`,
        )}
        ${help(field, id)}${fieldError(error, id)}
      </fieldset>`;
    case 'date':
      input = html`<input type="date" id="${id}" name="${field.fieldId}" value="${current[0] ?? ''}"${aria}>`;
      break;
    case 'datetime':
      input = html`<input type="datetime-local" id="${id}" name="${field.fieldId}" value="${current[0] ?? ''}"${aria}> <span class="hint">UTC</span>`;
      break;
    case 'number':
      input = html`<input type="number" step="any" id="${id}" name="${field.fieldId}" value="${current[0] ?? ''}"${aria}>`;
      break;
    case 'labels':
      input = html`<input type="text" id="${id}" name="${field.fieldId}" value="${current.join(' ')}" placeholder="Separate labels with spaces"${aria}>`;
      break;
    default:
      input = html`<input type="text" id="${id}" name="${field.fieldId}" value="${current[0] ?? ''}"${aria}>`;
  }
  return html`<div class="field">${label}${input}${help(field, id)}${fieldError(error, id)}</div>`;
}

function help(field: RequestTypeField, id: string): SafeHtml | string {
  return field.description ? html`<p class="help" id="${id}-help">${field.description}</p>` : '';
}

function fieldError(error: string | undefined, id: string): SafeHtml | string {
  return error ? html`<p class="field-error" id="${id}-error">${error}</p>` : '';
}
