import { OktaApiError } from './okta-errors';
import type { OktaClient } from './okta-client';

export interface OktaUser {
  id: string;
  status: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface OktaGroup {
  id: string;
  name: string;
}

export interface NewOktaUser {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  department?: string;
  manager?: string;
}

interface RawUser {
  id: string;
  status: string;
  profile: { login: string; email: string; firstName: string; lastName: string };
}
interface RawGroup {
  id: string;
  profile: { name: string };
}

const toUser = (raw: RawUser): OktaUser => ({ id: raw.id, status: raw.status, login: raw.profile.login, email: raw.profile.email, firstName: raw.profile.firstName, lastName: raw.profile.lastName });

/** Okta in Provisio's words: users, groups and memberships. */
export class OktaService {
  constructor(private readonly client: OktaClient) {}

  /**
   * Searches rather than GET /users/{login}: a login in the path needs percent-encoding ('@'),
   * which DPoP's `htu` check compares against the decoded path and rejects.
   */
  async findUserByLogin(login: string): Promise<OktaUser | undefined> {
    if (login.includes('"') || login.includes('\\')) throw new OktaApiError(`"${login}" cannot be an Okta login`, 400, undefined, []);
    const search = encodeURIComponent(`profile.login eq "${login}"`);
    const { body } = await this.client.request<RawUser[]>('GET', `/api/v1/users?search=${search}&limit=2`, `look up user ${login}`);
    const match = body.find((u) => u.profile.login.toLowerCase() === login.toLowerCase());
    return match ? toUser(match) : undefined;
  }

  /**
   * Creates and activates the user with no password: Okta emails the activation link, and
   * `nextLogin=changePassword` makes them set one where a password policy demands it.
   */
  async createUser(user: NewOktaUser): Promise<OktaUser> {
    const profile: Record<string, string> = { login: user.login, email: user.email, firstName: user.firstName, lastName: user.lastName };
    if (user.department) profile.department = user.department;
    if (user.manager) profile.manager = user.manager;
    const { body } = await this.client.request<RawUser>('POST', '/api/v1/users?activate=true', `create user ${user.login}`, { profile });
    return toUser(body);
  }

  async findGroupByName(name: string): Promise<OktaGroup | undefined> {
    const { body } = await this.client.request<RawGroup[]>('GET', `/api/v1/groups?q=${encodeURIComponent(name)}&limit=200`, `find group ${name}`);
    const match = body.find((g) => g.profile.name.toLowerCase() === name.toLowerCase());
    return match ? { id: match.id, name: match.profile.name } : undefined;
  }

  async addToGroup(userId: string, groupId: string, groupName: string): Promise<void> {
    await this.client.request('PUT', `/api/v1/groups/${groupId}/users/${userId}`, `add the user to ${groupName}`);
  }

  async removeFromGroup(userId: string, groupId: string, groupName: string): Promise<void> {
    await this.client.request('DELETE', `/api/v1/groups/${groupId}/users/${userId}`, `remove the user from ${groupName}`);
  }

  async groupsOf(userId: string): Promise<OktaGroup[]> {
    const { body } = await this.client.request<RawGroup[]>('GET', `/api/v1/users/${userId}/groups`, 'list the user’s groups');
    return body.map((g) => ({ id: g.id, name: g.profile.name }));
  }

  async clearSessions(userId: string): Promise<void> {
    await this.client.request('DELETE', `/api/v1/users/${userId}/sessions`, 'clear the user’s sessions');
  }
}
