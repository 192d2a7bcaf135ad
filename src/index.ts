// Every export here is a `handler: index.<name>` in manifest.yml, and nothing else lives here.

// Custom UI resolvers
export { issuePanelResolver } from './entry/resolvers/issue-panel.resolver';
export { adminResolver } from './entry/resolvers/admin.resolver';
