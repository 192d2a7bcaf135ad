import type { AdminConfigView, OnboardingSettingsView } from '@shared/resolver-contract';
import { useState, type FormEvent } from 'react';
import { saveOnboarding } from '../api';
import { useRequestTypeChoice } from '../hooks/use-request-type-choice';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { mappedFields } from '../request-mapping';
import { Field } from './Field';
import { RequestTypeMapping } from './RequestTypeMapping';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';
import { StatusFields, type StatusValues } from './StatusFields';

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Which request type onboards an employee, which of its fields feed each input, the group allow-list, the statuses. */
export function OnboardingSection({ config, onSaved }: { config: AdminConfigView; onSaved: () => Promise<void> }) {
  const saved = config.onboarding;
  const [groups, setGroups] = useState((saved?.groupAllowList ?? []).join('\n'));
  const [followUpUrl, setFollowUpUrl] = useState(saved?.followUpUrl ?? '');
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

  const shown = ['requestTypeId', 'groupAllowList', 'followUpUrl', 'provisionStatus', 'doneStatus', 'failedStatus', ...config.onboardingInputs.map((i) => `fields.${i.input}`)];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings: OnboardingSettingsView = {
      requestTypeId: requestType.requestTypeId,
      fields: mappedFields(requestType.fields),
      groupAllowList: linesOf(groups),
      ...statuses,
      ...(followUpUrl.trim() ? { followUpUrl: followUpUrl.trim() } : {}),
    };
    save.run(() => saveOnboarding(settings), onSaved);
  };

  return (
    <Section
      id="onboarding"
      title="Onboarding"
      description="When a request of this type is approved and reaches the start status, Provisio creates the Okta user, adds the requested groups, comments on the request and resolves it."
    >
      <form className="admin-form" onSubmit={submit} noValidate>
        <RequestTypeMapping
          selectId="onboarding-request-type"
          requestTypeErrorKey="requestTypeId"
          requestTypes={config.requestTypes}
          requestTypeId={requestType.requestTypeId}
          onRequestType={requestType.choose}
          inputs={config.onboardingInputs}
          fields={requestType.fields}
          suggestion={requestType.suggestion}
          errors={errors}
          onField={requestType.setField}
        />

        <Field
          id="onboarding-groups"
          label="Group allow-list"
          errorKey="groupAllowList"
          error={errors.groupAllowList}
          hint="The only Okta groups a request may grant, one name per line. A request asking for any other group is refused before anything is created."
        >
          {(a11y) => (
            <textarea
              {...a11y}
              rows={Math.min(10, Math.max(4, linesOf(groups).length + 1))}
              value={groups}
              onChange={(e) => {
                setGroups(e.target.value);
                touched();
              }}
              spellCheck={false}
              data-testid="onboarding-groups"
            />
          )}
        </Field>

        <Field
          id="onboarding-follow-up"
          label="Follow-up provisioning URL (optional)"
          errorKey="followUpUrl"
          error={errors.followUpUrl}
          hint="Once the Okta user exists, Provisio POSTs the request as JSON to this API Gateway or Lambda function URL, signed with its AWS role (IAM auth), and comments the result. Leave empty to skip."
        >
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              value={followUpUrl}
              onChange={(e) => {
                setFollowUpUrl(e.target.value);
                touched();
              }}
              spellCheck={false}
              data-testid="onboarding-follow-up"
            />
          )}
        </Field>

        <StatusFields
          values={statuses}
          errors={errors}
          onChange={(patch) => {
            setStatuses((s) => ({ ...s, ...patch }));
            touched();
          }}
        />

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.state.status === 'saving'} aria-busy={save.state.status === 'saving'} data-testid="onboarding-save">
            {save.state.status === 'saving' ? 'Saving…' : 'Save onboarding'}
          </button>
        </div>
        <SaveFeedback state={save.state} testIdPrefix="onboarding" savedMessage="Onboarding settings saved." otherErrors={unshownErrors(errors, shown)} />
      </form>
    </Section>
  );
}
