import type { GrantView } from '@shared/jit-contract';
import { formatMinutes } from '../jit-labels';

/** Minutes approved so far against the policy's total, and how much more an extension may add. */
export function JitMinutes({ minutes, live }: { minutes: GrantView['minutes']; live: boolean }) {
  const { approved, maxTotal, extensionLeft } = minutes;
  return (
    <div className="jit-minutes" data-testid="jit-minutes" data-approved={approved} data-max-total={maxTotal} data-extension-left={extensionLeft}>
      <p>
        <strong>{formatMinutes(approved)}</strong> approved of at most {formatMinutes(maxTotal)} in all
        {live && (
          <span className="muted">
            {' · '}
            {extensionLeft > 0 ? `up to ${formatMinutes(extensionLeft)} more by extension` : 'no more time can be added'}
          </span>
        )}
      </p>
      <meter className="jit-meter" min={0} max={Math.max(maxTotal, approved, 1)} value={approved} aria-label="Minutes approved of the policy's total">
        {approved} of {maxTotal} minutes
      </meter>
    </div>
  );
}
