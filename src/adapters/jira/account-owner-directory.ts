import { route } from '@forge/api';
import { NotFoundError } from '../../domain/errors';
import type { PeopleDirectory } from '../../usecases/account-vending-ports';
import { JiraClient } from './jira-client';

/** Looks up the account owner named on a vending request (a Jira account id), as the app. */
export class JiraPeopleDirectory implements PeopleDirectory {
  constructor(private readonly jira: JiraClient = JiraClient.forApp()) {}

  async displayName(accountId: string): Promise<string | undefined> {
    try {
      const user = await this.jira.get<{ displayName?: string; active?: boolean }>(route`/rest/api/3/user?accountId=${accountId}`, `read user ${accountId}`);
      return user.displayName ?? accountId;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
