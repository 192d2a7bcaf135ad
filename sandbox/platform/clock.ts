/**
 * The sandbox's virtual clock. Virtual time runs at real speed from an offset that
 * `advance` moves forward; the platform, the stand-ins and the app all read it.
 */
export interface Clock {
  /** Virtual epoch milliseconds. */
  now(): number;
}

type ClockListener = () => void;

export class VirtualClock implements Clock {
  private offsetMs: number;
  private readonly realNow: () => number;
  private readonly listeners = new Set<ClockListener>();

  constructor(startAtMs?: number, realNow: () => number = RealDate.now) {
    this.realNow = realNow;
    this.offsetMs = startAtMs === undefined ? 0 : startAtMs - realNow();
  }

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Moves virtual time forward; it never moves back, so stored timestamps stay ordered. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    this.offsetMs += ms;
    for (const listener of this.listeners) listener();
  }

  /** Moves virtual time to `epochMs` unless it is already later. */
  advanceTo(epochMs: number): void {
    const delta = epochMs - this.now();
    if (delta > 0) this.advance(delta);
  }

  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The Date the process started with, captured before any patching. */
export const RealDate: DateConstructor = (globalThis as { __sandboxRealDate__?: DateConstructor }).__sandboxRealDate__ ?? Date;
(globalThis as { __sandboxRealDate__?: DateConstructor }).__sandboxRealDate__ = RealDate;

/**
 * Makes `Date.now()` and `new Date()` read the virtual clock, so app code needs no clock
 * injection to live in virtual time. Hand-written rather than @sinonjs/fake-timers because
 * that library replaces timers too, while the sandbox wants real timers with shifted dates.
 */
export function installVirtualDate(clock: Clock): () => void {
  const Original = RealDate;
  class VirtualDate extends Original {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return clock.now();
    }
  }
  // Calling Date() as a function returns a string in JS; keep that behaviour.
  const Patched = new Proxy(VirtualDate, {
    apply: () => new Original(clock.now()).toString(),
  }) as unknown as DateConstructor;
  globalThis.Date = Patched;
  return () => {
    globalThis.Date = Original;
  };
}
