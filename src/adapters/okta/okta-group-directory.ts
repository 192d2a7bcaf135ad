import type { Principal } from '../../domain/jit/grant';
import { isPermanentMember } from '../../domain/jit/membership';
import type { MembershipDirectory, OpState, PollState } from '../../usecases/grant-ports';
import type { OktaClient } from './okta-client';
import { OktaService } from './okta-service';

interface RawUser {
  id: string;
  status: string;
  profile: { login: string };
}

const PAGE = 200;
const MAX_PAGES = 50;

/**
 * An Okta group as a just-in-time target: membership by user id, the person found by their
 * Jira email as Okta login, and, after a removal, the person's Okta sessions cleared so the
 * access does not outlive the membership.
 */
export class OktaGroupDirectory implements MembershipDirectory {
  readonly description: string;
  private readonly okta: OktaService;

  constructor(
    private readonly client: OktaClient,
    private readonly group: { groupId: string; groupName: string; clearSessions: boolean },
    private readonly permanent: readonly string[],
  ) {
    this.okta = new OktaService(client);
    this.description = `Okta group ${group.groupName} (${group.groupId})`;
  }

  async principalFor(person: { email?: string }): Promise<Principal | undefined> {
    if (!person.email) return undefined;
    const user = await this.okta.findUserByLogin(person.email.toLowerCase());
    if (!user || user.status === 'DEPROVISIONED') return undefined;
    return { id: user.id, label: user.login };
  }

  async members(): Promise<Principal[]> {
    const out: Principal[] = [];
    let path: string | undefined = `/api/v1/groups/${this.group.groupId}/users?limit=${PAGE}`;
    for (let page = 0; path && page < MAX_PAGES; page += 1) {
      const response: { body: RawUser[]; headers: Headers } = await this.client.request<RawUser[]>('GET', path, `list the members of ${this.group.groupName}`);
      for (const u of response.body) out.push({ id: u.id, label: u.profile.login });
      path = nextPath(response.headers.get('link'));
    }
    return out;
  }

  /** Read back from the user's side: the groups Okta says the user is in now. */
  async isMember(userId: string): Promise<boolean> {
    return (await this.okta.groupsOf(userId)).some((g) => g.id === this.group.groupId);
  }

  async isPermanent(principal: Principal): Promise<boolean> {
    return isPermanentMember(principal, this.permanent);
  }

  async add(principal: Principal): Promise<OpState> {
    await this.okta.addToGroup(principal.id, this.group.groupId, this.group.groupName);
    return { state: 'done' };
  }

  async remove(principal: Principal): Promise<OpState> {
    await this.okta.removeFromGroup(principal.id, this.group.groupId, this.group.groupName);
    return { state: 'done' };
  }

  async poll(): Promise<PollState> {
    // Okta changes memberships synchronously: nothing is ever pending.
    return { state: 'done' };
  }

  async afterRemoval(principal: Principal): Promise<string | undefined> {
    if (!this.group.clearSessions) return undefined;
    await this.okta.clearSessions(principal.id);
    return `Cleared ${principal.label}'s Okta sessions, so the removed access ends now, not when a session would have`;
  }
}

/** The path and query of Okta's `Link: <…>; rel="next"`, if any. */
function nextPath(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) {
      const url = new URL(match[1]);
      return `${url.pathname}${url.search}`;
    }
  }
  return undefined;
}
