/** How the export's numbers, states and outcomes read on the admin page. */
import type { ExportProjectStatus, ExportRunNowResult } from '@shared/export-contract';

export const STATE_LABELS: Record<ExportProjectStatus['state'], string> = {
  'never-run': 'Never run',
  idle: 'Idle',
  running: 'Running',
  failed: 'Failed',
};

export type RunOutcome = ExportRunNowResult['starts'][number]['outcome'];

export const OUTCOME_LABELS: Record<RunOutcome, string> = {
  started: 'Started',
  resumed: 'Resumed from its checkpoint',
  busy: 'Already running: left alone',
  'not-due': 'Not due: nothing to do',
};

/** 0 → only on Run now; 1 → every hour; N → every N hours. */
export function scheduleLabel(hours: number): string {
  if (hours === 0) return 'Only when I press Run now';
  if (hours === 1) return 'Every hour';
  if (hours === 24) return 'Every 24 hours (daily)';
  return `Every ${hours} hours`;
}

const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Bytes in binary units, one decimal from KiB up (`1536` → `1.5 KiB`). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${COUNT.format(bytes)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A field as the admin picks it: by name, with the id custom fields need to be told apart. */
export function fieldLabel(field: { id: string; name: string }): string {
  return field.name && field.name !== field.id ? `${field.name} (${field.id})` : field.id;
}
