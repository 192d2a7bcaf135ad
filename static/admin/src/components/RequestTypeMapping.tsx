import { Field } from './Field';
import { FieldMappingRow, type MappingInput, type RequestField } from './FieldMappingRow';

export interface RequestTypeMappingProps {
  /** Id and test id of the request-type select (`vending-request-type`). */
  selectId: string;
  label?: string;
  /** The resolver's error key for the request type (`requestTypeId`, `vending.requestTypeId`). */
  requestTypeErrorKey: string;
  /** Prefixes the mapping rows' ids and test ids; none for onboarding. */
  mappingIdPrefix?: string;
  /** How the resolver keys a mapped input's error (`fields.` → `fields.workEmail`). */
  errorPrefix?: string;
  requestTypes: { id: string; name: string; fields: RequestField[] }[];
  requestTypeId: string;
  onRequestType: (requestTypeId: string) => void;
  inputs: MappingInput[];
  fields: Record<string, string>;
  /** The field suggested by name per input, for the chosen request type. */
  suggestion: Record<string, string>;
  errors: Record<string, string | undefined>;
  onField: (input: string, fieldId: string) => void;
}

/**
 * Which request type starts an action, and which of its fields feed each of the action's inputs:
 * the same form for onboarding, account vending, the secret audit and JIT access.
 */
export function RequestTypeMapping(props: RequestTypeMappingProps) {
  const { selectId, requestTypeErrorKey, errorPrefix = 'fields.', requestTypes, requestTypeId, errors } = props;
  const requestType = requestTypes.find((t) => t.id === requestTypeId);
  return (
    <>
      <Field id={selectId} label={props.label ?? 'Request type'} errorKey={requestTypeErrorKey} error={errors[requestTypeErrorKey]}>
        {(a11y) => (
          <select {...a11y} value={requestTypeId} onChange={(e) => props.onRequestType(e.target.value)} data-testid={selectId}>
            {!requestType && <option value="">Choose a request type</option>}
            {requestTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="mapping" disabled={!requestType}>
        <legend>Request fields</legend>
        <p className="field-hint">Which field of the request holds each value. Fields matching by name are suggested; check them before saving.</p>
        {props.inputs.map((input) => (
          <FieldMappingRow
            key={input.input}
            {...(props.mappingIdPrefix ? { idPrefix: props.mappingIdPrefix } : {})}
            errorPrefix={errorPrefix}
            input={input}
            options={requestType?.fields ?? []}
            value={props.fields[input.input] ?? ''}
            suggested={props.suggestion[input.input]}
            error={errors[`${errorPrefix}${input.input}`]}
            onChange={(fieldId) => props.onField(input.input, fieldId)}
          />
        ))}
      </fieldset>
    </>
  );
}
