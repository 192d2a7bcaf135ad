import type { ApprovalMessage } from '../domain/secret-audit/approval-message';
import type { SecretChangeRecord } from '../domain/secret-audit/evidence';
import type { ApprovedChangeWindow } from '../domain/secret-audit/matching';
import type { SecretAuditSettings } from '../domain/secret-audit/settings';
import type { SecretChange } from '../domain/secret-audit/secret-change';
import type { SnsMessage } from '../domain/secret-audit/sns-message';

/** The ports of the secret change audit; adapters implement them and entry/ wires them. */

/** Checks an SNS signature against the certificate at the message's SigningCertURL. */
export interface SnsSignatureVerifier {
  /** Throws CertificateUnavailableError when the certificate cannot be had (a retry may succeed). */
  verify(message: SnsMessage): Promise<boolean>;
}

export class CertificateUnavailableError extends Error {
  override readonly name = 'CertificateUnavailableError';
}

export interface SubscriptionConfirmer {
  /** GETs the SubscribeURL; throws when SNS does not confirm. */
  confirm(subscribeUrl: string): Promise<{ subscriptionArn?: string }>;
}

export interface SubscriptionStatus {
  topicArn: string;
  status: 'confirmed' | 'unsubscribed' | 'confirmation-failed';
  at: string;
  subscriptionArn?: string;
  detail?: string;
}

export interface ApprovalPublication {
  issueId: string;
  issueKey: string;
  topicArn: string;
  publishedAt?: string;
  messageId?: string;
  deliveredBackAt?: string;
  error?: string;
}

export interface SecretAuditStore {
  settings(): Promise<SecretAuditSettings | undefined>;
  /** Records a message id as seen (with a TTL); false when it was seen already. */
  claimMessage(messageId: string): Promise<boolean>;
  releaseMessage(messageId: string): Promise<void>;
  noteMessageReceived(at: string): Promise<void>;
  saveSubscriptionStatus(status: SubscriptionStatus): Promise<void>;
  /** Stores a new change; false when one with its id exists. */
  createChange(record: SecretChangeRecord): Promise<boolean>;
  change(id: string): Promise<SecretChangeRecord | undefined>;
  saveChange(record: SecretChangeRecord): Promise<void>;
  changesForTicket(issueKey: string): Promise<SecretChangeRecord[]>;
  approval(issueId: string): Promise<ApprovalPublication | undefined>;
  saveApproval(publication: ApprovalPublication): Promise<void>;
  findApprovalByKey(issueKey: string): Promise<ApprovalPublication | undefined>;
}

export interface SecretAuditQueue {
  auditChange(changeId: string, delaySeconds?: number): Promise<void>;
  publishApproval(issueId: string, delaySeconds?: number): Promise<void>;
}

/** The approved "Secret change" requests, read from Jira and JSM. */
export interface ApprovedRequests {
  /** Approved requests of the configured type whose window could include `atMs` (callers check precisely). */
  around(atMs: number, settings: SecretAuditSettings): Promise<ApprovedChangeWindow[]>;
  /** One request as a window, when it is of the configured type and approved; why not otherwise. */
  window(issueIdOrKey: string, settings: SecretAuditSettings): Promise<{ window: ApprovedChangeWindow; reason?: string } | { notApplicable: string }>;
}

export interface AuditDesk {
  /** Posts an internal comment once per marker. */
  commentOnce(issueKey: string, marker: string, text: string): Promise<void>;
  /** The issue filed for a change earlier (found by its label), if any. */
  findFiledIssue(change: SecretChange, settings: SecretAuditSettings): Promise<string | undefined>;
  fileUnapprovedChange(change: SecretChange, text: { summary: string; body: string }, settings: SecretAuditSettings): Promise<string>;
  /** A link to the issue for messages outside Jira; best effort, never throws. */
  issueUrl(issueKey: string): Promise<string | undefined>;
}

export interface ChangeAlerts {
  /** Best effort: never throws. */
  unapprovedChange(text: string): Promise<void>;
}

export interface ApprovalPublisher {
  publish(topicArn: string, message: ApprovalMessage): Promise<{ messageId: string }>;
}
