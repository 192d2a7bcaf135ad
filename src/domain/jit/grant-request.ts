import { textOf } from '../onboarding/onboarding-request';
import { findTarget, JIT_INPUT_LABELS, type JitInput, type JitSettings, type JitTarget } from './jit-settings';

/**
 * A "Temporary elevated access" request, parsed and checked against its target's policy. Parsing
 * never throws: it returns every problem at once, each naming the field as the requester saw it.
 */
export interface GrantRequest {
  target: JitTarget;
  durationMinutes: number;
  /** When the requester wants it to start (epoch ms); absent means on approval. */
  startAt?: number;
  justification?: string;
}

export interface RequestProblem {
  input: JitInput | 'approval';
  label: string;
  message: string;
}

export type ParsedGrantRequest = { ok: true; value: GrantRequest } | { ok: false; problems: RequestProblem[] };

/** How far ahead a start may be scheduled. */
export const MAX_LEAD_MS = 30 * 24 * 60 * 60_000;
const JUSTIFICATION_MAX = 2000;

/** Jira datetimes come as `2026-03-02T10:00:00.000+0000`; Date.parse wants the offset with a colon. */
export function parseJiraDateTime(raw: unknown): number | undefined {
  const text = textOf(raw)?.trim();
  if (!text) return undefined;
  const normal = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(normal)) return Number.NaN;
  return Date.parse(normal);
}

export function parseGrantRequest(raw: Partial<Record<JitInput, unknown>>, settings: Pick<JitSettings, 'targets'>, now: number): ParsedGrantRequest {
  const problems: RequestProblem[] = [];
  const problem = (input: JitInput, message: string) => problems.push({ input, label: JIT_INPUT_LABELS[input], message });

  const named = textOf(raw.target)?.trim() ?? '';
  const target = named ? findTarget(settings, named) : undefined;
  if (!named) problem('target', 'is required');
  else if (!target) problem('target', `"${named.slice(0, 80)}" is not a target Provisio manages. Choose one of: ${settings.targets.map((t) => t.name).join(', ')}`);

  const rawDuration = typeof raw.duration === 'number' ? raw.duration : Number(textOf(raw.duration) ?? Number.NaN);
  let durationMinutes = 0;
  if (raw.duration === undefined || raw.duration === null || textOf(raw.duration)?.trim() === '') problem('duration', 'is required');
  else if (!Number.isInteger(rawDuration) || rawDuration < 1) problem('duration', 'must be a whole number of minutes, at least 1');
  else if (target && rawDuration > target.policy.maxDurationMinutes) problem('duration', `must be at most ${target.policy.maxDurationMinutes} minutes for ${target.name}`);
  else durationMinutes = rawDuration;

  const startAt = parseJiraDateTime(raw.startTime);
  if (startAt !== undefined && !Number.isFinite(startAt)) problem('startTime', 'is not a date and time');
  else if (startAt !== undefined && startAt > now + MAX_LEAD_MS) problem('startTime', 'must be within 30 days');

  const justification = textOf(raw.justification)?.trim() || undefined;
  if (justification && justification.length > JUSTIFICATION_MAX) problem('justification', `must be at most ${JUSTIFICATION_MAX} characters`);

  if (problems.length > 0 || !target) return { ok: false, problems };
  return { ok: true, value: { target, durationMinutes, ...(startAt !== undefined ? { startAt } : {}), ...(justification ? { justification } : {}) } };
}

export interface ApprovalFacts {
  decision: 'pending' | 'approved' | 'declined';
  approver?: { accountId: string; displayName: string };
}

/**
 * Who approved may grant: someone the target's policy names, never the requester. Returns the
 * reason a grant must be refused, or undefined.
 */
export function approvalProblem(target: JitTarget, requesterAccountId: string, approval: ApprovalFacts): string | undefined {
  if (!target.policy.approvalRequired) return undefined;
  if (approval.decision !== 'approved' || !approval.approver) return `${target.name} needs an approval, and this request has none.`;
  if (approval.approver.accountId === requesterAccountId) return `${approval.approver.displayName} approved their own request; nobody may approve their own access.`;
  if (!target.policy.approvers.includes(approval.approver.accountId)) return `${approval.approver.displayName} is not an approver for ${target.name}.`;
  return undefined;
}
