import type { BaselineSettingsView } from '@shared/resolver-contract';
import { Field } from './Field';

export type BaselineKind = BaselineSettingsView['kind'];

/** What the form keeps for the baseline: the chosen kind, and what was typed for each (switching kinds loses nothing). */
export interface BaselineForm {
  kind: BaselineKind;
  projectName: string;
  url: string;
}

export function baselineFormFrom(baseline: BaselineSettingsView | undefined): BaselineForm {
  return {
    kind: baseline?.kind ?? 'none',
    projectName: baseline?.kind === 'codebuild' ? baseline.projectName : '',
    url: baseline?.kind === 'http' ? baseline.url : '',
  };
}

export function baselineFromForm(form: BaselineForm): BaselineSettingsView {
  if (form.kind === 'codebuild') return { kind: 'codebuild', projectName: form.projectName.trim() };
  if (form.kind === 'http') return { kind: 'http', url: form.url.trim() };
  return { kind: 'none' };
}

const KINDS: { kind: BaselineKind; label: string; hint: string }[] = [
  { kind: 'none', label: 'No baseline', hint: 'The account is ready once it is created, moved and tagged.' },
  { kind: 'codebuild', label: 'CodeBuild project', hint: 'Provisio starts a build with the account in its environment variables and waits for it.' },
  { kind: 'http', label: 'Your own HTTP endpoint', hint: 'API Gateway or a Lambda function URL with IAM auth; Provisio signs its calls with the role.' },
];

/** How a new account gets its baseline: none, a CodeBuild project, or the customer's own endpoint. */
export function BaselineFields({ value, errors, onChange }: { value: BaselineForm; errors: Record<string, string>; onChange: (patch: Partial<BaselineForm>) => void }) {
  const kindError = errors['vending.baseline'];
  return (
    <fieldset className="baseline" aria-describedby={kindError ? 'vending-baseline-error' : undefined}>
      <legend>Baseline</legend>
      <div className="radio-group">
        {KINDS.map((k) => (
          <div key={k.kind} className="field-checkbox">
            <input
              type="radio"
              id={`vending-baseline-${k.kind}`}
              name="vending-baseline"
              value={k.kind}
              checked={value.kind === k.kind}
              onChange={() => onChange({ kind: k.kind })}
              aria-describedby={`vending-baseline-${k.kind}-hint`}
              data-testid={`vending-baseline-${k.kind}`}
            />
            <label htmlFor={`vending-baseline-${k.kind}`}>
              {k.label}
              <span id={`vending-baseline-${k.kind}-hint`} className="field-hint radio-hint">
                {k.hint}
              </span>
            </label>
          </div>
        ))}
      </div>
      {kindError && (
        <p id="vending-baseline-error" className="field-error" data-testid="error-vending.baseline">
          {kindError}
        </p>
      )}
      {value.kind === 'codebuild' && (
        <Field id="vending-baseline-project" label="CodeBuild project name" errorKey="vending.baseline.projectName" error={errors['vending.baseline.projectName']} hint="The template's BaselineProjectName: the role may start only this project.">
          {(a11y) => <input {...a11y} value={value.projectName} onChange={(e) => onChange({ projectName: e.target.value })} autoComplete="off" spellCheck={false} data-testid="vending-baseline-project" />}
        </Field>
      )}
      {value.kind === 'http' && (
        <Field
          id="vending-baseline-url"
          label="Endpoint URL"
          errorKey="vending.baseline.url"
          error={errors['vending.baseline.url']}
          hint="https://<id>.execute-api.<region>.amazonaws.com/… or https://<id>.lambda-url.<region>.on.aws/ — see infra/README.md for what it receives and answers."
        >
          {(a11y) => (
            <input {...a11y} type="url" className="mono" value={value.url} onChange={(e) => onChange({ url: e.target.value })} autoComplete="off" spellCheck={false} data-testid="vending-baseline-url" />
          )}
        </Field>
      )}
    </fieldset>
  );
}
