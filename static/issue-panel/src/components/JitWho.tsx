import type { GrantView } from '@shared/jit-contract';
import { TARGET_KIND_LABELS } from '../jit-labels';

/** What the access opens and for whom (as the target knows them), and why it was asked for. */
export function JitWho({ grant }: { grant: GrantView }) {
  return (
    <dl className="jit-facts">
      <dt>Target</dt>
      <dd data-testid="jit-target" data-target-id={grant.target.id} data-kind={grant.target.kind}>
        <strong>{grant.target.name}</strong>
        <span className="jit-sub" title={grant.target.description}>
          {grant.target.description !== grant.target.name ? grant.target.description : TARGET_KIND_LABELS[grant.target.kind]}
        </span>
      </dd>
      <dt>For</dt>
      <dd data-testid="jit-requester">
        {grant.requester.displayName}
        {grant.principal && (
          <span className="jit-sub mono" title={grant.principal.id} data-testid="jit-principal">
            {grant.principal.label}
          </span>
        )}
      </dd>
      {grant.justification && (
        <>
          <dt>Why</dt>
          <dd data-testid="jit-justification">{grant.justification}</dd>
        </>
      )}
    </dl>
  );
}
