import type { JitAdminConfigView, PersonView } from '@shared/jit-contract';
import { useEffect, useRef } from 'react';
import { slugOf, type TargetForm, type TargetKind } from '../jit-form';
import { Field } from './Field';
import { JitPolicyFields } from './JitPolicyFields';
import { JitRefFields } from './JitRefFields';

export interface JitTargetEditorProps {
  form: TargetForm;
  index: number;
  kinds: JitAdminConfigView['targetKinds'];
  errors: Record<string, string>;
  onChange: (patch: Partial<TargetForm>) => void;
  onRemove: () => void;
  /** Focus the name (a target just added). */
  autoFocus: boolean;
  names: Readonly<Record<string, string>>;
  onPersonPicked: (person: PersonView) => void;
}

/** One target: its name and id, its kind and where it lives, and its policy. */
export function JitTargetEditor({ form, index, kinds, errors, onChange, onRemove, autoFocus, names, onPersonPicked }: JitTargetEditorProps) {
  const at = `targets.${index}`;
  const name = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) name.current?.focus();
  }, [autoFocus]);
  const id = form.isNew && !form.idEdited ? slugOf(form.name) : form.id;
  const title = form.name.trim() || 'New target';
  return (
    <fieldset className="jit-target" data-testid="jit-target" data-target-id={form.isNew ? '' : form.id} aria-labelledby={`${form.key}-legend`}>
      <legend id={`${form.key}-legend`} className="jit-target-legend">
        <span data-testid={`jit-target-${index}-title`}>{title}</span>
        <button type="button" className="link-button jit-remove" onClick={onRemove} aria-label={`Remove target ${title}`} data-testid={`jit-target-${index}-remove`}>
          Remove target
        </button>
      </legend>
      <div className="field-row">
        <Field id={`${form.key}-name`} label="Name" errorKey={`${at}.name`} error={errors[`${at}.name`]} hint="What requesters type in “Access target”.">
          {(a11y) => (
            <input {...a11y} ref={name} value={form.name} onChange={(e) => onChange({ name: e.target.value })} autoComplete="off" data-testid={`jit-target-${index}-name`} />
          )}
        </Field>
        <Field
          id={`${form.key}-id`}
          label="Id"
          errorKey={`${at}.id`}
          error={errors[`${at}.id`]}
          hint={form.isNew ? 'Lower-case letters, digits and dashes; fixed once saved (it keys the grants).' : 'Fixed: it keys this target’s grants and drift history.'}
        >
          {(a11y) => (
            <input
              {...a11y}
              className="mono"
              value={id}
              readOnly={!form.isNew}
              onChange={(e) => onChange({ id: e.target.value, idEdited: true })}
              autoComplete="off"
              spellCheck={false}
              data-testid={`jit-target-${index}-id`}
            />
          )}
        </Field>
      </div>
      <Field id={`${form.key}-kind`} label="Kind" errorKey={`${at}.ref.kind`} error={errors[`${at}.ref.kind`]}>
        {(a11y) => (
          <select {...a11y} value={form.kind} onChange={(e) => onChange({ kind: e.target.value as TargetKind })} data-testid={`jit-target-${index}-kind`}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <JitRefFields form={form} index={index} errors={errors} onChange={onChange} />
      <JitPolicyFields idPrefix={form.key} index={index} kind={form.kind} value={form.policy} errors={errors} onChange={(patch) => onChange({ policy: { ...form.policy, ...patch } })} names={names} onPersonPicked={onPersonPicked} />
    </fieldset>
  );
}
