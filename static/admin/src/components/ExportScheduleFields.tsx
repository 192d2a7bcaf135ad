import type { ExportForm } from '../hooks/use-export-form';
import { scheduleLabel } from '../export-format';
import { CheckboxField } from './CheckboxField';
import { Field } from './Field';

export interface ExportScheduleFieldsProps {
  form: ExportForm;
  errors: Record<string, string>;
  scheduleOptions: number[];
  onChange: (patch: Partial<ExportForm>) => void;
}

/** What goes with each issue, how often the export runs, how far back each run looks, and the optional JQL filter. */
export function ExportScheduleFields({ form, errors, scheduleOptions, onChange }: ExportScheduleFieldsProps) {
  return (
    <>
      <CheckboxField
        id="export-include-comments"
        label="Include comments"
        checked={form.includeComments}
        onChange={(includeComments) => onChange({ includeComments })}
        errorKey="includeComments"
        error={errors.includeComments}
        hint="Every comment of the issue goes with its record."
        testId="export-include-comments"
      />
      <div className="field-row">
        <Field id="export-schedule" label="Schedule" errorKey="scheduleHours" error={errors.scheduleHours} hint="Each run exports what changed since the previous one.">
          {(a11y) => (
            <select {...a11y} value={String(form.scheduleHours)} onChange={(e) => onChange({ scheduleHours: Number(e.target.value) })} data-testid="export-schedule">
              {scheduleOptions.map((hours) => (
                <option key={hours} value={String(hours)}>
                  {scheduleLabel(hours)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="export-overlap"
          label="Overlap (minutes)"
          errorKey="overlapMinutes"
          error={errors.overlapMinutes}
          hint="How far before the watermark each run looks again, for updates Jira's search shows late. Records already exported are skipped."
        >
          {(a11y) => (
            <input {...a11y} className="input-short" inputMode="numeric" value={form.overlapMinutes} onChange={(e) => onChange({ overlapMinutes: e.target.value })} data-testid="export-overlap" />
          )}
        </Field>
      </div>
      <Field
        id="export-jql"
        label="JQL filter (optional)"
        errorKey="jqlFilter"
        error={errors.jqlFilter}
        hint={
          <>
            Added to every project&apos;s query with AND, like <code>labels != no-export</code>. Jira checks it when you save.
          </>
        }
      >
        {(a11y) => (
          <input {...a11y} className="mono" value={form.jqlFilter} onChange={(e) => onChange({ jqlFilter: e.target.value })} autoComplete="off" spellCheck={false} data-testid="export-jql" />
        )}
      </Field>
    </>
  );
}
