import type { AccountVendingSettingsView, AwsAdminConfigView } from '@shared/resolver-contract';
import { useState, type FormEvent } from 'react';
import { saveAws } from '../api';
import { useRequestTypeChoice } from '../hooks/use-request-type-choice';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { mappedFields } from '../request-mapping';
import { BaselineFields, baselineFormFrom, baselineFromForm, type BaselineForm } from './BaselineFields';
import { Field } from './Field';
import { RequestTypeMapping } from './RequestTypeMapping';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';
import { StatusFields, type StatusValues } from './StatusFields';

const listOf = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Which request type asks for an AWS account, which fields feed each input, what a request may ask for, the baseline, the statuses. */
export function VendingSection({ config, onSaved }: { config: AwsAdminConfigView; onSaved: () => Promise<void> }) {
  const saved = config.vending;
  const [environments, setEnvironments] = useState((saved?.allowedEnvironments ?? config.defaults.allowedEnvironments).join('\n'));
  const [costCenterPattern, setCostCenterPattern] = useState(saved?.costCenterPattern ?? config.defaults.costCenterPattern);
  const [baseline, setBaseline] = useState<BaselineForm>(() => baselineFormFrom(saved?.baseline));
  const [statuses, setStatuses] = useState<StatusValues>({
    provisionStatus: saved?.provisionStatus ?? 'In Progress',
    doneStatus: saved?.doneStatus ?? 'Done',
    failedStatus: saved?.failedStatus ?? 'Provisioning failed',
  });
  const save = useSave();
  const errors = fieldErrorsOf(save.state);
  const touched = () => {
    if (save.state.status === 'saved') save.reset();
  };
  const requestType = useRequestTypeChoice(saved, config.suggestions, touched);

  const shown = [
    'vending.requestTypeId',
    'vending.allowedEnvironments',
    'vending.costCenterPattern',
    'vending.baseline',
    'vending.baseline.projectName',
    'vending.baseline.url',
    'vending.provisionStatus',
    'vending.doneStatus',
    'vending.failedStatus',
    ...config.vendingInputs.map((i) => `vending.fields.${i.input}`),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const vending: AccountVendingSettingsView = {
      requestTypeId: requestType.requestTypeId,
      fields: mappedFields(requestType.fields),
      allowedEnvironments: listOf(environments),
      costCenterPattern: costCenterPattern.trim(),
      baseline: baselineFromForm(baseline),
      ...statuses,
    };
    save.run(() => saveAws({ vending }), onSaved);
  };

  return (
    <Section
      id="vending"
      title="Account vending"
      description="When a request of this type is approved and reaches the start status, Provisio checks it against AWS, creates the account (one at a time, as AWS Organizations requires), moves it to its organizational unit, tags it, runs the baseline, and reports every stage on the request."
    >
      <form className="admin-form" onSubmit={submit} noValidate>
        <RequestTypeMapping
          selectId="vending-request-type"
          requestTypeErrorKey="vending.requestTypeId"
          mappingIdPrefix="vending"
          errorPrefix="vending.fields."
          requestTypes={config.requestTypes}
          requestTypeId={requestType.requestTypeId}
          onRequestType={requestType.choose}
          inputs={config.vendingInputs}
          fields={requestType.fields}
          suggestion={requestType.suggestion}
          errors={errors}
          onField={requestType.setField}
        />

        <div className="field-row">
          <Field
            id="vending-environments"
            label="Allowed environments"
            errorKey="vending.allowedEnvironments"
            error={errors['vending.allowedEnvironments']}
            hint="One per line. A request for any other environment is refused before approval; the account is tagged Environment=<value>."
          >
            {(a11y) => (
              <textarea
                {...a11y}
                rows={Math.min(8, Math.max(3, listOf(environments).length + 1))}
                value={environments}
                onChange={(e) => {
                  setEnvironments(e.target.value);
                  touched();
                }}
                spellCheck={false}
                data-testid="vending-environments"
              />
            )}
          </Field>
          <Field
            id="vending-cost-center-pattern"
            label="Cost center pattern"
            errorKey="vending.costCenterPattern"
            error={errors['vending.costCenterPattern']}
            hint={<>A regular expression the whole cost center must match, like <code>{config.defaults.costCenterPattern}</code>.</>}
          >
            {(a11y) => (
              <input
                {...a11y}
                className="mono"
                value={costCenterPattern}
                onChange={(e) => {
                  setCostCenterPattern(e.target.value);
                  touched();
                }}
                autoComplete="off"
                spellCheck={false}
                data-testid="vending-cost-center-pattern"
              />
            )}
          </Field>
        </div>

        <BaselineFields
          value={baseline}
          errors={errors}
          onChange={(patch) => {
            setBaseline((b) => ({ ...b, ...patch }));
            touched();
          }}
        />

        <StatusFields
          idPrefix="vending"
          errorPrefix="vending."
          values={statuses}
          errors={errors}
          onChange={(patch) => {
            setStatuses((s) => ({ ...s, ...patch }));
            touched();
          }}
        />

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.state.status === 'saving'} aria-busy={save.state.status === 'saving'} data-testid="vending-save">
            {save.state.status === 'saving' ? 'Saving…' : 'Save account vending'}
          </button>
        </div>
        <SaveFeedback state={save.state} testIdPrefix="vending" savedMessage="Account vending settings saved." otherErrors={unshownErrors(errors, shown)} />
      </form>
    </Section>
  );
}
