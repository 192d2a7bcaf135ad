import { Queue } from '@forge/events';
import type { SecretAuditQueue } from '../../usecases/secret-audit-ports';

export const SECRET_AUDIT_QUEUE = 'secret-audit';

export type SecretAuditEvent = { kind: 'audit-change'; changeId: string } | { kind: 'publish-approval'; issueId: string };

/** Queues audit work; one delivery at a time per change and per request (the concurrency keys). */
export class ForgeSecretAuditQueue implements SecretAuditQueue {
  private readonly queue = new Queue({ key: SECRET_AUDIT_QUEUE });

  async auditChange(changeId: string, delaySeconds = 0): Promise<void> {
    await this.push({ kind: 'audit-change', changeId }, `change-${changeId}`, delaySeconds);
  }

  async publishApproval(issueId: string, delaySeconds = 0): Promise<void> {
    await this.push({ kind: 'publish-approval', issueId }, `approval-${issueId}`, delaySeconds);
  }

  private async push(body: SecretAuditEvent, key: string, delaySeconds: number): Promise<void> {
    await this.queue.push({ body, ...(delaySeconds > 0 ? { delayInSeconds: Math.min(900, delaySeconds) } : {}), concurrency: { key: key.slice(0, 100), limit: 1 } });
  }
}
