import type { ExportConfigView, ExportFieldView, ExportSaveInput } from '@shared/export-contract';
import { useCallback, useState } from 'react';

/** What the export settings form holds: plain text where the admin types, the rest as chosen. */
export interface ExportForm {
  bucket: string;
  prefix: string;
  region: string;
  /** Keys ticked in the list of Jira projects. */
  projects: string[];
  /** Keys typed by hand (projects the list does not show), separated by commas or new lines. */
  otherProjects: string;
  /** The fields chosen, in order. */
  fields: ExportFieldView[];
  includeComments: boolean;
  scheduleHours: number;
  overlapMinutes: string;
  jqlFilter: string;
}

/** Typed keys as a list: split on commas and line breaks only, so whatever was typed reaches the resolver's check as it is. */
export function typedProjectKeys(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((key) => key.trim())
    .filter(Boolean);
}

/** The saved settings, or the defaults when the export was never saved. */
export function exportFormFrom(config: ExportConfigView): ExportForm {
  const saved = config.settings;
  const listed = new Set(config.jiraProjects.map((p) => p.key));
  const byId = new Map(config.jiraFields.map((f) => [f.id, f]));
  const fields: ExportFieldView[] = saved
    ? saved.fields.map((f) => ({ id: f.id, name: f.name }))
    : config.defaults.fieldRefs.map((ref) => ({ id: byId.get(ref)?.id ?? ref, name: byId.get(ref)?.name ?? ref }));
  return {
    bucket: saved?.bucket ?? '',
    prefix: saved?.prefix ?? 'jira',
    region: saved?.region ?? '',
    projects: (saved?.projects ?? []).filter((key) => listed.has(key)),
    otherProjects: (saved?.projects ?? []).filter((key) => !listed.has(key)).join(', '),
    fields,
    includeComments: saved?.includeComments ?? false,
    scheduleHours: saved?.scheduleHours ?? config.defaults.scheduleHours,
    overlapMinutes: String(saved?.overlapMinutes ?? config.defaults.overlapMinutes),
    jqlFilter: saved?.jqlFilter ?? '',
  };
}

/**
 * The form as the save resolver's input, or errors keyed like the resolver's for what cannot
 * even be sent (a number that is not one). Everything else is checked by the resolver.
 */
export function exportInputFrom(form: ExportForm): { ok: true; input: ExportSaveInput } | { ok: false; errors: Record<string, string> } {
  const overlap = form.overlapMinutes.trim();
  if (!/^\d{1,6}$/.test(overlap)) return { ok: false, errors: { overlapMinutes: 'A whole number of minutes, like 10.' } };
  const projects = [...new Set([...form.projects, ...typedProjectKeys(form.otherProjects)])];
  const region = form.region.trim();
  const jqlFilter = form.jqlFilter.trim();
  return {
    ok: true,
    input: {
      bucket: form.bucket.trim(),
      prefix: form.prefix.trim(),
      ...(region ? { region } : {}),
      projects,
      fieldRefs: form.fields.map((f) => f.id),
      includeComments: form.includeComments,
      scheduleHours: form.scheduleHours,
      overlapMinutes: Number(overlap),
      ...(jqlFilter ? { jqlFilter } : {}),
    },
  };
}

export interface ExportFormControls {
  form: ExportForm;
  set: (patch: Partial<ExportForm>) => void;
  toggleProject: (key: string, on: boolean) => void;
  addField: (field: ExportFieldView) => void;
  removeField: (id: string) => void;
  moveField: (id: string, by: -1 | 1) => void;
}

/** The export settings form's state; `onChange` runs after every edit (to clear a "saved" message, say). */
export function useExportForm(config: ExportConfigView, onChange: () => void): ExportFormControls {
  const [form, setForm] = useState<ExportForm>(() => exportFormFrom(config));
  const update = useCallback(
    (change: (f: ExportForm) => ExportForm) => {
      setForm(change);
      onChange();
    },
    [onChange],
  );
  const order = config.jiraProjects.map((p) => p.key);
  return {
    form,
    set: (patch) => update((f) => ({ ...f, ...patch })),
    toggleProject: (key, on) =>
      update((f) => ({ ...f, projects: on ? order.filter((k) => k === key || f.projects.includes(k)) : f.projects.filter((k) => k !== key) })),
    addField: (field) => update((f) => (f.fields.some((x) => x.id === field.id) ? f : { ...f, fields: [...f.fields, { id: field.id, name: field.name }] })),
    removeField: (id) => update((f) => ({ ...f, fields: f.fields.filter((x) => x.id !== id) })),
    moveField: (id, by) =>
      update((f) => {
        const from = f.fields.findIndex((x) => x.id === id);
        const to = from + by;
        if (from < 0 || to < 0 || to >= f.fields.length) return f;
        const fields = [...f.fields];
        const [moved] = fields.splice(from, 1);
        if (moved) fields.splice(to, 0, moved);
        return { ...f, fields };
      }),
  };
}
