import { useRef, type ReactNode } from 'react';
import { CopyButton } from './CopyButton';
import { Field } from './Field';

export interface CopyFieldProps {
  id: string;
  label: string;
  value: string;
  hint?: ReactNode;
  /** The resolver's key for an error about this value, if it can have one. */
  errorKey?: string;
  error?: string;
  testId: string;
}

/** A value Provisio generated for the admin to paste elsewhere: read-only, selected whole on focus, with a Copy button. */
export function CopyField({ id, label, value, hint, errorKey, error, testId }: CopyFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const select = () => input.current?.select();
  return (
    <Field id={id} label={label} errorKey={errorKey ?? id} error={error} hint={hint}>
      {(a11y) => (
        <div className="copy-field">
          <input {...a11y} ref={input} className="mono" readOnly value={value} onFocus={select} spellCheck={false} data-testid={testId} />
          <CopyButton text={value} select={select} testId={`${testId}-copy`} />
        </div>
      )}
    </Field>
  );
}
