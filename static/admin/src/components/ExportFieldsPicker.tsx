import type { ExportConfigView, ExportFieldView } from '@shared/export-contract';
import { useState } from 'react';
import { fieldLabel } from '../export-format';
import { Field } from './Field';

export interface ExportFieldsPickerProps {
  catalog: ExportConfigView['jiraFields'];
  chosen: ExportFieldView[];
  error?: string;
  onAdd: (field: ExportFieldView) => void;
  onRemove: (id: string) => void;
  onMove: (id: string, by: -1 | 1) => void;
}

/**
 * The Jira fields each record carries, in order, picked from the fields Jira has. Custom fields
 * are shown by name and id, since two of them may share a name.
 */
export function ExportFieldsPicker({ catalog, chosen, error, onAdd, onRemove, onMove }: ExportFieldsPickerProps) {
  const [pick, setPick] = useState('');
  const byId = new Map(catalog.map((f) => [f.id, f]));
  const available = catalog.filter((f) => !chosen.some((c) => c.id === f.id));
  const errorId = error ? 'export-fields-error' : undefined;

  const add = () => {
    const field = byId.get(pick);
    if (!field) return;
    onAdd({ id: field.id, name: field.name });
    setPick('');
  };

  return (
    <fieldset className={`export-fields${error ? ' field-invalid' : ''}`} aria-describedby={errorId}>
      <legend>Fields</legend>
      <p className="field-hint">Each record carries these fields in this order, by id and by name, with the issue&apos;s key, dates and full changelog.</p>
      {chosen.length === 0 ? (
        <p className="muted" data-testid="export-no-fields">
          No fields chosen: records carry only the issue&apos;s key, dates and changelog.
        </p>
      ) : (
        <ol className="export-field-list" aria-label="Exported fields" data-testid="export-fields">
          {chosen.map((f, i) => {
            const known = byId.get(f.id);
            return (
              <li key={f.id} className="export-field" data-testid="export-field" data-field-id={f.id}>
                <span className="export-field-name">{f.name}</span> <code>{f.id}</code>
                {known?.custom && <span className="badge">Custom</span>}
                {!known && <span className="badge badge-danger">Not in Jira</span>}
                <span className="export-field-actions">
                  <button type="button" className="link-button" onClick={() => onMove(f.id, -1)} disabled={i === 0} aria-label={`Move ${f.name} up`}>
                    Up
                  </button>
                  <button type="button" className="link-button" onClick={() => onMove(f.id, 1)} disabled={i === chosen.length - 1} aria-label={`Move ${f.name} down`}>
                    Down
                  </button>
                  <button type="button" className="link-button" onClick={() => onRemove(f.id)} aria-label={`Remove ${f.name}`} data-testid={`export-field-remove-${f.id}`}>
                    Remove
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <Field
        id="export-field-add"
        label="Add a field"
        errorKey="fieldRefs-add"
        aside={
          <button type="button" className="button" onClick={add} disabled={!pick} data-testid="export-field-add-button">
            Add field
          </button>
        }
      >
        {(a11y) => (
          <select
            {...a11y}
            {...(error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {})}
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            data-testid="export-field-add"
          >
            <option value="">Choose a field</option>
            <optgroup label="Jira fields">
              {available
                .filter((f) => !f.custom)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
            </optgroup>
            <optgroup label="Custom fields">
              {available
                .filter((f) => f.custom)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {fieldLabel(f)}
                  </option>
                ))}
            </optgroup>
          </select>
        )}
      </Field>
      {error && (
        <p id={errorId} className="field-error" data-testid="error-fieldRefs">
          {error}
        </p>
      )}
    </fieldset>
  );
}
