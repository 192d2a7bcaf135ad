import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  TagResourceCommand,
  type CreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OuReference } from '../../domain/account-vending/account-request';
import type { OrgFacts } from '../../domain/account-vending/preflight';
import type { AwsOrganization, CreateRequestStatus, CreateState, OrgAccountSummary, OrgInfo } from '../../usecases/account-vending-ports';
import { AwsApiError, awsErrorFrom } from './aws-errors';
import type { AwsSession } from './aws-session';

/** AWS rejected the session itself: a new one may work. */
const SESSION_REJECTED = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException']);
/** Throttled calls are tried again after these pauses (Organizations' quotas are per second), then the run retries later. */
const THROTTLE_PAUSES_MS = [1000, 2000];
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException']);
/** How far an OU name is searched for when the request gives no path. */
const MAX_OUS_SEARCHED = 200;

export interface OrgInfoCache {
  get(): Promise<OrgInfo | undefined>;
  set(info: OrgInfo): Promise<void>;
}

/** AWS Organizations through the official SDK client, in Provisio's words. */
export class OrganizationsService implements AwsOrganization {
  constructor(
    private readonly client: OrganizationsClient,
    private readonly session: AwsSession,
    private readonly infoCache?: OrgInfoCache,
  ) {}

  /** The organization, its management account and root; cached in KVS (they never change for an organization). */
  async info(): Promise<OrgInfo> {
    const cached = await this.infoCache?.get();
    if (cached) return cached;
    const described = await this.call('organizations:DescribeOrganization', () => this.client.send(new DescribeOrganizationCommand({})));
    const roots = await this.call('organizations:ListRoots', () => this.client.send(new ListRootsCommand({})));
    const rootId = roots.Roots?.[0]?.Id;
    const organizationId = described.Organization?.Id;
    const managementAccountId = described.Organization?.MasterAccountId;
    if (!rootId || !organizationId || !managementAccountId) throw new AwsApiError('AWS Organizations described no organization root.', 200, 'NoRoot', false);
    const info = { organizationId, managementAccountId, rootId };
    await this.infoCache?.set(info);
    return info;
  }

