import { CorruptRecordError } from '../runs/run-record';
import { GRANT_STATUSES, type EndReason, type EndRequest, type Extension, type Grant, type GrantStatus, type OutboxComment, type Person } from './grant';

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function person(v: unknown): Person | undefined {
  return isObject(v) && isString(v.accountId) && isString(v.displayName) ? { accountId: v.accountId, displayName: v.displayName } : undefined;
}

function extension(v: unknown): Extension | undefined {
  if (!isObject(v) || !isString(v.id) || typeof v.minutes !== 'number' || !isString(v.requestedAt)) return undefined;
  const requestedBy = person(v.requestedBy);
  const status = v.status === 'pending' || v.status === 'approved' || v.status === 'declined' ? v.status : undefined;
  if (!requestedBy || !status) return undefined;
  const decidedBy = person(v.decidedBy);
  return {
    id: v.id,
    minutes: v.minutes,
    ...(isString(v.reason) ? { reason: v.reason } : {}),
    requestedBy,
    requestedAt: v.requestedAt,
    status,
    ...(decidedBy ? { decidedBy } : {}),
    ...(isString(v.decidedAt) ? { decidedAt: v.decidedAt } : {}),
  };
}

const END_REASONS: readonly EndReason[] = ['expired', 'done', 'revoked'];

/** Stored grants are validated on read: one written by an older version or by hand must not crash a revocation. */
export function parseGrant(value: unknown, where: string): Grant {
  const fail = (what: string): never => {
    throw new CorruptRecordError(`stored grant ${where} is invalid: ${what}`);
  };
  if (!isObject(value)) return fail('not an object');
  for (const field of ['id', 'issueKey', 'targetId', 'targetName', 'startAt', 'expiresAt', 'dueAt', 'createdAt', 'updatedAt'] as const) if (!isString(value[field])) fail(`${field} missing`);
  if (!GRANT_STATUSES.includes(value.status as GrantStatus)) fail(`status ${String(value.status)}`);
  const requester = person(value.requester) ?? fail('requester missing');
  const requesterEmail = isObject(value.requester) && isString(value.requester.email) ? value.requester.email : undefined;
  const approvedBy = person(value.approvedBy);
  const endedBy = person(value.endedBy);
  const principal = isObject(value.principal) && isString(value.principal.id) && isString(value.principal.label) ? { id: value.principal.id, label: value.principal.label } : undefined;
  const rawEnd = isObject(value.endRequest) ? value.endRequest : undefined;
  const endReason = rawEnd?.reason === 'done' || rawEnd?.reason === 'revoked' ? rawEnd.reason : undefined;
  const endBy = person(rawEnd?.by);
  const endRequest: EndRequest | undefined = rawEnd && endReason && isString(rawEnd.at) ? { reason: endReason, at: rawEnd.at, ...(endBy ? { by: endBy } : {}) } : undefined;
  const outbox: OutboxComment[] = Array.isArray(value.outbox) ? value.outbox.filter((c): c is OutboxComment => isObject(c) && isString(c.marker) && isString(c.text)) : [];
  const str = (k: string) => (isString(value[k]) ? { [k]: value[k] as string } : {});
  return {
    id: value.id as string,
    issueKey: value.issueKey as string,
    targetId: value.targetId as string,
    targetName: value.targetName as string,
    status: value.status as GrantStatus,
    requester: { ...requester, ...(requesterEmail ? { email: requesterEmail } : {}) },
    ...(approvedBy ? { approvedBy } : {}),
    ...str('approvedAt'),
    ...str('justification'),
    durationMinutes: typeof value.durationMinutes === 'number' ? value.durationMinutes : 0,
    startAt: value.startAt as string,
    expiresAt: value.expiresAt as string,
    ...str('grantedAt'),
    ...(principal ? { principal } : {}),
    ...str('pairKey'),
    ...(endRequest ? { endRequest } : {}),
    ...(END_REASONS.includes(value.endReason as EndReason) ? { endReason: value.endReason as EndReason } : {}),
    ...(endedBy ? { endedBy } : {}),
    ...str('endedAt'),
    extensions: Array.isArray(value.extensions) ? value.extensions.map(extension).filter((e): e is Extension => e !== undefined) : [],
    ...str('failureReason'),
    evidence: Array.isArray(value.evidence) ? value.evidence.filter((e): e is { at: string; text: string } => isObject(e) && isString(e.at) && isString(e.text)) : [],
    ...(outbox.length ? { outbox } : {}),
    dueAt: value.dueAt as string,
    attempts: typeof value.attempts === 'number' ? value.attempts : 0,
    createdAt: value.createdAt as string,
    updatedAt: value.updatedAt as string,
  };
}
