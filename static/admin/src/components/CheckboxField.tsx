import type { ReactNode } from 'react';

export interface CheckboxFieldProps {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The key the resolver uses for this field's error. */
  errorKey: string;
  error?: string;
  hint?: ReactNode;
  testId: string;
}

/** A checkbox with its label, a hint, and its error right next to it (linked for screen readers). */
export function CheckboxField({ id, label, checked, onChange, errorKey, error, hint, testId }: CheckboxFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field field-checkbox-block${error ? ' field-invalid' : ''}`}>
      <div className="field-checkbox">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          {...(describedBy ? { 'aria-describedby': describedBy } : {})}
          {...(error ? { 'aria-invalid': true as const } : {})}
          data-testid={testId}
        />
        <label htmlFor={id}>{label}</label>
      </div>
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
