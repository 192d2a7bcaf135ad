import { ForbiddenError, InvalidInputError, NotFoundError, UpstreamError } from '../../domain/errors';
import type { Principal } from '../../domain/jit/grant';
import type { TargetRef } from '../../domain/jit/jit-settings';
import { isPermanentMember } from '../../domain/jit/membership';
import type { MembershipDirectory, OpState, PollState } from '../../usecases/grant-ports';

type AtlassianTarget = Extract<TargetRef, { kind: 'atlassian-group' }>;

export const ATLASSIAN_ADMIN_API = 'https://api.atlassian.com';

interface MembershipPage {
  data?: { account_id?: string; name?: string; email?: string }[];
  links?: { next?: string };
}

/** A 429 or 5xx from the org API: worth another try, after Retry-After when it says. */
export class AtlassianAdminError extends UpstreamError {
  override readonly name = 'AtlassianAdminError';

  constructor(
    message: string,
    status: number | undefined,
    readonly retryAt?: number,
  ) {
    super(message, status);
  }
}

const MAX_PAGES = 50;

/**
 * An Atlassian organization group as a just-in-time target, through the Organizations REST API
 * with the org admin API key as a Bearer token: add, remove and list members of
 * `/admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships`. The person is their Atlassian
 * account id, the same one Jira knows them by.
 */
export class AtlassianGroupDirectory implements MembershipDirectory {
  readonly description: string;

  constructor(
    private readonly apiKey: () => Promise<string>,
    private readonly target: AtlassianTarget,
    private readonly permanent: readonly string[],
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.description = `Atlassian group ${target.groupName} (${target.groupId})`;
  }

  async principalFor(person: { accountId: string; displayName: string; email?: string }): Promise<Principal | undefined> {
    return { id: person.accountId, label: person.email ?? person.displayName };
  }

  async members(): Promise<Principal[]> {
    const out: Principal[] = [];
    let url: string | undefined = this.membershipsUrl();
    for (let page = 0; url && page < MAX_PAGES; page += 1) {
      const body: MembershipPage = (await this.send('GET', url, `list the members of ${this.target.groupName}`)) as MembershipPage;
      for (const m of body.data ?? []) if (m.account_id) out.push({ id: m.account_id, label: m.email ?? m.name ?? m.account_id });
      url = body.links?.next ? new URL(body.links.next, ATLASSIAN_ADMIN_API).toString() : undefined;
    }
    return out;
  }

  async isMember(accountId: string): Promise<boolean> {
    return (await this.members()).some((m) => m.id === accountId);
  }

  async isPermanent(principal: Principal): Promise<boolean> {
    return isPermanentMember(principal, this.permanent);
  }

  async add(principal: Principal): Promise<OpState> {
    await this.send('POST', this.membershipsUrl(), `add ${principal.label} to ${this.target.groupName}`, { account_id: principal.id });
    return { state: 'done' };
  }

  async remove(principal: Principal): Promise<OpState> {
    try {
      await this.send('DELETE', `${this.membershipsUrl()}/${encodeURIComponent(principal.id)}`, `remove ${principal.label} from ${this.target.groupName}`);
    } catch (error) {
      // Already gone is what we wanted.
      if (!(error instanceof NotFoundError)) throw error;
    }
    return { state: 'done' };
  }

  async poll(): Promise<PollState> {
    return { state: 'done' };
  }

  async afterRemoval(): Promise<string | undefined> {
    return undefined;
  }

  private membershipsUrl(): string {
    return `${ATLASSIAN_ADMIN_API}/admin/v1/orgs/${encodeURIComponent(this.target.orgId)}/directory/groups/${encodeURIComponent(this.target.groupId)}/memberships`;
  }

  private async send(method: string, url: string, what: string, body?: unknown): Promise<unknown> {
    const key = await this.apiKey();
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (cause) {
      throw new UpstreamError(`The Atlassian organization API could not be reached to ${what}`, undefined, { cause });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    const detail = typeof parsed?.message === 'string' ? parsed.message : Array.isArray(parsed?.errors) ? (parsed.errors as { title?: string }[]).map((e) => e.title).join('; ') : '';
    if (response.ok) return parsed ?? {};
    if (response.status === 401) throw new ForbiddenError(`The Atlassian organization API refused Provisio's API key (401) when trying to ${what}: an org admin must save a valid key in Provisio's settings.`);
    if (response.status === 403) throw new ForbiddenError(`The Atlassian organization API does not let Provisio ${what} (403)${detail ? `: ${detail}` : ''}.`);
    if (response.status === 404) throw new NotFoundError(`The Atlassian organization API found nothing when trying to ${what}${detail ? `: ${detail}` : ''}.`);
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new AtlassianAdminError(`The Atlassian organization API answered ${response.status} when trying to ${what}; Provisio waits and tries again.`, undefined, Number.isFinite(retryAfter) && retryAfter > 0 ? Date.now() + retryAfter * 1000 : undefined);
    }
    throw new InvalidInputError(`The Atlassian organization API refused to ${what} (${response.status})${detail ? `: ${detail}` : ''}.`);
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
