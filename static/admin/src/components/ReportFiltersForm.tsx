import { OUTCOME_LABELS } from '@common/secret-change-format';
import type { SecretChangeOutcomeView, SecretChangeReportFilters } from '@shared/secret-audit-contract';
import { useState, type FormEvent } from 'react';
import { NO_FILTERS, filtersFrom, type ReportFilterForm } from '../hooks/use-report';
import { SECRET_CHANGE_EVENTS } from '@shared/secret-audit-contract';
import { Field } from './Field';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as SecretChangeOutcomeView[];

/** The report's filters; applying them (or pressing Show again) asks for a fresh report. */
export function ReportFiltersForm({ busy, onApply }: { busy: boolean; onApply: (filters: SecretChangeReportFilters) => void }) {
  const [form, setForm] = useState<ReportFilterForm>(NO_FILTERS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<ReportFilterForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = filtersFrom(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    onApply(parsed.filters);
  };
  const clear = () => {
    setForm(NO_FILTERS);
    setErrors({});
    onApply({});
  };

  return (
    <form className="admin-form report-filters" onSubmit={submit} noValidate role="search" aria-label="Filter secret changes">
      <div className="field-row field-row-3">
        <Field id="report-outcome" label="Outcome" errorKey="report.outcome" error={errors['report.outcome']}>
          {(a11y) => (
            <select {...a11y} value={form.outcome} onChange={(e) => set({ outcome: e.target.value as ReportFilterForm['outcome'] })} data-testid="report-outcome">
              <option value="">Any outcome</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="report-from" label="From" errorKey="report.from" error={errors['report.from']}>
          {(a11y) => <input {...a11y} type="date" value={form.from} onChange={(e) => set({ from: e.target.value })} data-testid="report-from" />}
        </Field>
        <Field id="report-to" label="To (inclusive)" errorKey="report.to" error={errors['report.to']}>
          {(a11y) => <input {...a11y} type="date" value={form.to} onChange={(e) => set({ to: e.target.value })} data-testid="report-to" />}
        </Field>
      </div>
      <div className="field-row field-row-3">
        <Field id="report-secret" label="Secret" errorKey="report.secret" error={errors['report.secret']} hint="Part of the secret's name or ARN.">
          {(a11y) => <input {...a11y} type="search" value={form.secret} onChange={(e) => set({ secret: e.target.value })} spellCheck={false} data-testid="report-secret" />}
        </Field>
        <Field id="report-actor" label="Actor" errorKey="report.actor" error={errors['report.actor']} hint="Part of the caller's ARN, role, user name or source IP.">
          {(a11y) => <input {...a11y} type="search" value={form.actor} onChange={(e) => set({ actor: e.target.value })} spellCheck={false} data-testid="report-actor" />}
        </Field>
        <Field id="report-event" label="Event" errorKey="report.eventName" error={errors['report.eventName']}>
          {(a11y) => (
            <select {...a11y} value={form.eventName} onChange={(e) => set({ eventName: e.target.value })} data-testid="report-event">
              <option value="">Any event</option>
              {SECRET_CHANGE_EVENTS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy} data-testid="report-apply">
          Show changes
        </button>
        <button type="button" className="button" onClick={clear} disabled={busy} data-testid="report-clear">
          Clear filters
        </button>
        <span className="muted">Dates are whole days in your browser&apos;s time zone.</span>
      </div>
    </form>
  );
}
