import type { ExportConfigView } from '@shared/export-contract';
import type { ExportForm } from '../hooks/use-export-form';
import { Field } from './Field';

export interface ExportProjectsFieldProps {
  projects: ExportConfigView['jiraProjects'];
  form: ExportForm;
  error?: string;
  onToggle: (key: string, on: boolean) => void;
  onChange: (patch: Partial<ExportForm>) => void;
}

/**
 * Which projects are exported: ticked in the list of projects Provisio can see, or typed by key
 * (for a project the list does not show). The resolver checks every key with Jira.
 */
export function ExportProjectsField({ projects, form, error, onToggle, onChange }: ExportProjectsFieldProps) {
  const errorId = error ? 'export-projects-error' : undefined;
  return (
    <fieldset className={`export-projects${error ? ' field-invalid' : ''}`} aria-describedby={errorId} data-testid="export-projects">
      <legend>Projects</legend>
      <p className="field-hint">Each project is exported on its own, under its own partition, with its own watermark.</p>
      {projects.length === 0 ? (
        <p className="muted" data-testid="export-no-projects">
          Provisio sees no Jira projects. Type the keys below.
        </p>
      ) : (
        <ul className="export-project-list" aria-label="Jira projects">
          {projects.map((p) => (
            <li key={p.key} className="field-checkbox">
              <input
                id={`export-project-${p.key}`}
                type="checkbox"
                checked={form.projects.includes(p.key)}
                onChange={(e) => onToggle(p.key, e.target.checked)}
                {...(error ? { 'aria-invalid': true as const } : {})}
                data-testid={`export-project-${p.key}`}
              />
              <label htmlFor={`export-project-${p.key}`}>
                <span className="mono">{p.key}</span> <span className="muted">{p.name}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <Field id="export-project-keys" label="Other project keys" errorKey="projects-typed" hint="Projects not listed above, by key, separated by commas (like HR, FIN).">
        {(a11y) => (
          <input
            {...a11y}
            {...(error ? { 'aria-invalid': true as const, 'aria-describedby': [errorId, a11y['aria-describedby']].filter(Boolean).join(' ') } : {})}
            className="mono input-short"
            value={form.otherProjects}
            onChange={(e) => onChange({ otherProjects: e.target.value })}
            autoComplete="off"
            spellCheck={false}
            data-testid="export-project-keys"
          />
        )}
      </Field>
      {error && (
        <p id={errorId} className="field-error" data-testid="error-projects">
          {error}
        </p>
      )}
    </fieldset>
  );
}
