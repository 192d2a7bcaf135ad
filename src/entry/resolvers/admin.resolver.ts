import { getAppContext } from '@forge/api';
import Resolver from '@forge/resolver';
import { JiraClient } from '../../adapters/jira/jira-client';
import { ForbiddenError } from '../../domain/errors';
import { RESOLVER_KEYS, type AdminInfo } from '../../shared/resolver-contract';
import { respond } from './respond';

const resolver = new Resolver();

/** Only Jira administrators may use the admin page; the resolver checks, whatever the UI shows. */
async function requireJiraAdmin(): Promise<JiraClient> {
  const jira = JiraClient.forUser();
  if (!(await jira.hasPermissions(['ADMINISTER']))) throw new ForbiddenError('Only Jira administrators can configure Provisio.');
  return jira;
}

resolver.define(RESOLVER_KEYS.adminGetInfo, () =>
  respond<AdminInfo>(async () => {
    const jira = await requireJiraAdmin();
    const viewer = await jira.myself();
    return { appVersion: getAppContext().appVersion, viewerDisplayName: viewer.displayName };
  }),
);

export const adminResolver = resolver.getDefinitions();
