import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { auditSecretChange } from '../../usecases/audit-secret-change';
import { classifyFailure } from '../../usecases/failure-policy';
import { publishSecretChangeApproval } from '../../usecases/publish-secret-change-approval';
import { auditDeps, publishDeps } from '../secret-audit-composition';

/** Give up after this many deliveries; the change stays "pending" in the report for a person to see. */
const MAX_ATTEMPTS = 8;

/** The audit queue: decide a recorded change, or publish an approval. Transient failures come back later. */
export async function onSecretAuditEvent(event: AsyncEvent): Promise<InvocationError | void> {
  const body = event.body as { kind?: unknown; changeId?: unknown; issueId?: unknown };
  const attempt = (event.retryContext?.retryCount ?? 0) + 1;
  try {
    if (body.kind === 'audit-change' && typeof body.changeId === 'string' && /^[A-Za-z0-9-]{8,128}$/.test(body.changeId)) {
      const outcome = await auditSecretChange(body.changeId, auditDeps());
      console.info(outcome.kind === 'decided' ? `secret change ${body.changeId}: ${outcome.outcome}${outcome.issueKey ? ` (${outcome.issueKey})` : ''}` : `secret change ${body.changeId} skipped: ${outcome.why}`);
      return;
    }
    if (body.kind === 'publish-approval' && typeof body.issueId === 'string' && /^\d{1,18}$/.test(body.issueId)) {
      const outcome = await publishSecretChangeApproval(body.issueId, publishDeps());
      console.info(outcome.kind === 'published' ? `approval ${body.issueId} published as ${outcome.messageId}` : `approval ${body.issueId} not published: ${outcome.why}`);
      return;
    }
    console.error('secret audit event with an unknown body; dropped');
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'transient' && attempt < MAX_ATTEMPTS) {
      const afterSeconds = failure.retryAt ? Math.max(1, Math.ceil((failure.retryAt - Date.now()) / 1000)) : Math.min(900, 15 * 2 ** (attempt - 1));
      console.warn(`secret audit event will retry in ${afterSeconds}s: ${failure.reason}`);
      return new InvocationError({ retryAfter: afterSeconds, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    console.error(`secret audit event gave up after ${attempt} attempts: ${failure.reason}`);
  }
}
