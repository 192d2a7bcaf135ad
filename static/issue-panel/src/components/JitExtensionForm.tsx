import type { JitExtensionRequest } from '@shared/jit-contract';
import { useState, type FormEvent } from 'react';
import { formatMinutes } from '../jit-labels';

const MAX_REASON = 500;

/** The form as a request, or a message per field (`minutes`, `reason`). */
export function extensionFrom(minutesText: string, reasonText: string, extensionLeft: number): { ok: true; request: JitExtensionRequest } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const text = minutesText.trim();
  const minutes = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(minutes) || minutes < 1) errors.minutes = 'Whole minutes, at least 1.';
  else if (minutes > extensionLeft) errors.minutes = `At most ${extensionLeft} more minutes (${formatMinutes(extensionLeft)}): the policy's total would be exceeded.`;
  const reason = reasonText.trim();
  if (reason.length > MAX_REASON) errors.reason = `At most ${MAX_REASON} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { minutes, ...(reason ? { reason } : {}) } };
}

export interface JitExtensionFormProps {
  extensionLeft: number;
  busy: boolean;
  onSubmit: (request: JitExtensionRequest) => void;
  onCancel: () => void;
}

/** Minutes (checked against what the policy still allows) and a reason for the approver. */
export function JitExtensionForm({ extensionLeft, busy, onSubmit, onCancel }: JitExtensionFormProps) {
  const [minutes, setMinutes] = useState(String(Math.min(30, extensionLeft)));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = extensionFrom(minutes, reason, extensionLeft);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    onSubmit(parsed.request);
  };

  const a11y = (field: string, hint?: string) => {
    const describedBy = [errors[field] ? `jit-extension-${field}-error` : '', hint ?? ''].filter(Boolean).join(' ');
    return { ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(errors[field] ? { 'aria-invalid': true as const } : {}) };
  };

  return (
    <form className="jit-extension-form" onSubmit={submit} noValidate aria-labelledby="jit-extension-title" data-testid="jit-extension-form">
      <p id="jit-extension-title" className="jit-form-title">
        Ask for more time
      </p>
      <div className={`jit-field${errors.minutes ? ' jit-field-invalid' : ''}`}>
        <label htmlFor="jit-extension-minutes">Minutes</label>
        <input
          id="jit-extension-minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={extensionLeft}
          step={1}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          className="jit-minutes-input"
          data-testid="jit-extension-minutes"
          {...a11y('minutes', 'jit-extension-minutes-hint')}
        />
        <p id="jit-extension-minutes-hint" className="jit-hint">
          Up to {extensionLeft} ({formatMinutes(extensionLeft)}).
        </p>
        {errors.minutes && (
          <p id="jit-extension-minutes-error" className="jit-field-error" data-testid="error-minutes">
            {errors.minutes}
          </p>
        )}
      </div>
      <div className={`jit-field${errors.reason ? ' jit-field-invalid' : ''}`}>
        <label htmlFor="jit-extension-reason">Reason</label>
        <textarea id="jit-extension-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={MAX_REASON + 100} data-testid="jit-extension-reason" {...a11y('reason')} />
        {errors.reason && (
          <p id="jit-extension-reason-error" className="jit-field-error" data-testid="error-reason">
            {errors.reason}
          </p>
        )}
      </div>
      <div className="jit-buttons">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy} data-testid="jit-extension-submit">
          {busy ? 'Asking…' : 'Ask for approval'}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="jit-extension-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
