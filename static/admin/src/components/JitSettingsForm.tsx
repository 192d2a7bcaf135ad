import type { JitAdminConfigView } from '@shared/jit-contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { saveJit } from '../api';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { KIND_FIELDS, newTargetForm, requestFormFrom, settingsFromForm, slugOf, targetFormFrom, type RequestForm, type TargetForm } from '../jit-form';
import { JitApiKeyField } from './JitApiKeyField';
import { JitRequestFields } from './JitRequestFields';
import { JitTargetEditor } from './JitTargetEditor';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';

const REQUEST_KEYS = ['requestTypeId', 'provisionStatus', 'endStatuses', 'failedStatus', 'driftCheckMinutes', 'atlassianApiKey'];
const POLICY_KEYS = ['maxDurationMinutes', 'maxTotalMinutes', 'approvalRequired', 'approvers', 'permanentMembers', 'drift'];

/** Every error key an input of the form shows, so the rest are listed with the save feedback. */
function shownKeys(config: JitAdminConfigView, targets: TargetForm[]): string[] {
  return [
    ...REQUEST_KEYS,
    ...config.jitInputs.map((i) => `fields.${i.input}`),
    ...targets.flatMap((t, i) => [
      `targets.${i}.name`,
      `targets.${i}.id`,
      `targets.${i}.ref.kind`,
      ...KIND_FIELDS[t.kind].map((f) => `targets.${i}.ref.${f.key}`),
      ...(t.kind === 'okta-group' ? [`targets.${i}.ref.clearSessions`] : []),
      ...POLICY_KEYS.map((k) => `targets.${i}.policy.${k}`),
    ]),
  ];
}

/**
 * Just-in-time access settings, saved together: the request type and its fields, the statuses,
 * the targets with their policies, and (write-only) the Atlassian organization API key. The
 * resolver checks everything; nothing is saved unless all of it is valid.
 */
export function JitSettingsForm({ config, onSaved }: { config: JitAdminConfigView; onSaved: () => Promise<void> }) {
  const [request, setRequest] = useState<RequestForm>(() => requestFormFrom(config));
  const [targets, setTargets] = useState<TargetForm[]>(() => (config.settings?.targets ?? []).map(targetFormFrom));
  // Write-only: never filled from the server, cleared after every successful save.
  const [apiKey, setApiKey] = useState('');
  const [added, setAdded] = useState<string>();
  // Names for account ids: the saved approvers Jira knows, plus anyone picked by name since.
  const [names, setNames] = useState<Record<string, string>>(() => Object.fromEntries(config.people.map((p) => [p.accountId, p.displayName])));
  const save = useSave();
  const errors = fieldErrorsOf(save.state);
  const touched = () => {
    if (save.state.status === 'saved') save.reset();
  };
  // Adding or removing a target moves the others: errors keyed by position would point at the wrong one.
  const reshaped = () => {
    if (save.state.status !== 'saving') save.reset();
  };

  const changeTarget = (key: string, patch: Partial<TargetForm>) => {
    setTargets((list) => list.map((t) => (t.key === key ? { ...t, ...patch } : t)));
    touched();
  };

  const addTarget = () => {
    const target = newTargetForm();
    setTargets((list) => [...list, target]);
    setAdded(target.key);
    reshaped();
  };

  const removeTarget = (key: string) => {
    setTargets((list) => list.filter((t) => t.key !== key));
    reshaped();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings = settingsFromForm(request, targets);
    const key = apiKey.trim();
    save.run(
      () => saveJit({ settings, ...(key ? { atlassianApiKey: key } : {}) }),
      async () => {
        setApiKey('');
        // Saved: the new targets' ids are fixed from now on.
        setTargets((list) => list.map((t) => (t.isNew ? { ...t, isNew: false, idEdited: true, id: t.idEdited ? t.id.trim() : slugOf(t.name) } : t)));
        await onSaved();
      },
    );
  };

  // A refused save: take the admin to the first field marked (the form is long).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (save.state.status === 'invalid') form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.state]);

  const saving = save.state.status === 'saving';
  return (
    <form ref={form} className="admin-form" onSubmit={submit} noValidate aria-label="Just-in-time access settings">
      <Section
        id="jit-requests"
        title="Requests for temporary access"
        description="When a request of this type is approved and reaches the start status, Provisio adds the person to the target they named for the time they asked (within the target's policy), and removes them at expiry or when the request ends."
      >
        <JitRequestFields
          config={config}
          value={request}
          errors={errors}
          onChange={(patch) => {
            setRequest((r) => ({ ...r, ...patch }));
            touched();
          }}
        />
      </Section>

      <Section
        id="jit-targets"
        title="Targets and policies"
        description="What a request may open: an Okta group, an AWS IAM Identity Center permission set on one account, or an Atlassian organization group — each with its own limits and approvers."
      >
        {targets.length === 0 && (
          <p className="muted" data-testid="jit-no-targets">
            No targets yet. Add one for each group or permission set people may ask for.
          </p>
        )}
        <div className="jit-targets" data-testid="jit-targets">
          {targets.map((target, index) => (
            <JitTargetEditor
              key={target.key}
              form={target}
              index={index}
              kinds={config.targetKinds}
              errors={errors}
              onChange={(patch) => changeTarget(target.key, patch)}
              onRemove={() => removeTarget(target.key)}
              autoFocus={target.key === added}
              names={names}
              onPersonPicked={(person) => setNames((known) => ({ ...known, [person.accountId]: person.displayName }))}
            />
          ))}
        </div>
        <button type="button" className="button" onClick={addTarget} data-testid="jit-add-target">
          Add target
        </button>
      </Section>

      <Section id="jit-atlassian" title="Atlassian organization" description="Atlassian group targets change group membership through the organization's admin API, with an org API key.">
        <JitApiKeyField
          value={apiKey}
          onChange={(value) => {
            setApiKey(value);
            touched();
          }}
          saved={config.atlassianApiKeySaved}
          error={errors.atlassianApiKey}
        />
      </Section>

      <div className="form-actions jit-save-bar">
        <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving} data-testid="jit-save">
          {saving ? 'Saving…' : 'Save just-in-time access'}
        </button>
        <span className="muted">Checked when you save: nothing changes unless every field is valid.</span>
      </div>
      <SaveFeedback state={save.state} testIdPrefix="jit" savedMessage="Just-in-time access settings saved." otherErrors={unshownErrors(errors, shownKeys(config, targets))} />
    </form>
  );
}
