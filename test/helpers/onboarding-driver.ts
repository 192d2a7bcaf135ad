import type { ResolverAnswer, SandboxClient, SandboxUser } from './sandbox-client';

export interface CreatedRequest {
  issueId: string;
  issueKey: string;
}

export interface JiraComment {
  id: string;
  body: unknown;
  properties?: { key: string; value: unknown }[];
}

export interface OktaUserBody {
  id: string;
  status: string;
  profile: { login: string; email: string; firstName: string; lastName: string };
}

/** The run record as the app stores it (read from KVS for assertions; the app owns the shape). */
export interface StoredRun {
  issueId: string;
  issueKey: string;
  status: string;
  attempts: number;
  failureReason?: string;
  failureNotices?: string[];
  outputs: Record<string, string>;
  steps: { id: string; status: string; detail?: string }[];
}

export type { ResolverAnswer };

const MARKER = 'provisio.marker';
export const PANEL_MODULE = 'provisio-issue-panel';

/**
 * The onboarding flow driven the way people drive it: a requester raises the request in JSM, an
 * approver approves it, agents read the issue over Jira REST, and the Okta stand-in is read with
 * its admin SSWS token. Everything goes through the sandbox's real HTTP APIs.
 */
export class OnboardingDriver {
  private counter = 0;

  constructor(readonly client: SandboxClient) {}

  fieldId(name: string): string {
    const id = this.client.sandbox.seed.customFieldIds[name];
    if (!id) throw new Error(`no field ${name}`);
    return id;
  }

  /** A unique new starter per call (so tests sharing a sandbox never meet each other's users). */
  person(prefix = 'starter'): { login: string; first: string; last: string } {
    this.counter += 1;
    const first = `${prefix[0]!.toUpperCase()}${prefix.slice(1)}`;
    const last = `Number${this.counter}`;
    return { login: `${prefix}.number${this.counter}@provisio-demo.example`, first, last };
  }