  async listAccounts(): Promise<OrgAccountSummary[]> {
    const accounts: OrgAccountSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('organizations:ListAccounts', () => this.client.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) })));
      for (const a of page.Accounts ?? []) if (a.Id && a.Email) accounts.push({ id: a.Id, name: a.Name ?? '', email: a.Email });
      token = page.NextToken;
    } while (token);
    return accounts;
  }

  async resolveOu(ref: OuReference, rootId: string): Promise<OrgFacts['ou']> {
    if (ref.kind === 'root') return { kind: 'found', id: rootId, path: 'Root' };
    if (ref.kind === 'id') {
      try {
        const out = await this.call('organizations:DescribeOrganizationalUnit', () => this.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ref.id })));
        return { kind: 'found', id: ref.id, path: out.OrganizationalUnit?.Name ?? ref.id };
      } catch (error) {
        if (error instanceof AwsApiError && error.awsCode === 'OrganizationalUnitNotFoundException') return { kind: 'missing', detail: `there is no OU ${ref.id} in the organization.` };
        throw error;
      }
    }
    if (ref.names.length === 1) return this.findOuByName(ref.names[0] as string, rootId);
    let parentId = rootId;
    const walked: string[] = [];
    for (const name of ref.names) {
      const children = await this.childOus(parentId);
      const match = children.find((c) => c.name === name) ?? children.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!match) {
        const where = walked.length ? walked.join('/') : 'the root';
        const there = children.length ? ` OUs there: ${children.map((c) => c.name).join(', ')}.` : ' It has no OUs.';
        return { kind: 'missing', detail: `there is no OU "${name}" under ${where}.${there}` };
      }
      walked.push(match.name);
      parentId = match.id;
    }
    return { kind: 'found', id: parentId, path: walked.join('/') };
  }

  async createAccount(input: { email: string; name: string; tags: { Key: string; Value: string }[] }): Promise<CreateRequestStatus> {
    const out = await this.call('organizations:CreateAccount', () => this.client.send(new CreateAccountCommand({ Email: input.email, AccountName: input.name, Tags: input.tags })));
    return statusOf(out.CreateAccountStatus);
  }

  async describeCreate(requestId: string): Promise<CreateRequestStatus> {
    const out = await this.call('organizations:DescribeCreateAccountStatus', () => this.client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId })));
    return statusOf(out.CreateAccountStatus);
  }

  async listCreateRequests(states: CreateState[]): Promise<CreateRequestStatus[]> {
    const all: CreateRequestStatus[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('organizations:ListCreateAccountStatus', () => this.client.send(new ListCreateAccountStatusCommand({ States: states, ...(token ? { NextToken: token } : {}) })));
      for (const s of page.CreateAccountStatuses ?? []) all.push(statusOf(s));
      token = page.NextToken;
    } while (token);
    return all;
  }

  async parentOf(accountId: string): Promise<string> {
    const out = await this.call('organizations:ListParents', () => this.client.send(new ListParentsCommand({ ChildId: accountId })));
    const parent = out.Parents?.[0]?.Id;
    if (!parent) throw new AwsApiError(`AWS Organizations names no parent for account ${accountId}.`, 200, 'NoParent', false);
    return parent;
  }

  async moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<'moved' | 'already-there' | 'not-in-source'> {
    try {
      await this.call('organizations:MoveAccount', () => this.client.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: fromParentId, DestinationParentId: toParentId })));
      return 'moved';
    } catch (error) {
      if (error instanceof AwsApiError && error.awsCode === 'DuplicateAccountException') return 'already-there';
      if (error instanceof AwsApiError && error.awsCode === 'AccountNotFoundException') return 'not-in-source';
      throw error;
    }
  }

  async tagAccount(accountId: string, tags: { Key: string; Value: string }[]): Promise<void> {
    await this.call('organizations:TagResource', () => this.client.send(new TagResourceCommand({ ResourceId: accountId, Tags: tags })));
  }

  private async findOuByName(name: string, rootId: string): Promise<OrgFacts['ou']> {
    const found: { id: string; path: string }[] = [];
    const queue: { id: string; path: string }[] = [{ id: rootId, path: '' }];
    let searched = 0;
    while (queue.length > 0 && searched < MAX_OUS_SEARCHED) {
      const parent = queue.shift() as { id: string; path: string };
      for (const child of await this.childOus(parent.id)) {
        searched += 1;
        const path = parent.path ? `${parent.path}/${child.name}` : child.name;
        if (child.name.toLowerCase() === name.toLowerCase()) found.push({ id: child.id, path });
        queue.push({ id: child.id, path });
      }
    }
    if (found.length === 1) return { kind: 'found', id: (found[0] as { id: string }).id, path: (found[0] as { path: string }).path };
    if (found.length > 1) return { kind: 'ambiguous', candidates: found.map((f) => f.path) };
    return { kind: 'missing', detail: `there is no OU named "${name}" in the organization.` };
  }

  private async childOus(parentId: string): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('organizations:ListOrganizationalUnitsForParent', () => this.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...(token ? { NextToken: token } : {}) })));
      for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) out.push({ id: ou.Id, name: ou.Name ?? ou.Id });
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.callOnce(action, send);
      } catch (error) {
        const pause = THROTTLE_PAUSES_MS[attempt];
        if (!(error instanceof AwsApiError && THROTTLED.has(error.awsCode)) || pause === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause + Math.floor(Math.random() * 250)));
      }
    }
  }

  private async callOnce<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (thrown) {
      const error = awsErrorFrom(thrown, action);
      if (SESSION_REJECTED.has(error.awsCode)) {
        await this.session.invalidate();
        throw new AwsApiError(`AWS rejected Provisio's session (${error.awsCode}); Provisio gets a new one and tries again.`, error.status, error.awsCode, true, { cause: error });
      }
      throw error;
    }
  }
}

function statusOf(s: CreateAccountStatus | undefined): CreateRequestStatus {
  if (!s?.Id || !s.State) throw new AwsApiError('AWS Organizations answered without a create-account status.', 200, 'NoStatus', true);
  return {
    id: s.Id,
    state: s.State,
    ...(s.AccountName ? { accountName: s.AccountName } : {}),
    ...(s.AccountId ? { accountId: s.AccountId } : {}),
    ...(s.FailureReason ? { failureReason: s.FailureReason } : {}),
    ...(s.RequestedTimestamp ? { requestedAt: s.RequestedTimestamp.getTime() } : {}),
  };
}
