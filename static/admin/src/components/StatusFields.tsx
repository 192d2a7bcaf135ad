import { Field } from './Field';

export interface StatusValues {
  provisionStatus: string;
  doneStatus: string;
  failedStatus: string;
}

const STATUSES: { key: keyof StatusValues; label: string; hint: string }[] = [
  { key: 'provisionStatus', label: 'Start at status', hint: 'An approved request reaching this status starts provisioning.' },
  { key: 'doneStatus', label: 'Done status', hint: 'Where the request goes once everything is done.' },
  { key: 'failedStatus', label: 'Failed status', hint: 'Where the request goes when provisioning stops.' },
];

/** The workflow statuses onboarding moves through, by name. */
export function StatusFields({ values, errors, onChange }: { values: StatusValues; errors: Record<string, string>; onChange: (patch: Partial<StatusValues>) => void }) {
  return (
    <fieldset className="statuses">
      <legend>Workflow statuses</legend>
      <div className="field-row field-row-3">
        {STATUSES.map((s) => (
          <Field key={s.key} id={`onboarding-${s.key}`} label={s.label} errorKey={s.key} error={errors[s.key]} hint={s.hint}>
            {(a11y) => <input {...a11y} value={values[s.key]} onChange={(e) => onChange({ [s.key]: e.target.value })} data-testid={`onboarding-${s.key}`} />}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
