import type { PersonView } from '@shared/jit-contract';
import type { PolicyForm, TargetKind } from '../jit-form';
import { listOf } from '../jit-form';
import { ApproverPicker } from './ApproverPicker';
import { CheckboxField } from './CheckboxField';
import { Field } from './Field';

const MEMBER_WORDS: Record<TargetKind, string> = {
  'okta-group': 'Okta logins or user ids',
  'aws-permission-set': 'Identity Center user names or user ids',
  'atlassian-group': 'Atlassian account ids or emails',
};

export interface JitPolicyFieldsProps {
  idPrefix: string;
  /** Test ids and error keys: `targets.<index>.policy.<field>`. */
  index: number;
  kind: TargetKind;
  value: PolicyForm;
  errors: Record<string, string>;
  onChange: (patch: Partial<PolicyForm>) => void;
  /** Names of the account ids the page knows. */
  names: Readonly<Record<string, string>>;
  /** A person picked by name: the page learns their name. */
  onPersonPicked: (person: PersonView) => void;
}

/** How long, who approves, who always stays, and what the sweep does with anyone else. */
export function JitPolicyFields({ idPrefix, index, kind, value, errors, onChange, names, onPersonPicked }: JitPolicyFieldsProps) {
  const at = `targets.${index}.policy`;
  const minutes = (key: 'maxDurationMinutes' | 'maxTotalMinutes', label: string, hint: string) => (
    <Field id={`${idPrefix}-${key}`} label={label} errorKey={`${at}.${key}`} error={errors[`${at}.${key}`]} hint={hint}>
      {(a11y) => (
        <input
          {...a11y}
          type="number"
          inputMode="numeric"
          min={5}
          step={1}
          className="input-short"
          value={value[key]}
          onChange={(e) => onChange({ [key]: e.target.value })}
          data-testid={`jit-target-${index}-${key}`}
        />
      )}
    </Field>
  );
  const addApprover = (person: PersonView) => {
    onPersonPicked(person);
    if (!listOf(value.approvers).includes(person.accountId)) onChange({ approvers: [...listOf(value.approvers), person.accountId].join('\n') });
  };
  const picker = <ApproverPicker idPrefix={idPrefix} index={index} approvers={value.approvers} names={names} onAdd={addApprover} />;
  const list = (key: 'approvers' | 'permanentMembers', label: string, hint: string) => (
    <Field id={`${idPrefix}-${key}`} label={label} errorKey={`${at}.${key}`} error={errors[`${at}.${key}`]} hint={hint} {...(key === 'approvers' ? { aside: picker } : {})}>
      {(a11y) => (
        <textarea
          {...a11y}
          className="mono-area"
          rows={Math.min(6, Math.max(2, listOf(value[key]).length + 1))}
          value={value[key]}
          onChange={(e) => onChange({ [key]: e.target.value })}
          spellCheck={false}
          data-testid={`jit-target-${index}-${key}`}
        />
      )}
    </Field>
  );
  return (
    <fieldset className="jit-policy">
      <legend>Policy</legend>
      <div className="field-row">
        {minutes('maxDurationMinutes', 'Maximum duration (minutes)', 'The longest single grant: 5 to 10080 (7 days).')}
        {minutes('maxTotalMinutes', 'Maximum with extensions (minutes)', 'At least the maximum duration, at most 43200 (30 days).')}
      </div>
      <CheckboxField
        id={`${idPrefix}-approvalRequired`}
        label="Approval required"
        checked={value.approvalRequired}
        onChange={(approvalRequired) => onChange({ approvalRequired })}
        errorKey={`${at}.approvalRequired`}
        error={errors[`${at}.approvalRequired`]}
        hint="Off: an agent moving the request to the start status is enough."
        testId={`jit-target-${index}-approvalRequired`}
      />
      <div className="field-row">
        {list('approvers', 'Approvers', 'Jira account ids, one per line, or find people by name below. At least two: an extension needs someone other than the approver of the grant.')}
        {list('permanentMembers', 'Permanent members', `${MEMBER_WORDS[kind]}, one per line. Provisio never removes them; at least one, so the group is never left empty.`)}
      </div>
      <CheckboxField
        id={`${idPrefix}-removeDrift`}
        label="Remove drift"
        checked={value.removeDrift}
        onChange={(removeDrift) => onChange({ removeDrift })}
        errorKey={`${at}.drift`}
        error={errors[`${at}.drift`]}
        hint="On: the sweep removes members who have neither an active grant nor a permanent place. Off: it only reports them."
        testId={`jit-target-${index}-removeDrift`}
      />
    </fieldset>
  );
}
