import { route } from '@forge/api';
import { JiraClient } from './jira-client';

/**
 * Links to issues for messages that leave Jira (Slack, SNS). Outside resolvers Forge gives the
 * app no site URL, so it is read from `/rest/api/3/serverInfo` when a message needs it; such
 * messages are rare (a failure, an unapproved change, an approval), so it is not cached. Best
 * effort: a message without a link is better than no message, so this never throws.
 */
export class JiraSiteAddress {
  constructor(private readonly jira: () => JiraClient = () => JiraClient.forApp()) {}

  async issueUrl(issueKey: string): Promise<string | undefined> {
    const base = await this.baseUrl();
    return base ? `${base}/browse/${encodeURIComponent(issueKey)}` : undefined;
  }

  async baseUrl(): Promise<string | undefined> {
    try {
      const info = await this.jira().get<{ baseUrl?: unknown }>(route`/rest/api/3/serverInfo`, 'read the site address');
      return typeof info.baseUrl === 'string' && /^https?:\/\/[^\s/]+/.test(info.baseUrl) ? info.baseUrl.replace(/\/+$/, '') : undefined;
    } catch (error) {
      console.warn('the site address could not be read; the message goes without a link:', error instanceof Error ? error.message : typeof error);
      return undefined;
    }
  }
}
