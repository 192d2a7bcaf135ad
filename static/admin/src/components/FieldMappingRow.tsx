import { Field } from './Field';

/** One input an action reads from a request (the same shape for onboarding, account vending and the secret audit). */
export interface MappingInput {
  input: string;
  label: string;
  required: boolean;
}

export interface RequestField {
  fieldId: string;
  name: string;
  required: boolean;
}

export interface FieldMappingRowProps {
  input: MappingInput;
  options: RequestField[];
  value: string;
  /** The field suggested by name, if any. */
  suggested?: string;
  error?: string;
  onChange: (fieldId: string) => void;
  /** Prefixes the ids and test ids (`vending` → `vending-mapping-accountName`); none for onboarding. */
  idPrefix?: string;
  /** How the resolver keys this input's error (`fields.` → `fields.workEmail`). */
  errorPrefix?: string;
}

/** One input and the request field that feeds it, chosen from the request type's fields. */
export function FieldMappingRow({ input, options, value, suggested, error, onChange, idPrefix, errorPrefix = 'fields.' }: FieldMappingRowProps) {
  const p = idPrefix ? `${idPrefix}-` : '';
  const suggestedField = options.find((f) => f.fieldId === suggested);
  const aside =
    suggestedField && value === suggestedField.fieldId ? (
      <span className="badge badge-suggested" data-testid={`${p}suggested-${input.input}`}>
        Suggested
      </span>
    ) : suggestedField ? (
      <button type="button" className="link-button" onClick={() => onChange(suggestedField.fieldId)} data-testid={`${p}use-suggestion-${input.input}`}>
        Use suggested: {suggestedField.name}
      </button>
    ) : null;
  const missing = value !== '' && !options.some((f) => f.fieldId === value);
  return (
    <Field id={`${p}mapping-${input.input}`} label={`${input.label}${input.required ? ' (required)' : ''}`} errorKey={`${errorPrefix}${input.input}`} error={error} aside={aside}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`${p}mapping-${input.input}`} {...(input.required ? { 'aria-required': true } : {})}>
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