  /** Request field values for a new starter; `overrides` are by field name ('Okta groups', …). */
  values(person: { login: string; first: string; last: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const byName: Record<string, unknown> = {
      'First name': person.first,
      'Last name': person.last,
      'Work email': person.login,
      Department: { value: 'Engineering' },
      Manager: this.client.user('alanAgent').accountId,
      'Okta groups': ['Engineering', 'Contractors'],
      'Start date': '2026-12-01',
      ...overrides,
    };
    const values: Record<string, unknown> = { summary: `Onboard ${person.first} ${person.last}` };
    for (const [name, value] of Object.entries(byName)) if (value !== undefined) values[this.fieldId(name)] = value;
    return values;
  }

  agent(user: SandboxUser = this.client.user('alanAgent')) {
    return this.client.as(user);
  }

  async raise(values: Record<string, unknown>, requester: SandboxUser = this.client.user('ritaRequester')): Promise<CreatedRequest> {
    const seed = this.client.sandbox.seed;
    const created = await this.client.as(requester).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Onboard a new employee'],
      requestFieldValues: values,
    });
    if (created.status !== 201) throw new Error(`raising the request failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  }

  /** Approves as Ann Approver; the approval moves the request to In Progress, which starts provisioning. */
  async approve(issueKey: string): Promise<void> {
    const approver = this.client.as(this.client.user('annApprover'));
    const approvals = await approver.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${issueKey}/approval`);
    const id = approvals.body.values[0]?.id;
    const decided = await approver.post(`/rest/servicedeskapi/request/${issueKey}/approval/${id}`, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`approving ${issueKey} failed: ${decided.status} ${JSON.stringify(decided.body)}`);
  }

  async raiseAndApprove(values: Record<string, unknown>, options: { settle?: boolean } = {}): Promise<CreatedRequest> {
    const request = await this.raise(values);
    await this.approve(request.issueKey);
    if (options.settle !== false) await this.client.settle();
    return request;
  }

  async status(issueKey: string): Promise<string> {
    const issue = await this.agent().get<{ fields: { status: { name: string } } }>(`/rest/api/3/issue/${issueKey}?fields=status`);
    return issue.body.fields.status.name;
  }

  async comments(issueKey: string): Promise<JiraComment[]> {
    const page = await this.agent().get<{ comments: JiraComment[] }>(`/rest/api/3/issue/${issueKey}/comment?expand=properties&maxResults=100`);
    return page.body.comments;
  }

  /** How many comments carry each Provisio marker (a marker seen twice is a duplicated comment). */
  async markerCounts(issueKey: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const comment of await this.comments(issueKey)) {
      const marker = markerOf(comment) ?? '(no marker)';
      counts[marker] = (counts[marker] ?? 0) + 1;
    }
    return counts;
  }

  async oktaUser(login: string): Promise<OktaUserBody | undefined> {
    const found = await this.client.okta<OktaUserBody[]>(`/api/v1/users?search=${encodeURIComponent(`profile.login eq "${login}"`)}`);
    if (found.status !== 200) throw new Error(`Okta search failed: ${found.status}`);
    if (found.body.length > 1) throw new Error(`Okta holds ${found.body.length} users with login ${login}`);
    return found.body[0];
  }

  /** Every Okta user whose email or login is `address` (duplicates would show up here). */
  async oktaUsersFor(address: string): Promise<OktaUserBody[]> {
    const search = encodeURIComponent(`profile.email eq "${address}" or profile.login eq "${address}"`);
    const found = await this.client.okta<OktaUserBody[]>(`/api/v1/users?search=${search}`);
    if (found.status !== 200) throw new Error(`Okta search failed: ${found.status}`);
    return found.body;
  }

  async oktaGroupNames(userId: string): Promise<string[]> {
    const groups = await this.client.okta<{ profile: { name: string } }[]>(`/api/v1/users/${userId}/groups`);
    return groups.body.map((g) => g.profile.name).sort();
  }

  /** The run as stored, read from the platform's KVS (the sandbox's storage inspector). */
  run(issueId: string): StoredRun | undefined {
    const item = this.client.sandbox.platform.kvs.inspect().values.find((v) => v.entityName === 'provisioning-run' && v.key === `run-${issueId}`);
    return item?.value as StoredRun | undefined;
  }

  consumerInvocations(since = 0) {
    return this.client.sandbox.platform.log.list({ functionKey: 'on-provisioning-event' }).slice(since);
  }

  /** A position in the Okta stand-in's request log, for `oktaRequests(since)`. */
  oktaMark(): number {
    return this.client.sandbox.okta.requestLog().length;
  }

  /** Okta requests the app made (not the test's own SSWS reads), since an `oktaMark()`. */
  oktaRequests(since = 0) {
    return this.client.sandbox.okta
      .requestLog()
      .slice(since)
      .filter((r) => r.auth !== 'ssws');
  }

  slackTexts(): string[] {
    return this.client.sandbox.slack.messages().map((m) => m.text);
  }

  /** The issue panel's Retry, invoked as `user` through the platform (as the Custom UI's invoke() does). */
  async retry(request: CreatedRequest, user: SandboxUser = this.client.user('alanAgent')): Promise<ResolverAnswer<{ queued: true }>> {
    return (await this.client.sandbox.platform.invokeResolver({
      moduleKey: PANEL_MODULE,
      functionKey: 'panel/retry',
      payload: {},
      context: { extension: { type: 'jira:issuePanel', issue: { key: request.issueKey, id: request.issueId } } },
      accountId: user.accountId,
    })) as ResolverAnswer<{ queued: true }>;
  }

  /** Saves onboarding settings as the site admin, through the admin page's resolver (as an admin would). */
  async updateOnboardingSettings(change: (current: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    const config = await this.client.admin<{ onboarding?: Record<string, unknown> }>('admin/get-config');
    if (!config.ok || !config.data.onboarding) throw new Error('could not read the onboarding settings');
    const saved = await this.client.admin<{ saved: boolean }>('admin/save-onboarding', change(config.data.onboarding));
    if (!saved.ok || !saved.data.saved) throw new Error(`saving onboarding settings failed: ${JSON.stringify(saved)}`);
  }
}

export function markerOf(comment: JiraComment): string | undefined {
  const value = comment.properties?.find((p) => p.key === MARKER)?.value as { marker?: unknown } | undefined;
  return typeof value?.marker === 'string' ? value.marker : undefined;
}

export function isInternal(comment: JiraComment): boolean {
  return comment.properties?.some((p) => p.key === 'sd.public.comment' && (p.value as { internal?: boolean }).internal === true) ?? false;
}

/** The comment's text, from its ADF body. */
export function commentText(comment: JiraComment): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; text?: unknown; content?: unknown[] };
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) {
      n.content.forEach(walk);
      if (n.type === 'paragraph') parts.push('\n');
    }
  };
  walk(comment.body);
  return parts.join('').trim();
}
