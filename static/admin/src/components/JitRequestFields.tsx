import type { JitAdminConfigView } from '@shared/jit-contract';
import { listOf, type RequestForm } from '../jit-form';
import { mappingFor, suggestionFor } from '../request-mapping';
import { Field } from './Field';
import { RequestTypeMapping } from './RequestTypeMapping';

export interface JitRequestFieldsProps {
  config: JitAdminConfigView;
  value: RequestForm;
  errors: Record<string, string>;
  onChange: (patch: Partial<RequestForm>) => void;
}

/** Which request type asks for temporary access, which of its fields say what, and the statuses that start and end it. */
export function JitRequestFields({ config, value, errors, onChange }: JitRequestFieldsProps) {
  const suggestion = suggestionFor(config.suggestions, value.requestTypeId);
  const text = (key: 'provisionStatus' | 'failedStatus' | 'driftCheckMinutes', label: string, hint: string, extra: { number?: boolean } = {}) => (
    <Field id={`jit-${key}`} label={label} errorKey={key} error={errors[key]} hint={hint}>
      {(a11y) => (
        <input
          {...a11y}
          {...(extra.number ? { type: 'number', inputMode: 'numeric' as const, min: 5, max: 1440, step: 1, className: 'input-short' } : {})}
          value={value[key]}
          onChange={(e) => onChange({ [key]: e.target.value })}
          autoComplete="off"
          data-testid={`jit-${key}`}
        />
      )}
    </Field>
  );
  return (
    <>
      <RequestTypeMapping
        selectId="jit-request-type"
        requestTypeErrorKey="requestTypeId"
        mappingIdPrefix="jit"
        requestTypes={config.requestTypes}
        requestTypeId={value.requestTypeId}
        onRequestType={(id) => onChange({ requestTypeId: id, fields: mappingFor(config.settings, config.suggestions, id) })}
        inputs={config.jitInputs}
        fields={value.fields}
        suggestion={suggestion}
        errors={errors}
        onField={(input, fieldId) => onChange({ fields: { ...value.fields, [input]: fieldId } })}
      />
      <fieldset className="statuses">
        <legend>Workflow statuses</legend>
        <div className="field-row field-row-3">
          {text('provisionStatus', 'Start at status', 'An approved request reaching this status schedules the access.')}
          <Field id="jit-endStatuses" label="End at statuses" errorKey="endStatuses" error={errors.endStatuses} hint="One per line: reaching any of these ends the access at once.">
            {(a11y) => (
              <textarea
                {...a11y}
                rows={Math.min(5, Math.max(2, listOf(value.endStatuses).length + 1))}
                value={value.endStatuses}
                onChange={(e) => onChange({ endStatuses: e.target.value })}
                spellCheck={false}
                data-testid="jit-endStatuses"
              />
            )}
          </Field>
          {text('failedStatus', 'Refused status (optional)', 'Where a request Provisio cannot grant goes.')}
        </div>
        {text('driftCheckMinutes', 'Drift check every (minutes)', 'How often the sweep compares each target’s members with the grants: 5 to 1440.', { number: true })}
      </fieldset>
    </>
  );
}
