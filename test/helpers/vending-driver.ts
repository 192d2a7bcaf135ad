import { BatchGetBuildsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ListAccountsCommand, ListParentsCommand, ListTagsForResourceCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { currentInvocation } from '../../sandbox/platform/invocation-context';
import type { SandboxClient, SandboxUser } from './sandbox-client';

export interface CreatedRequest {
  issueId: string;
  issueKey: string;
}

export interface JiraComment {
  body: unknown;
  properties?: { key: string; value: unknown }[];
}

interface AwsEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Drives "New AWS account" requests through the real JSM APIs, and inspects AWS the way an
 * organization administrator would: the official SDK clients against the stand-in's
 * `/__standin/aws` endpoint, with the credentials GET /__sandbox/endpoints reports.
 */
export class VendingDriver {
  private constructor(
    readonly client: SandboxClient,
    readonly organizations: OrganizationsClient,
    readonly codebuild: CodeBuildClient,
  ) {}

  static async create(client: SandboxClient): Promise<VendingDriver> {
    const { aws } = await client.control<{ aws: AwsEndpoint }>('GET', '/__sandbox/endpoints');
    const config = { region: aws.region, endpoint: aws.endpoint, credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey }, maxAttempts: 1 };
    return new VendingDriver(client, new OrganizationsClient(config), new CodeBuildClient(config));
  }

  fieldId(name: string): string {
    const id = this.client.sandbox.seed.customFieldIds[name];
    if (!id) throw new Error(`no field ${name}`);
    return id;
  }

  /** Field values of a valid request; `overrides` by field name (`'Account email'`). */
  values(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const byName: Record<string, unknown> = {
      'Account name': name,
      'Account email': `aws+${slug}@provisio-demo.example`,
      'Organizational unit': 'Workloads/NonProd',
      Environment: { value: 'dev' },
      'Cost center': 'CC-1234',
      'Account owner': this.client.user('alanAgent').accountId,
      Approvers: this.client.user('bobApprover').accountId,
      ...overrides,
    };
    return { summary: `New AWS account ${name}`, ...Object.fromEntries(Object.entries(byName).map(([field, value]) => [this.fieldId(field), value])) };
  }

  async raise(values: Record<string, unknown>, requester: SandboxUser = this.client.user('ritaRequester')): Promise<CreatedRequest> {
    const seed = this.client.sandbox.seed;
    const created = await this.client.as(requester).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['New AWS account'],
      requestFieldValues: values,
    });
    if (created.status !== 201) throw new Error(`raising the request failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  }

  async approve(issueKey: string): Promise<void> {
    const approver = this.client.as(this.client.user('annApprover'));
    const approvals = await approver.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${issueKey}/approval`);
    const decided = await approver.post(`/rest/servicedeskapi/request/${issueKey}/approval/${approvals.body.values[0]?.id}`, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`approving ${issueKey} failed: ${decided.status}`);
  }

  private agent() {
    return this.client.as(this.client.user('alanAgent'));
  }

  async status(issueKey: string): Promise<string> {
    return (await this.agent().get<{ fields: { status: { name: string } } }>(`/rest/api/3/issue/${issueKey}?fields=status`)).body.fields.status.name;
  }

  async comments(issueKey: string): Promise<JiraComment[]> {
    return (await this.agent().get<{ comments: JiraComment[] }>(`/rest/api/3/issue/${issueKey}/comment?expand=properties&maxResults=100`)).body.comments;
  }

  async commentTexts(issueKey: string, which: 'public' | 'internal' | 'all' = 'all'): Promise<string[]> {
    return (await this.comments(issueKey)).filter((c) => which === 'all' || isInternal(c) === (which === 'internal')).map(commentText);
  }

  /** Sets a field on the request as an agent (correcting it before a retry). */
  async editField(issueKey: string, field: string, value: unknown): Promise<void> {
    const response = await this.agent().put(`/rest/api/3/issue/${issueKey}`, { fields: { [this.fieldId(field)]: value } });
    if (response.status !== 204) throw new Error(`editing ${field} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }

  async accountByEmail(email: string): Promise<Account | undefined> {
    const accounts: Account[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.organizations.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
      accounts.push(...(page.Accounts ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return accounts.find((a) => a.Email === email);
  }

  async accountsWithEmail(email: string): Promise<number> {
    return this.client.sandbox.aws.organizations.accounts().filter((a) => a.email === email).length;
  }

  async parentOf(accountId: string): Promise<string | undefined> {
    return (await this.organizations.send(new ListParentsCommand({ ChildId: accountId }))).Parents?.[0]?.Id;
  }

  async tagsOf(accountId: string): Promise<Record<string, string>> {
    const tags = (await this.organizations.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags ?? [];
    return Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? '']));
  }

  /** The baseline builds that ran for an account, read back with BatchGetBuilds. */
  async buildsFor(accountId: string): Promise<{ id: string; status: string; variables: Record<string, string> }[]> {
    const ids = this.client.sandbox.aws.codebuild
      .builds()
      .filter((b) => b.environmentVariables.some((v) => v.name === 'PROVISIO_ACCOUNT_ID' && v.value === accountId))
      .map((b) => b.id);
    if (ids.length === 0) return [];
    const out = await this.codebuild.send(new BatchGetBuildsCommand({ ids }));
    return (out.builds ?? []).map((b) => ({
      id: b.id ?? '',
      status: b.buildStatus ?? '',
      variables: Object.fromEntries((b.environment?.environmentVariables ?? []).map((v) => [v.name ?? '', v.value ?? ''])),
    }));
  }

  /** At most how many CreateAccount requests were in flight at once, from the stand-in's own records. */
  maxCreationsInFlight(): number {
    const edges = this.client.sandbox.aws.organizations
      .createAccountStatuses()
      .flatMap((r) => [
        { at: r.requestedAtMs, delta: 1 },
        { at: r.completedAtMs ?? Number.MAX_SAFE_INTEGER, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let current = 0;
    let max = 0;
    for (const edge of edges) {
      current += edge.delta;
      max = Math.max(max, current);
    }
    return max;
  }

  /**
   * The next time the app's call of `action` reaches AWS, the invocation that made it dies right
   * after AWS answered (the platform's crash: nothing the app does afterwards reaches anything).
   */
  crashAfterAwsAction(action: string): { fired: () => boolean } {
    let fired = false;
    const stop = this.client.sandbox.aws.observe((entry) => {
      if (fired || entry.action !== action || entry.status !== 200) return;
      const scope = currentInvocation();
      if (!scope) return;
      fired = true;
      scope.crashed = true;
      stop();
    });
    return { fired: () => fired };
  }

  /** Advances the virtual clock in hops, as long as it takes (Forge delays are at most 900 s). */
  async advance(seconds: number, hop = 300): Promise<void> {
    for (let left = seconds; left > 0; left -= hop) await this.client.advance(Math.min(hop, left));
  }
}

export function isInternal(comment: JiraComment): boolean {
  return comment.properties?.some((p) => p.key === 'sd.public.comment' && (p.value as { internal?: boolean }).internal === true) ?? false;
}

/** The plain text of an ADF comment, one line per paragraph. */
export function commentText(comment: JiraComment): string {
  const walk = (node: unknown): string => {
    if (!node || typeof node !== 'object') return '';
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text') return n.text ?? '';
    const inner = (n.content ?? []).map(walk).join('');
    return n.type === 'paragraph' ? `${inner}\n` : inner;
  };
  return walk(comment.body).trim();
}

/**
 * Where an AWS secret would leak: Jira (every issue, comment and property), the app's logs and
 * errors in the invocation log, and KVS plain values. Secrets: the IAM users' secret keys, and
 * every role session's secret key and token the stand-in issued. Returns what leaked where.
 */
export function awsSecretLeaks(sandbox: SandboxClient['sandbox']): string[] {
  const secrets = [
    ...sandbox.aws.iam.accessKeys().map((k) => ({ what: `secret key of ${k.accessKeyId}`, value: k.secretAccessKey })),
    ...sandbox.aws.iam.sessions().flatMap((s) => [
      { what: `session secret of ${s.accessKeyId}`, value: s.secretAccessKey },
      { what: `session token of ${s.accessKeyId}`, value: s.sessionToken },
    ]),
  ];
  if (secrets.length === 0) throw new Error('no AWS secrets to look for: the scan would prove nothing');
  const places = {
    jira: JSON.stringify(sandbox.jira.snapshot()),
    logs: JSON.stringify(sandbox.platform.log.list()),
    'kvs plain values': JSON.stringify(sandbox.platform.kvs.inspect().values),
  };
  return Object.entries(places).flatMap(([place, text]) => secrets.filter((s) => text.includes(s.value)).map((s) => `${s.what} in ${place}`));
}
