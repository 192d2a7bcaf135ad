import { DateTime } from '@common/components/DateTime';
import type { GrantView } from '@shared/jit-contract';
import { endedLine, isInEffect } from '../jit-labels';
import { JitCountdown } from './JitCountdown';

export interface JitTimingProps {
  grant: GrantView;
  serverNow: string;
  receivedAt: number;
  /** The countdown reached zero: ask for the view again. */
  onZero: () => void;
}

/** When the access starts, was granted, ends (with a live countdown while it runs), or ended. */
export function JitTiming({ grant, serverNow, receivedAt, onZero }: JitTimingProps) {
  const ending = grant.phase === 'revoking';
  const ended = endedLine(grant);
  return (
    <dl className="jit-facts jit-timing">
      {grant.status === 'scheduled' && (
        <>
          <dt>Starts</dt>
          <dd data-testid="jit-starts-at">
            <DateTime iso={grant.startAt} />
            {!grant.phase && (
              <>
                {' · '}
                <JitCountdown to={grant.startAt} serverNow={serverNow} receivedAt={receivedAt} suffix="to go" atZero="starting…" onZero={onZero} />
              </>
            )}
          </dd>
        </>
      )}
      {grant.grantedAt && (
        <>
          <dt>Granted</dt>
          <dd data-testid="jit-granted-at">
            <DateTime iso={grant.grantedAt} />
          </dd>
        </>
      )}
      {grant.endedAt ? (
        <>
          <dt>Ended</dt>
          <dd data-testid="jit-ended-at" data-expires-at={grant.expiresAt}>
            <DateTime iso={grant.endedAt} />
            {ended && <span className="muted"> · {ended}</span>}
          </dd>
        </>
      ) : (
        <>
          <dt>Expires</dt>
          <dd data-testid="jit-expires-at" data-expires-at={grant.expiresAt}>
            <DateTime iso={grant.expiresAt} />
            {isInEffect(grant) && !ending && (
              <>
                {' · '}
                <JitCountdown to={grant.expiresAt} serverNow={serverNow} receivedAt={receivedAt} suffix="left" atZero="expiring…" onZero={onZero} />
              </>
            )}
            {ending && (
              <span className="jit-countdown jit-countdown-zero" data-testid="jit-countdown" data-state="ending">
                {' · '}ending now…
              </span>
            )}
          </dd>
        </>
      )}
    </dl>
  );
}
