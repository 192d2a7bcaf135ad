import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import type { SecretChangeRecord } from '../../domain/secret-audit/evidence';
import type { ReportFilters } from '../../domain/secret-audit/report';
import { validateSecretAuditSettings, type SecretAuditSettings } from '../../domain/secret-audit/settings';
import { CorruptRecordError } from '../../domain/runs/run-record';
import type { ApprovalPublication, SecretAuditStore, SubscriptionStatus } from '../../usecases/secret-audit-ports';

export const SECRET_CHANGE_ENTITY = 'secret-change';

const KEYS = {
  settings: 'config-secret-audit',
  message: (id: string) => `sns-message:${id}`,
  subscription: (topicArn: string) => `sns-subscription:${topicArn}`,
  subscriptionPrefix: 'sns-subscription:',
  lastMessage: 'sns-last-message',
  approval: (issueId: string) => `secret-approval:${issueId}`,
  approvalByKey: (issueKey: string) => `secret-approval-key:${issueKey}`,
  change: (id: string) => `change-${id}`,
} as const;

/** How long a message id is remembered: longer than SNS retries for, and than a message stays fresh. */
const MESSAGE_ID_TTL = { value: 7, unit: 'DAYS' } as const;

/** The stored form: indexed attributes at the top, the whole record beside them. */
interface StoredChange {
  eventTime: string;
  outcome: string;
  ticketKey?: string;
  secretArn: string;
  eventName: string;
  actorArn: string;
  record: SecretChangeRecord;
}

function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'KEY_CONFLICT' || code === 'CONDITIONAL_CHECK_FAILED';
}

function stored(record: SecretChangeRecord): StoredChange {
  return {
    eventTime: record.eventTime,
    outcome: record.outcome,
    ...(record.ticketKey ? { ticketKey: record.ticketKey } : {}),
    secretArn: record.secretArn,
    eventName: record.eventName,
    actorArn: record.actor.arn,
    record,
  };
}

/**
 * The audit's state in KVS: settings (validated again on read), seen SNS message ids (with a
 * TTL), subscription status, approval publications, and the `secret-change` entity, indexed by
 * time, by outcome and by approving ticket.
 */
export class SecretAuditRepository implements SecretAuditStore {
  async settings(): Promise<SecretAuditSettings | undefined> {
    const raw = await kvs.get<Record<string, unknown>>(KEYS.settings);
    if (raw === undefined) return undefined;
    const parsed = validateSecretAuditSettings(raw);
    if (!parsed.ok) throw new CorruptRecordError(`stored secret audit settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }

  async saveSettings(settings: SecretAuditSettings): Promise<void> {
    await kvs.set(KEYS.settings, settings);
  }

  async claimMessage(messageId: string): Promise<boolean> {
    try {
      await kvs.set(KEYS.message(messageId), { at: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: MESSAGE_ID_TTL });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async releaseMessage(messageId: string): Promise<void> {
    await kvs.delete(KEYS.message(messageId));
  }

  async noteMessageReceived(at: string): Promise<void> {
    await kvs.set(KEYS.lastMessage, at);
  }

  async lastMessageAt(): Promise<string | undefined> {
    return kvs.get<string>(KEYS.lastMessage);
  }

  async saveSubscriptionStatus(status: SubscriptionStatus): Promise<void> {
    // A failed confirmation attempt never hides an earlier success.
    if (status.status === 'confirmation-failed' && (await kvs.get<SubscriptionStatus>(KEYS.subscription(status.topicArn)))?.status === 'confirmed') return;
    await kvs.set(KEYS.subscription(status.topicArn), status);
  }

  async subscriptionStatuses(): Promise<SubscriptionStatus[]> {
    const page = await kvs.query().where('key', WhereConditions.beginsWith(KEYS.subscriptionPrefix)).limit(50).getMany<SubscriptionStatus>();
    return page.results.map((r) => r.value);
  }

  async createChange(record: SecretChangeRecord): Promise<boolean> {
    try {
      await kvs
        .transact()
        .set<StoredChange>(KEYS.change(record.id), stored(record), {
          entityName: SECRET_CHANGE_ENTITY,
          conditions: new Filter<StoredChange>().and('eventTime', FilterConditions.notExists()),
        })
        .execute();
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async change(id: string): Promise<SecretChangeRecord | undefined> {
    const value = await kvs.entity<StoredChange>(SECRET_CHANGE_ENTITY).get(KEYS.change(id));
    return value?.record;
  }

  async saveChange(record: SecretChangeRecord): Promise<void> {
    await kvs.entity<StoredChange>(SECRET_CHANGE_ENTITY).set(KEYS.change(record.id), stored(record));
  }

  async changesForTicket(issueKey: string): Promise<SecretChangeRecord[]> {
    const out: SecretChangeRecord[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.entity<StoredChange>(SECRET_CHANGE_ENTITY).query().index('by-ticket', { partition: [issueKey] }).sort(Sort.DESC).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      out.push(...page.results.map((r) => r.value.record));
      cursor = page.nextCursor;
    } while (cursor && out.length < 500);
    return out;
  }

  /** Changes newest first within the filters' time range (and outcome, through its index), up to `scanLimit` read. */
  async recentChanges(filters: ReportFilters, scanLimit: number): Promise<{ records: SecretChangeRecord[]; exhausted: boolean }> {
    const range =
      filters.from && filters.to
        ? WhereConditions.between(filters.from, filters.to)
        : filters.from
          ? WhereConditions.greaterThanEqualTo(filters.from)
          : filters.to
            ? WhereConditions.lessThanEqualTo(filters.to)
            : undefined;
    const records: SecretChangeRecord[] = [];
    let cursor: string | undefined;
    do {
      const base = kvs.entity<StoredChange>(SECRET_CHANGE_ENTITY).query();
      let query = filters.outcome ? base.index('by-outcome', { partition: [filters.outcome] }) : base.index('by-time');
      if (range) query = query.where(range);
      query = query.sort(Sort.DESC).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      records.push(...page.results.map((r) => r.value.record));
      cursor = page.nextCursor;
    } while (cursor && records.length < scanLimit);
    return { records, exhausted: cursor === undefined };
  }

  async approval(issueId: string): Promise<ApprovalPublication | undefined> {
    return kvs.get<ApprovalPublication>(KEYS.approval(issueId));
  }

  async saveApproval(publication: ApprovalPublication): Promise<void> {
    await kvs.set(KEYS.approval(publication.issueId), publication);
    await kvs.set(KEYS.approvalByKey(publication.issueKey), publication.issueId);
  }

  async findApprovalByKey(issueKey: string): Promise<ApprovalPublication | undefined> {
    const issueId = await kvs.get<string>(KEYS.approvalByKey(issueKey));
    return issueId ? this.approval(issueId) : undefined;
  }
}
