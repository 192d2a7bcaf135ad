/** `/jira/settings/apps/provisio`: the app's jira:adminPage, for Jira administrators only. */
import { resourceEntryUrl } from '../resource-server';
import { uiModule, type PageContext } from './context';
import { html, type SafeHtml } from './html';

export const ADMIN_PAGE_PATH = '/jira/settings/apps/provisio';

export async function adminPage(ui: PageContext): Promise<{ status: number; body: SafeHtml }> {
  const perms = await ui.jira.get<{ permissions: Record<string, { havePermission?: boolean }> }>('/rest/api/3/mypermissions', { permissions: 'ADMINISTER' });
  if (!perms.permissions.ADMINISTER?.havePermission) {
    return {
      status: 403,
      body: html`<section class="card message" data-testid="forbidden">
        <h1>You don't have access to this page</h1>
        <p>Only Jira administrators can open the settings of apps. Ask an administrator if you need to change Provisio's settings.</p>
        <p><a href="/">Back to requests</a></p>
      </section>`,
    };
  }
  const module = uiModule(ui.deps.platform, 'jira:adminPage');
  if (!module) {
    return { status: 404, body: html`<section class="card message"><h1>Provisio has no settings page</h1><p>The app's manifest declares no jira:adminPage module.</p></section>` };
  }
  const token = ui.deps.frames.open({ moduleKey: module.key, accountId: ui.viewer.user.accountId, extension: {} });
  return {
    status: 200,
    body: html`<nav class="breadcrumbs">Settings / Apps / ${module.title}</nav>
      <section class="admin-app" data-testid="admin-app">
        <iframe class="forge-frame admin-page-frame" src="${resourceEntryUrl(module.resource, token)}" title="${module.title}" data-module-key="${module.key}"></iframe>
      </section>`,
  };
}
