import { getAppContext } from '@forge/api';
import Resolver from '@forge/resolver';
import { JiraClient } from '../../adapters/jira/jira-client';
import { InvalidInputError } from '../../domain/errors';
import { RESOLVER_KEYS, type PanelInfo } from '../../shared/resolver-contract';
import { respond } from './respond';

interface IssuePanelContext {
  extension?: { issue?: { key?: unknown } };
}

const resolver = new Resolver();

resolver.define(RESOLVER_KEYS.panelGetInfo, ({ context }) =>
  respond<PanelInfo>(async () => {
    // The issue comes from the platform-built context, never from the UI's payload.
    const issueKey = (context as IssuePanelContext).extension?.issue?.key;
    if (typeof issueKey !== 'string' || issueKey === '') throw new InvalidInputError('This panel is not shown on an issue.');
    // Reading the issue as the viewer makes Jira enforce their browse permission.
    const issue = await JiraClient.forUser().issueSummary(issueKey);
    return { issueKey: issue.key, appVersion: getAppContext().appVersion };
  }),
);

export const issuePanelResolver = resolver.getDefinitions();
