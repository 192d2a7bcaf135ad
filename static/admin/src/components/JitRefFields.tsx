import type { AtlassianRefForm, AwsRefForm, OktaRefForm, TargetForm } from '../jit-form';
import { KIND_FIELDS } from '../jit-form';
import { CheckboxField } from './CheckboxField';
import { Field } from './Field';

export interface JitRefFieldsProps {
  form: TargetForm;
  /** Test ids and error keys: `targets.<index>.ref.<field>`. */
  index: number;
  errors: Record<string, string>;
  onChange: (patch: Partial<Pick<TargetForm, 'okta' | 'aws' | 'atlassian'>>) => void;
}

/** Where the membership lives, in the target system's own ids: the fields of the target's kind. */
export function JitRefFields({ form, index, errors, onChange }: JitRefFieldsProps) {
  const at = `targets.${index}.ref`;
  const values: Record<string, string> =
    form.kind === 'okta-group' ? { groupId: form.okta.groupId, groupName: form.okta.groupName } : form.kind === 'aws-permission-set' ? { ...form.aws } : { ...form.atlassian };
  const set = (key: string, value: string) => {
    if (form.kind === 'okta-group') onChange({ okta: { ...form.okta, [key]: value } as OktaRefForm });
    else if (form.kind === 'aws-permission-set') onChange({ aws: { ...form.aws, [key]: value } as AwsRefForm });
    else onChange({ atlassian: { ...form.atlassian, [key]: value } as AtlassianRefForm });
  };
  return (
    <>
      <div className="field-row">
        {KIND_FIELDS[form.kind].map((f) => (
          <Field key={`${form.kind}-${f.key}`} id={`${form.key}-${f.key}`} label={f.label} errorKey={`${at}.${f.key}`} error={errors[`${at}.${f.key}`]} hint={f.hint}>
            {(a11y) => (
              <input
                {...a11y}
                className={f.mono ? 'mono' : undefined}
                value={values[f.key] ?? ''}
                onChange={(e) => set(f.key, e.target.value)}
                placeholder={f.placeholder}
                autoComplete="off"
                spellCheck={false}
                data-testid={`jit-target-${index}-${f.key}`}
              />
            )}
          </Field>
        ))}
      </div>
      {form.kind === 'okta-group' && (
        <CheckboxField
          id={`${form.key}-clearSessions`}
          label="Clear the person's Okta sessions when the access ends"
          checked={form.okta.clearSessions}
          onChange={(clearSessions) => onChange({ okta: { ...form.okta, clearSessions } })}
          errorKey={`${at}.clearSessions`}
          error={errors[`${at}.clearSessions`]}
          hint="Signs them out everywhere, so apps that read the group at sign-in lose the access too."
          testId={`jit-target-${index}-clearSessions`}
        />
      )}
    </>
  );
}
