import type { Run, RunStep } from './run';
import type { RunStatus, StepStatus } from './run-status';

const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'failed', 'succeeded'];
const STEP_STATUSES: readonly StepStatus[] = ['pending', 'done', 'failed', 'skipped'];

export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Stored records are validated on read: a record written by an older version or by hand must not crash a run. */
export function parseRun(value: unknown, where: string): Run {
  const fail = (what: string) => {
    throw new CorruptRecordError(`stored run ${where} is invalid: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const r = value as Record<string, unknown>;
  for (const field of ['issueId', 'issueKey', 'action', 'createdAt', 'updatedAt'] as const) if (!isString(r[field])) fail(`${field} missing`);
  if (!RUN_STATUSES.includes(r.status as RunStatus)) fail(`status ${String(r.status)}`);
  if (!Array.isArray(r.steps)) return fail('steps missing');
  const steps: RunStep[] = r.steps.map((s: Record<string, unknown>, i) => {
    if (!isString(s.id) || !isString(s.title) || !STEP_STATUSES.includes(s.status as StepStatus)) fail(`step ${i}`);
    return {
      id: s.id as string,
      title: s.title as string,
      status: s.status as StepStatus,
      ...(isString(s.detail) ? { detail: s.detail } : {}),
      ...(isString(s.at) ? { at: s.at } : {}),
    };
  });
  if (typeof r.attempts !== 'number') fail('attempts missing');
  return {
    issueId: r.issueId as string,
    issueKey: r.issueKey as string,
    action: r.action as string,
    status: r.status as RunStatus,
    steps,
    ...(isString(r.approvedBy) ? { approvedBy: r.approvedBy } : {}),
    ...(isString(r.approvedAt) ? { approvedAt: r.approvedAt } : {}),
    ...(isString(r.failureReason) ? { failureReason: r.failureReason } : {}),
    outputs: parseOutputs(r.outputs),
    ...(isString(r.leaseUntil) ? { leaseUntil: r.leaseUntil } : {}),
    ...(Array.isArray(r.failureNotices) ? { failureNotices: r.failureNotices.filter(isString) } : {}),
    attempts: r.attempts as number,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
  };
}

function parseOutputs(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => isString(e[1])));
}
