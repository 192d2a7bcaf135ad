// Every export here is a `handler: index.<name>` in manifest.yml, and nothing else lives here.

// Product event triggers
export { onIssueUpdated } from './entry/triggers/issue-updated.trigger';
export { onIssueCreated } from './entry/triggers/issue-created.trigger';
export { onSecretChangeUpdated } from './entry/triggers/secret-change-updated.trigger';
export { onIssueDeleted } from './entry/triggers/issue-deleted.trigger';

// Async event consumers
export { onProvisioningEvent } from './entry/consumers/provisioning.consumer';
export { onAccountVendingEvent } from './entry/consumers/account-vending.consumer';
export { onSecretAuditEvent } from './entry/consumers/secret-audit.consumer';
export { onJitTimerEvent } from './entry/consumers/jit-timer.consumer';
export { onExportPage } from './entry/consumers/export-page.consumer';

// Custom UI resolvers
export { issuePanelResolver } from './entry/resolvers/issue-panel.resolver';
export { adminResolver } from './entry/resolvers/admin.resolver';

// Scheduled triggers
export { onJitSweep } from './entry/scheduled/jit-sweep';
export { onExportSchedule } from './entry/scheduled/export.scheduled';

// Web triggers
export { onSnsMessage } from './entry/webtriggers/sns.webtrigger';
