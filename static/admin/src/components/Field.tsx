import type { ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export interface FieldProps {
  id: string;
  label: string;
  /** The key the resolver uses for this field's error (e.g. `orgUrl`, `fields.workEmail`). */
  errorKey: string;
  error?: string;
  hint?: ReactNode;
  /** Shown after the label, e.g. a "suggested" marker. */
  badge?: ReactNode;
  /** Shown after the control (same row where the layout allows). */
  aside?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}

/** A label, the control, a hint, and the field's error right next to it (linked for screen readers). */
export function Field({ id, label, errorKey, error, hint, badge, aside, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {badge}
      </div>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {aside && <div className="field-aside">{aside}</div>}
      {error && (
        <p id={errorId} className="field-error" data-testid={`error-${errorKey}`}>
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
