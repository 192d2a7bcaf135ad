import { DateTime } from '@common/components/DateTime';
import { LinkedText } from '@common/components/LinkedText';
import type { GrantView } from '@shared/jit-contract';

/** What Provisio did and saw, oldest first: the same words as on the ticket. */
export function JitEvidence({ evidence }: { evidence: GrantView['evidence'] }) {
  return (
    <div className="steps-block">
      <h4 className="steps-heading">Evidence</h4>
      {evidence.length > 0 ? (
        <ol className="jit-evidence" data-testid="jit-evidence">
          {evidence.map((entry, i) => (
            <li key={`${entry.at}-${i}`} className="jit-evidence-item" data-testid="jit-evidence-item">
              <span className="step-time">
                <DateTime iso={entry.at} />
              </span>
              <span className="jit-evidence-text">
                <LinkedText text={entry.text} />
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted" data-testid="jit-evidence-empty">
          Nothing recorded yet.
        </p>
      )}
    </div>
  );
}
