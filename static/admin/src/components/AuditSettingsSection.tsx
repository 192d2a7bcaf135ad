import type { SecretAuditConfigView, SecretAuditSettingsInput } from '@shared/secret-audit-contract';
import { useState, type FormEvent } from 'react';
import { saveSecretAudit } from '../api';
import { useRequestTypeChoice } from '../hooks/use-request-type-choice';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { mappedFields } from '../request-mapping';
import { Field, type FieldControlProps } from './Field';
import { RequestTypeMapping } from './RequestTypeMapping';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';

const lines = (list: string[] | undefined) => (list ?? []).join('\n');
const countOf = (text: string) => text.split(/[\s,]+/).filter(Boolean).length;

interface AuditForm {
  topicArns: string;
  publishTopicArn: string;
  automationPrincipals: string;
  projectKey: string;
  issueTypeName: string;
}

/** Which topics may deliver, which principals are automation, where unapproved changes go, and which request approves a change. */
export function AuditSettingsSection({ config, onSaved }: { config: SecretAuditConfigView; onSaved: () => Promise<void> }) {
  const saved = config.settings;
  const [form, setForm] = useState<AuditForm>({
    topicArns: lines(saved?.topicArns),
    publishTopicArn: saved?.publishTopicArn ?? '',
    automationPrincipals: lines(saved?.automationPrincipals),
    projectKey: saved?.projectKey ?? '',
    issueTypeName: saved?.issueTypeName ?? 'Task',
  });
  const save = useSave();
  const errors = fieldErrorsOf(save.state);
  const touched = () => {
    if (save.state.status === 'saved') save.reset();
  };
  const set = (patch: Partial<AuditForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    touched();
  };
  const requestType = useRequestTypeChoice(saved, config.suggestions, touched);

  const shown = ['topicArns', 'publishTopicArn', 'automationPrincipals', 'projectKey', 'issueTypeName', 'requestTypeId', ...config.inputs.map((i) => `fields.${i.input}`)];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings: SecretAuditSettingsInput = {
      topicArns: form.topicArns,
      publishTopicArn: form.publishTopicArn.trim(),
      automationPrincipals: form.automationPrincipals,
      projectKey: form.projectKey.trim(),
      issueTypeName: form.issueTypeName.trim(),
      requestTypeId: requestType.requestTypeId,
      fields: mappedFields(requestType.fields),
    };
    save.run(() => saveSecretAudit(settings), onSaved);
  };

  const text = (key: keyof AuditForm, testId: string, extra: { mono?: boolean; placeholder?: string } = {}) =>
    function Control(a11y: FieldControlProps) {
      return (
        <input
          {...a11y}
          className={extra.mono ? 'mono' : undefined}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
          autoComplete="off"
          spellCheck={false}
          placeholder={extra.placeholder}
          data-testid={testId}
        />
      );
    };
  const list = (key: 'topicArns' | 'automationPrincipals', testId: string) =>
    function Control(a11y: FieldControlProps) {
      return <textarea {...a11y} className="mono-area" rows={Math.min(8, Math.max(2, countOf(form[key]) + 1))} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} spellCheck={false} data-testid={testId} />;
    };

  return (
    <Section
      id="audit-settings"
      title="How changes are judged"
      description="A change is matched when an approved request of the type below names the secret and its change window covers the time. Changes by automation are recorded without a request; any other change is unapproved: Provisio files an issue and alerts Slack."
    >
      <form className="admin-form" onSubmit={submit} noValidate>
        <Field id="audit-topic-arns" label="Topics allowed to deliver" errorKey="topicArns" error={errors.topicArns} hint="The SNS topic ARNs whose messages Provisio accepts, one per line. Messages from any other topic are refused.">
          {list('topicArns', 'audit-topic-arns')}
        </Field>
        <Field
          id="audit-publish-topic"
          label="Publish approvals to"
          errorKey="publishTopicArn"
          error={errors.publishTopicArn}
          hint={
            <>
              An SNS topic ARN: each approved request is published there (issue key as a message attribute), so pipelines can wait for the approval. Empty: not
              published.
              {!config.awsConnected && <strong data-testid="audit-aws-not-connected"> Publishing needs the AWS connection (AWS &amp; account vending tab).</strong>}
            </>
          }
        >
          {text('publishTopicArn', 'audit-publish-topic', { mono: true, placeholder: 'arn:aws:sns:us-east-1:123456789012:provisio-secret-changes' })}
        </Field>
        <Field
          id="audit-automation-principals"
          label="Automation principals"
          errorKey="automationPrincipals"
          error={errors.automationPrincipals}
          hint="IAM user, role or assumed-role ARNs (rotation functions, deploy pipelines) whose changes need no request, one per line."
        >
          {list('automationPrincipals', 'audit-automation-principals')}
        </Field>

        <fieldset className="unapproved">
          <legend>Unapproved changes</legend>
          <div className="field-row">
            <Field id="audit-project-key" label="File an issue in project" errorKey="projectKey" error={errors.projectKey} hint="A project key, like OPS.">
              {text('projectKey', 'audit-project-key')}
            </Field>
            <Field id="audit-issue-type" label="Issue type" errorKey="issueTypeName" error={errors.issueTypeName} hint="The issue type's name in that project.">
              {text('issueTypeName', 'audit-issue-type')}
            </Field>
          </div>
        </fieldset>

        <RequestTypeMapping
          selectId="audit-request-type"
          label="Secret change request type"
          requestTypeErrorKey="requestTypeId"
          mappingIdPrefix="audit"
          requestTypes={config.requestTypes}
          requestTypeId={requestType.requestTypeId}
          onRequestType={requestType.choose}
          inputs={config.inputs}
          fields={requestType.fields}
          suggestion={requestType.suggestion}
          errors={errors}
          onField={requestType.setField}
        />

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.state.status === 'saving'} aria-busy={save.state.status === 'saving'} data-testid="audit-save">
            {save.state.status === 'saving' ? 'Saving…' : 'Save secret change audit'}
          </button>
        </div>
        <SaveFeedback state={save.state} testIdPrefix="audit" savedMessage="Secret change audit settings saved." otherErrors={unshownErrors(errors, shown)} />
      </form>
    </Section>
  );
}
