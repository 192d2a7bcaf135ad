// Every export here is a `handler: index.<name>` in manifest.yml, and nothing else lives here.

// Product event triggers
export { onIssueUpdated } from './entry/triggers/issue-updated.trigger';

// Async event consumers
export { onProvisioningEvent } from './entry/consumers/provisioning.consumer';

// Custom UI resolvers
export { issuePanelResolver } from './entry/resolvers/issue-panel.resolver';
export { adminResolver } from './entry/resolvers/admin.resolver';
