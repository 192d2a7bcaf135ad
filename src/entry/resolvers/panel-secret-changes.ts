import type Resolver from '@forge/resolver';
import { SecretAuditRepository } from '../../adapters/forge/secret-audit-repository';
import { JiraClient } from '../../adapters/jira/jira-client';
import { JiraService } from '../../adapters/jira/jira-service';
import { ForbiddenError, InvalidInputError } from '../../domain/errors';
import { SECRET_AUDIT_RESOLVER_KEYS, type SecretChangesPanelView } from '../../shared/secret-audit-contract';
import { respond } from './respond';
import { toChangeView } from './secret-change-view';

/** The evidence (callers, addresses) is for agents: people who can work on the request. */
const VIEW_PERMISSIONS = ['BROWSE_PROJECTS', 'TRANSITION_ISSUES'];

function issueKeyFrom(context: unknown): string {
  // The issue comes from the platform-built context, never from the UI's payload.
  const key = (context as { extension?: { issue?: { key?: unknown } } }).extension?.issue?.key;
  if (typeof key !== 'string' || key === '') throw new InvalidInputError('This panel is not shown on an issue.');
  return key;
}

/** `panel/secret-changes`: on a "Secret change" request, the changes matched to it and its SNS publication. */
export function registerSecretChangePanelResolver(resolver: Resolver): void {
  resolver.define(SECRET_AUDIT_RESOLVER_KEYS.panelSecretChanges, ({ context }) =>
    respond<SecretChangesPanelView>(async () => {
      const viewer = JiraClient.forUser();
      // Reading the issue as the viewer makes Jira enforce their browse permission.
      const issue = await viewer.issueSummary(issueKeyFrom(context));
      if (!(await viewer.hasPermissions(VIEW_PERMISSIONS, { issueKey: issue.key }))) throw new ForbiddenError('Only agents of this project can see secret changes.');
      const store = new SecretAuditRepository();
      const settings = await store.settings();
      if (!settings) return { issueKey: issue.key, isSecretChangeRequest: false, changes: [] };
      const request = await new JiraService().customerRequest(issue.key).catch(() => undefined);
      if (request?.requestTypeId !== settings.requestTypeId) return { issueKey: issue.key, isSecretChangeRequest: false, changes: [] };
      const [changes, approval] = await Promise.all([store.changesForTicket(issue.key), store.approval(issue.id)]);
      return {
        issueKey: issue.key,
        isSecretChangeRequest: true,
        ...(approval
          ? {
              approval: {
                topicArn: approval.topicArn,
                ...(approval.publishedAt ? { publishedAt: approval.publishedAt } : {}),
                ...(approval.messageId ? { messageId: approval.messageId } : {}),
                ...(approval.deliveredBackAt ? { deliveredBackAt: approval.deliveredBackAt } : {}),
                ...(approval.error && !approval.publishedAt ? { error: approval.error } : {}),
              },
            }
          : {}),
        changes: changes.map(toChangeView),
      };
    }),
  );
}
