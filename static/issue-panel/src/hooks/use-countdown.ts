import { useEffect, useRef, useState } from 'react';

const TICK_MS = 1000;

/**
 * Milliseconds left until `targetIso`, live. Measured on the server's clock, not the browser's:
 * `targetIso − serverNow` when the answer arrived (`receivedAt`, from performance.now()), less
 * the time since then, so a browser clock that is off changes nothing. Ticks every second;
 * `onZero` runs once when the time left reaches zero while the panel watches (not when an answer
 * already arrives at or past zero, so a late server cannot make the panel ask in a loop).
 */
export function useCountdown(targetIso: string | undefined, serverNow: string, receivedAt: number, onZero?: () => void): number | undefined {
  const [now, setNow] = useState(() => performance.now());
  const target = targetIso ? Date.parse(targetIso) : NaN;
  const start = Date.parse(serverNow);
  const valid = Number.isFinite(target) && Number.isFinite(start);
  const atAnswer = valid ? target - start : 0;
  const left = valid ? atAnswer - Math.max(0, now - receivedAt) : undefined;

  const zero = useRef(onZero);
  useEffect(() => {
    zero.current = onZero;
  }, [onZero]);

  useEffect(() => {
    if (!valid) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [valid, targetIso, serverNow, receivedAt]);

  // Reaching zero: fire once per answer, and only if that answer still had time left.
  const fired = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (left === undefined || left > 0 || atAnswer <= 0 || fired.current === receivedAt) return;
    fired.current = receivedAt;
    zero.current?.();
  }, [left, atAnswer, receivedAt]);

  return left;
}
