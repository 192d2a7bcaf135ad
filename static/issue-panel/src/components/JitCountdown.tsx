import { useCountdown } from '../hooks/use-countdown';
import { describeCountdown, formatCountdown } from '../jit-labels';

export interface JitCountdownProps {
  /** When the countdown reaches zero (ISO). */
  to: string;
  serverNow: string;
  receivedAt: number;
  /** "left" (until expiry) or "to go" (until the start). */
  suffix: string;
  /** Shown once it reaches zero, e.g. "expiring…". */
  atZero: string;
  onZero: () => void;
}

/**
 * Time left, ticking every second on the server's clock (see useCountdown). A timer role is not
 * announced on every tick; its label says the time in words.
 */
export function JitCountdown({ to, serverNow, receivedAt, suffix, atZero, onZero }: JitCountdownProps) {
  const left = useCountdown(to, serverNow, receivedAt, onZero);
  if (left === undefined) return null;
  const seconds = Math.max(0, Math.ceil(left / 1000));
  if (seconds === 0) {
    return (
      <span className="jit-countdown jit-countdown-zero" data-testid="jit-countdown" data-state="zero" data-remaining-seconds="0">
        {atZero}
      </span>
    );
  }
  return (
    <span
      className={`jit-countdown${seconds < 300 ? ' jit-countdown-soon' : ''}`}
      role="timer"
      aria-label={`${describeCountdown(seconds)} ${suffix}`}
      title={`${describeCountdown(seconds)} ${suffix}`}
      data-testid="jit-countdown"
      data-state="running"
      data-remaining-seconds={seconds}
    >
      {formatCountdown(seconds)} <span className="jit-countdown-suffix">{suffix}</span>
    </span>
  );
}
