import type { DemoUserKey } from '../../sandbox/jira';
import type { GrantView, JitPanelView } from '../../src/shared/jit-contract';
import type { SandboxClient, SandboxUser } from './sandbox-client';

export interface CreatedRequest {
  issueId: string;
  issueKey: string;
}

export interface JiraComment {
  id: string;
  body: unknown;
  properties?: { key: string; value: unknown }[];
}

export type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const PANEL_MODULE = 'provisio-issue-panel';

/**
 * Just-in-time access driven the way people drive it: a requester raises "Temporary elevated
 * access" in JSM, an approver approves it in JSM, people use the panel's resolvers as
 * themselves, and the targets (Okta, Identity Center, the Atlassian organization) are read
 * from their stand-ins.
 */
export class JitDriver {
  constructor(readonly client: SandboxClient) {}

  get seed() {
    return this.client.sandbox.jitSeed;
  }

  fieldId(name: string): string {
    const id = this.client.sandbox.seed.customFieldIds[name];
    if (!id) throw new Error(`no field ${name}`);
    return id;
  }

  /** Raises a request as `requester`; `startAt` is epoch ms (absent: start on approval). */
  async raise(input: { target: string; minutes: number; startAt?: number; justification?: string; requester?: DemoUserKey }): Promise<CreatedRequest> {
    const seed = this.client.sandbox.seed;
    const requester = this.client.user(input.requester ?? 'ritaRequester');
    const values: Record<string, unknown> = {
      summary: `Temporary access to ${input.target}`,
      [this.fieldId('Access target')]: input.target,
      [this.fieldId('Duration')]: input.minutes,
      [this.fieldId('Justification')]: input.justification ?? 'Incident response',
    };
    if (input.startAt !== undefined) values[this.fieldId('Start time')] = new Date(input.startAt).toISOString().replace('Z', '+00:00');
    const created = await this.client.as(requester).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Temporary elevated access'],
      requestFieldValues: values,
    });
    if (created.status !== 201) throw new Error(`raising the request failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  }

  async approve(issueKey: string, approver: DemoUserKey = 'annApprover'): Promise<void> {
    const as = this.client.as(this.client.user(approver));
    const approvals = await as.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${issueKey}/approval`);
    const id = approvals.body.values[0]?.id;
    const decided = await as.post(`/rest/servicedeskapi/request/${issueKey}/approval/${id}`, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`approving ${issueKey} failed: ${decided.status} ${JSON.stringify(decided.body)}`);
  }

  /** Raise and approve, then let the app finish what it does at once. */
  async grant(input: Parameters<JitDriver['raise']>[0], approver: DemoUserKey = 'annApprover'): Promise<CreatedRequest> {
    const request = await this.raise(input);
    await this.client.settle();
    await this.approve(request.issueKey, approver);
    await this.client.settle();
    return request;
  }

  async moveTo(issueKey: string, status: string, agent: DemoUserKey = 'alanAgent'): Promise<void> {
    const as = this.client.as(this.client.user(agent));
    const { body } = await as.get<{ transitions: { id: string; to: { name: string } }[] }>(`/rest/api/3/issue/${issueKey}/transitions`);
    const transition = body.transitions.find((t) => t.to.name === status);
    if (!transition) throw new Error(`${issueKey} has no transition to ${status}`);
    const moved = await as.post(`/rest/api/3/issue/${issueKey}/transitions`, { transition: { id: transition.id } });
    if (moved.status !== 204) throw new Error(`moving ${issueKey} failed: ${moved.status}`);
    await this.client.settle();
  }

  async status(issueKey: string): Promise<string> {
    const { body } = await this.client.as(this.client.user('alanAgent')).get<{ fields: { status: { name: string } } }>(`/rest/api/3/issue/${issueKey}?fields=status`);
    return body.fields.status.name;
  }

  async comments(issueKey: string): Promise<string[]> {
    const { body } = await this.client.as(this.client.user('alanAgent')).get<{ comments: JiraComment[] }>(`/rest/api/3/issue/${issueKey}/comment?expand=properties&maxResults=100`);
    return body.comments.map((c) => textOf(c.body));
  }

  async panel<T = JitPanelView>(request: CreatedRequest, functionKey: string, as: DemoUserKey | SandboxUser = 'alanAgent', payload: unknown = {}): Promise<Answer<T>> {
    const user = typeof as === 'string' ? this.client.user(as) : as;
    return (await this.client.sandbox.platform.invokeResolver({
      moduleKey: PANEL_MODULE,
      functionKey,
      payload,
      context: { extension: { type: 'jira:issuePanel', issue: { key: request.issueKey, id: request.issueId } } },
      accountId: user.accountId,
    })) as Answer<T>;
  }

  async view(request: CreatedRequest, as: DemoUserKey = 'alanAgent'): Promise<JitPanelView> {
    const answer = await this.panel(request, 'panel/jit-grant', as);
    if (!answer.ok) throw new Error(`panel/jit-grant failed: ${answer.error.message}`);
    return answer.data;
  }

  async grantView(request: CreatedRequest): Promise<GrantView> {
    const view = await this.view(request);
    if (!view.grant) throw new Error(`no grant on ${request.issueKey}`);
    return view.grant;
  }

  // ---- the targets, read from their stand-ins ----

  oktaUserId(person: DemoUserKey): string {
    const login = this.client.sandbox.seed.users[person].email;
    const user = this.client.sandbox.okta.store.findUserByLogin(login);
    if (!user) throw new Error(`no Okta user ${login}`);
    return user.id;
  }

  inOktaGroup(person: DemoUserKey): boolean {
    return this.client.sandbox.okta.store.isMember(this.seed.okta.groupId, this.oktaUserId(person));
  }

  oktaGroupMembers(): string[] {
    return this.client.sandbox.okta.store.memberIds(this.seed.okta.groupId);
  }

  inAwsPermissionSet(person: DemoUserKey): boolean {
    const aws = this.seed.aws;
    const id = aws.userIds[person];
    return this.client.sandbox.aws.identityCenter.assignments({ instanceArn: aws.instanceArn, accountId: aws.accountId, permissionSetArn: aws.permissionSetArn }).some((a) => a.principalId === id);
  }

  inAtlassianGroup(person: DemoUserKey): boolean {
    return this.client.sandbox.atlassianAdmin.members(this.seed.atlassian.groupId).includes(this.client.sandbox.seed.users[person].accountId);
  }

  async dropTimerEvents(count = 100_000): Promise<void> {
    await this.client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'drop', count, match: 'jit-timers' }] });
  }
}

export function textOf(adf: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'paragraph' && out.length > 0) out.push('\n');
    for (const child of n.content ?? []) walk(child);
  };
  walk(adf);
  return out.join('').trim();
}
