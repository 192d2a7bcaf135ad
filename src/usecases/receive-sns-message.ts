import { isProvisioMessage } from '../domain/secret-audit/approval-message';
import type { SecretChangeRecord } from '../domain/secret-audit/evidence';
import { normaliseSecretChange } from '../domain/secret-audit/secret-change';
import {
  certificateUrlProblem,
  MAX_SNS_BODY_BYTES,
  parseSnsMessage,
  parseTopicArn,
  subscribeUrlProblem,
  timestampProblem,
  type SnsMessage,
} from '../domain/secret-audit/sns-message';
import { CertificateUnavailableError, type SecretAuditQueue, type SecretAuditStore, type SnsSignatureVerifier, type SubscriptionConfirmer } from './secret-audit-ports';

export interface InboundHttp {
  method: string;
  /** Header names lower-cased, values as Forge gives them (arrays). */
  headers: Record<string, string[]>;
  body: string;
}

/** What the web trigger answers: a status and a short reason (never more than the sender needs). */
export interface SnsReceipt {
  status: number;
  reason: string;
}

export interface ReceiveDeps {
  store: SecretAuditStore;
  verifier: SnsSignatureVerifier;
  confirmer: SubscriptionConfirmer;
  queue: SecretAuditQueue;
  now: () => number;
}

const refuse = (status: number, reason: string): SnsReceipt => ({ status, reason });

/**
 * One HTTP delivery from SNS. It is accepted only when genuine: well formed, from an allow-listed
 * topic, signed (v1 SHA1 / v2 SHA256) by the certificate at an SNS URL of that topic's region,
 * recent, and not seen before. Anything else gets a 4xx and nothing is stored. A genuine
 * confirmation request is confirmed; a genuine Secrets Manager change is stored and queued for
 * the audit. When storing fails, the message id is released and a 5xx asks SNS to retry.
 */
export async function receiveSnsMessage(request: InboundHttp, deps: ReceiveDeps): Promise<SnsReceipt> {
  if (request.method.toUpperCase() !== 'POST') return refuse(405, 'SNS delivers with POST');
  if (Buffer.byteLength(request.body, 'utf8') > MAX_SNS_BODY_BYTES) return refuse(413, 'body too large');
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return refuse(400, 'body is not JSON');
  }
  const parsed = parseSnsMessage(body);
  if (!parsed.ok) return refuse(400, parsed.reason);
  const message = parsed.value;
  const headerType = request.headers['x-amz-sns-message-type']?.[0];
  if (headerType !== undefined && headerType !== message.Type) return refuse(400, 'message type header does not match the body');
  const headerTopic = request.headers['x-amz-sns-topic-arn']?.[0];
  if (headerTopic !== undefined && headerTopic !== message.TopicArn) return refuse(400, 'topic header does not match the body');

  const settings = await deps.store.settings();
  if (!settings) return refuse(403, 'secret change audit is not configured');
  if (!settings.topicArns.includes(message.TopicArn)) return refuse(403, 'topic not allowed');
  const region = parseTopicArn(message.TopicArn)?.region ?? '';
  const certProblem = certificateUrlProblem(message.SigningCertURL, region);
  if (certProblem) return refuse(403, certProblem);
  const timeProblem = timestampProblem(message.Timestamp, deps.now());
  if (timeProblem) return refuse(403, timeProblem);
  if (message.Type === 'SubscriptionConfirmation') {
    const urlProblem = subscribeUrlProblem(message.SubscribeURL ?? '', region, message.TopicArn, message.Token ?? '');
    if (urlProblem) return refuse(400, urlProblem);
  }
  let valid: boolean;
  try {
    valid = await deps.verifier.verify(message);
  } catch (error) {
    if (error instanceof CertificateUnavailableError) return refuse(503, 'signing certificate unavailable; retry later');
    throw error;
  }
  if (!valid) return refuse(403, 'signature does not verify');
  if (!(await deps.store.claimMessage(message.MessageId))) return refuse(409, 'message already received');

  try {
    const receipt = await handleGenuine(message, deps);
    await deps.store.noteMessageReceived(new Date(deps.now()).toISOString());
    return receipt;
  } catch (error) {
    // Nothing half-done stays behind: SNS retries with the same message id, which is free again.
    await deps.store.releaseMessage(message.MessageId).catch(() => undefined);
    if (error instanceof ConfirmationFailedError) {
      await deps.store
        .saveSubscriptionStatus({ topicArn: message.TopicArn, status: 'confirmation-failed', at: new Date(deps.now()).toISOString(), detail: error.message })
        .catch(() => undefined);
      return refuse(502, 'could not confirm the subscription; retry later');
    }
    throw error;
  }
}

class ConfirmationFailedError extends Error {
  override readonly name = 'ConfirmationFailedError';
}

async function handleGenuine(message: SnsMessage, deps: ReceiveDeps): Promise<SnsReceipt> {
  const at = new Date(deps.now()).toISOString();
  if (message.Type === 'SubscriptionConfirmation') {
    let confirmed: { subscriptionArn?: string };
    try {
      confirmed = await deps.confirmer.confirm(message.SubscribeURL ?? '');
    } catch (error) {
      throw new ConfirmationFailedError(error instanceof Error ? error.message : 'SNS did not confirm', { cause: error });
    }
    await deps.store.saveSubscriptionStatus({ topicArn: message.TopicArn, status: 'confirmed', at, ...(confirmed.subscriptionArn ? { subscriptionArn: confirmed.subscriptionArn } : {}) });
    return { status: 200, reason: 'subscription confirmed' };
  }
  if (message.Type === 'UnsubscribeConfirmation') {
    await deps.store.saveSubscriptionStatus({ topicArn: message.TopicArn, status: 'unsubscribed', at });
    return { status: 200, reason: 'unsubscribe noted' };
  }

  const own = isProvisioMessage(message.Message);
  if (own) {
    // Provisio's own approval, delivered back by the topic: proof the publish reached it.
    const publication = own.issueKey ? await deps.store.findApprovalByKey(own.issueKey) : undefined;
    if (publication && !publication.deliveredBackAt) await deps.store.saveApproval({ ...publication, deliveredBackAt: at });
    return { status: 200, reason: 'own message' };
  }
  let event: unknown;
  try {
    event = JSON.parse(message.Message);
  } catch {
    return { status: 200, reason: 'ignored: not an EventBridge event' };
  }
  const change = normaliseSecretChange(event);
  if (!change.ok) return { status: 200, reason: `ignored: ${change.reason}` };
  const record: SecretChangeRecord = { ...change.value, outcome: 'pending', topicArn: message.TopicArn, snsMessageId: message.MessageId, receivedAt: at };
  if (!(await deps.store.createChange(record))) {
    // Reported again (another delivery of the same event). Queue it again only if its audit never ran.
    if ((await deps.store.change(record.id))?.outcome !== 'pending') return { status: 200, reason: 'change already recorded' };
  }
  await deps.queue.auditChange(record.id);
  return { status: 200, reason: 'change recorded' };
}
