/**
 * AWS Organizations creates accounts one request at a time per organization, and a creation
 * takes minutes (up to half an hour). The creation slot is held by one run from just before its
 * CreateAccount until AWS settles it; every other run waits in line, first come first served.
 * Pure decisions here; the use case persists the state with optimistic locking.
 */
export interface QueueEntry {
  issueId: string;
  issueKey: string;
  since: string;
}

export interface CreationQueueState {
  holder?: QueueEntry;
  waiting: QueueEntry[];
}

export type SlotDecision =
  /** Already holds the slot; nothing to save. */
  | { kind: 'holder' }
  /** Takes the free slot; save `next`. */
  | { kind: 'acquire'; next: CreationQueueState }
  /** Waits in line; save `next` if it changed. `position` counts from 1 among the waiting runs. */
  | { kind: 'wait'; next: CreationQueueState; changed: boolean; position: number; creating?: QueueEntry; firstInLine: QueueEntry };

/**
 * Decides for run `me`: hold, take the slot, or wait. `isGone` says whether another run named in
 * the state has finished or failed without leaving (a crash between its last step and its
 * release); such entries are dropped so the line never stalls behind them.
 */
export function decideSlot(state: CreationQueueState, me: QueueEntry, isGone: (issueId: string) => boolean): SlotDecision {
  if (state.holder?.issueId === me.issueId) return { kind: 'holder' };
  let changed = false;
  let holder = state.holder;
  if (holder && isGone(holder.issueId)) {
    holder = undefined;
    changed = true;
  }
  const waiting = state.waiting.filter((w) => w.issueId === me.issueId || !isGone(w.issueId));
  if (waiting.length !== state.waiting.length) changed = true;
  const first = waiting[0];
  if (!holder && (!first || first.issueId === me.issueId)) {
    return { kind: 'acquire', next: { holder: me, waiting: waiting.filter((w) => w.issueId !== me.issueId) } };
  }
  if (!waiting.some((w) => w.issueId === me.issueId)) {
    waiting.push(me);
    changed = true;
  }
  const position = waiting.findIndex((w) => w.issueId === me.issueId) + 1;
  return {
    kind: 'wait',
    next: { ...(holder ? { holder } : {}), waiting },
    changed,
    position,
    ...(holder ? { creating: holder } : {}),
    firstInLine: waiting[0] as QueueEntry,
  };
}

/** Leaves the line or gives the slot up; `nextInLine` is the run to wake. */
export function leaveQueue(state: CreationQueueState, issueId: string): { next: CreationQueueState; changed: boolean; nextInLine?: QueueEntry } {
  const wasHolder = state.holder?.issueId === issueId;
  const waiting = state.waiting.filter((w) => w.issueId !== issueId);
  const changed = wasHolder || waiting.length !== state.waiting.length;
  const holder = wasHolder ? undefined : state.holder;
  const next: CreationQueueState = { ...(holder ? { holder } : {}), waiting };
  return { next, changed, ...(!holder && waiting[0] ? { nextInLine: waiting[0] } : {}) };
}

/** "2nd in line, behind ITS-4; ITS-3 is being created now." */
export function queuePositionText(decision: Extract<SlotDecision, { kind: 'wait' }>): string {
  const ahead = decision.position - 1 + (decision.creating ? 1 : 0);
  const creating = decision.creating ? ` ${decision.creating.issueKey} is being created now.` : '';
  return `Waiting for AWS Organizations, which creates one account at a time: ${ordinal(decision.position)} in line, ${ahead} ${ahead === 1 ? 'request' : 'requests'} ahead.${creating}`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
