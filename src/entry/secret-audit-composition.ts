import { ConfigRepository } from '../adapters/forge/config-repository';
import { SecretAuditRepository } from '../adapters/forge/secret-audit-repository';
import { ForgeSecretAuditQueue } from '../adapters/forge/secret-audit-queue';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import { SecretChangeDesk } from '../adapters/jira/secret-change-requests';
import { JiraSiteAddress } from '../adapters/jira/site-address';
import { SlackChangeAlerts } from '../adapters/slack/secret-change-alerts';
import { cachedCertificates, SnsMessageVerifier } from '../adapters/sns/sns-signature';
import { SnsApprovalPublisher } from '../adapters/sns/sns-publisher';
import { SnsSubscriptionConfirmer } from '../adapters/sns/subscription-confirmer';
import type { AuditDeps } from '../usecases/audit-secret-change';
import type { ReceiveDeps } from '../usecases/receive-sns-message';
import type { ApprovalPublisher } from '../usecases/secret-audit-ports';
import { awsContext } from './vending-composition';

/** The composition root of the secret change audit, built per invocation (no module state). */

export function receiveDeps(): ReceiveDeps {
  return {
    store: new SecretAuditRepository(),
    verifier: new SnsMessageVerifier(cachedCertificates()),
    confirmer: new SnsSubscriptionConfirmer(),
    queue: new ForgeSecretAuditQueue(),
    now: () => Date.now(),
  };
}

export function auditDeps(): AuditDeps {
  const desk = new SecretChangeDesk();
  return { store: new SecretAuditRepository(), requests: desk, desk, alerts: new SlackChangeAlerts(() => new ConfigRepository().slackWebhookUrl()) };
}

export function approvalDeps() {
  return { store: new SecretAuditRepository(), requests: new SecretChangeDesk(), queue: new ForgeSecretAuditQueue() };
}

/** Publishing uses the app's AWS connection (the role session account vending uses), built only when a publish happens. */
export function publishDeps() {
  const aws = awsContext(new VendingConfigRepository());
  const publisher: ApprovalPublisher = { publish: async (topicArn, message) => new SnsApprovalPublisher((await aws()).session).publish(topicArn, message) };
  const site = new JiraSiteAddress();
  return { store: new SecretAuditRepository(), requests: new SecretChangeDesk(), publisher, siteUrl: () => site.baseUrl() };
}
