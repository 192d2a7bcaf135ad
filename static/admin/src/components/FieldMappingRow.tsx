import type { AdminConfigView } from '@shared/resolver-contract';
import { Field } from './Field';

type Input = AdminConfigView['onboardingInputs'][number];
type RequestField = AdminConfigView['requestTypes'][number]['fields'][number];

export interface FieldMappingRowProps {
  input: Input;
  options: RequestField[];
  value: string;
  /** The field suggested by name, if any. */
  suggested?: string;
  error?: string;
  onChange: (fieldId: string) => void;
}

/** One onboarding input and the request field that feeds it, chosen from the request type's fields. */
export function FieldMappingRow({ input, options, value, suggested, error, onChange }: FieldMappingRowProps) {
  const suggestedField = options.find((f) => f.fieldId === suggested);
  const aside =
    suggestedField && value === suggestedField.fieldId ? (
      <span className="badge badge-suggested" data-testid={`suggested-${input.input}`}>
        Suggested
      </span>
    ) : suggestedField ? (
      <button type="button" className="link-button" onClick={() => onChange(suggestedField.fieldId)} data-testid={`use-suggestion-${input.input}`}>
        Use suggested: {suggestedField.name}
      </button>
    ) : null;
  const missing = value !== '' && !options.some((f) => f.fieldId === value);
  return (
    <Field id={`mapping-${input.input}`} label={`${input.label}${input.required ? ' (required)' : ''}`} errorKey={`fields.${input.input}`} error={error} aside={aside}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`mapping-${input.input}`} {...(input.required ? { 'aria-required': true } : {})}>
          <option value="">{input.required ? 'Choose a field' : 'Not used'}</option>
          {missing && <option value={value}>{value} (not on this request type)</option>}
          {options.map((f) => (
            <option key={f.fieldId} value={f.fieldId}>
              {f.name}
              {f.fieldId === suggested ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
