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

export interface StatusFieldsProps {
  values: StatusValues;
  errors: Record<string, string>;
  onChange: (patch: Partial<StatusValues>) => void;
  /** Prefixes ids and test ids (`vending` → `vending-doneStatus`); onboarding's are `onboarding-…`. */
  idPrefix?: string;
  /** How the resolver keys these fields' errors (`vending.` → `vending.doneStatus`). */
  errorPrefix?: string;
}

/** The workflow statuses an action moves a request through, by name. */
export function StatusFields({ values, errors, onChange, idPrefix = 'onboarding', errorPrefix = '' }: StatusFieldsProps) {
  return (
    <fieldset className="statuses">
      <legend>Workflow statuses</legend>
      <div className="field-row field-row-3">
        {STATUSES.map((s) => (
          <Field key={s.key} id={`${idPrefix}-${s.key}`} label={s.label} errorKey={`${errorPrefix}${s.key}`} error={errors[`${errorPrefix}${s.key}`]} hint={s.hint}>
            {(a11y) => <input {...a11y} value={values[s.key]} onChange={(e) => onChange({ [s.key]: e.target.value })} data-testid={`${idPrefix}-${s.key}`} />}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
