import { route } from '@forge/api';
import { NotFoundError } from '../../domain/errors';
import type { JiraClient } from './jira-client';

export interface JiraPerson {
  accountId: string;
  displayName: string;
  active: boolean;
}

interface UserBean {
  accountId?: unknown;
  displayName?: unknown;
  active?: unknown;
  accountType?: unknown;
}

const personOf = (u: UserBean): JiraPerson | undefined =>
  typeof u.accountId === 'string' && typeof u.displayName === 'string' ? { accountId: u.accountId, displayName: u.displayName, active: u.active !== false } : undefined;

/**
 * People by name, as the caller may see them (Jira answers an empty list without "Browse users
 * and groups"). Only human accounts: an app or customer account cannot approve in the service desk.
 */
export async function findPeople(jira: JiraClient, query: string, max = 10): Promise<JiraPerson[]> {
  const users = await jira.get<UserBean[]>(route`/rest/api/3/user/search?query=${query}&maxResults=${String(max)}`, 'search for people');
  return users.filter((u) => u.accountType === undefined || u.accountType === 'atlassian').flatMap((u) => personOf(u) ?? []).filter((p) => p.active);
}

/** The person with this account id, or undefined when Jira knows no such user. */
export async function personById(jira: JiraClient, accountId: string): Promise<JiraPerson | undefined> {
  try {
    return personOf(await jira.get<UserBean>(route`/rest/api/3/user?accountId=${accountId}`, `read the user ${accountId}`));
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
