import { describeError } from '@common/use-resolver';
import type { SecretChangeOutcomeView, SecretChangeReport, SecretChangeReportFilters } from '@shared/secret-audit-contract';
import { useCallback, useEffect, useState } from 'react';
import { getSecretChangeReport } from '../api';

export type ReportState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** `refreshing`: a newer report is on its way; the rows shown are the previous ones. */
  | { status: 'ready'; report: SecretChangeReport; refreshing: boolean; error?: string };

/** What the filter form holds: plain text, dates as yyyy-mm-dd (the viewer's day). */
export interface ReportFilterForm {
  outcome: '' | SecretChangeOutcomeView;
  from: string;
  to: string;
  secret: string;
  actor: string;
  eventName: string;
}

export const NO_FILTERS: ReportFilterForm = { outcome: '', from: '', to: '', secret: '', actor: '', eventName: '' };

/** The form as the resolver's filters (whole days in the browser's time zone), or errors keyed `report.<field>`. */
export function filtersFrom(form: ReportFilterForm): { ok: true; filters: SecretChangeReportFilters } | { ok: false; errors: Record<string, string> } {
  const day = (date: string, end: boolean) => {
    const ms = Date.parse(`${date}T${end ? '23:59:59.999' : '00:00:00'}`);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  };
  const errors: Record<string, string> = {};
  const from = form.from ? day(form.from, false) : undefined;
  const to = form.to ? day(form.to, true) : undefined;
  if (form.from && !from) errors['report.from'] = 'A date, like 2026-03-01.';
  if (form.to && !to) errors['report.to'] = 'A date, like 2026-03-31.';
  if (from && to && from > to) errors['report.to'] = 'The end comes before the start.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const text = (value: string) => value.trim() || undefined;
  const filters: SecretChangeReportFilters = {
    ...(form.outcome ? { outcome: form.outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(text(form.secret) ? { secret: text(form.secret) } : {}),
    ...(text(form.actor) ? { actor: text(form.actor) } : {}),
    ...(form.eventName ? { eventName: form.eventName } : {}),
  };
  return { ok: true, filters };
}

/**
 * The report of recent secret changes for the applied filters. `apply` asks again (also with the
 * same filters, to refresh); answers to earlier asks are ignored.
 */
export function useReport(): { state: ReportState; applied: SecretChangeReportFilters; apply: (filters: SecretChangeReportFilters) => void } {
  const [request, setRequest] = useState<{ filters: SecretChangeReportFilters; round: number }>({ filters: {}, round: 0 });
  const [state, setState] = useState<ReportState>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: true, error: undefined } : { status: 'loading' }));
    const failed = (message: string) => {
      if (!current) return;
      setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: false, error: message } : { status: 'error', message }));
    };
    getSecretChangeReport(request.filters).then(
      (result) => {
        if (!current) return;
        if (!result.ok) return failed(result.error.message);
        setState({ status: 'ready', report: result.data, refreshing: false });
      },
      (error: unknown) => failed(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [request]);

  const apply = useCallback((filters: SecretChangeReportFilters) => setRequest((r) => ({ filters, round: r.round + 1 })), []);
  return { state, applied: request.filters, apply };
}
