import type { Clock } from '../../../platform/clock';
import type { IdGenerator } from '../../ids';
import { RequestRateLimiter } from '../../throttle';
import type { IamModel } from '../iam/model';
import { orgError } from './errors';

export const CREATE_ACCOUNT_FAILURE_REASONS = [
  'ACCOUNT_LIMIT_EXCEEDED',
  'EMAIL_ALREADY_EXISTS',
  'INVALID_ADDRESS',
  'INVALID_EMAIL',
  'CONCURRENT_ACCOUNT_MODIFICATION',
  'INTERNAL_FAILURE',
  'GOVCLOUD_ACCOUNT_ALREADY_EXISTS',
  'MISSING_BUSINESS_VALIDATION',
  'FAILED_BUSINESS_VALIDATION',
  'PENDING_BUSINESS_VALIDATION',
  'INVALID_IDENTITY_FOR_BUSINESS_VALIDATION',
  'UNKNOWN_BUSINESS_VALIDATION',
  'MISSING_PAYMENT_INSTRUMENT',
  'INVALID_PAYMENT_INSTRUMENT',
  'UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED',
] as const;
export type CreateAccountFailureReason = (typeof CREATE_ACCOUNT_FAILURE_REASONS)[number];
export type CreateAccountState = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface Tag {
  Key: string;
  Value: string;
}

export interface Organization {
  id: string;
  arn: string;
  featureSet: 'ALL';
  managementAccountId: string;
  managementAccountArn: string;
  managementAccountEmail: string;
}

export interface OrgRoot {
  id: string;
  arn: string;
  name: string;
}

export interface OrgUnit {
  id: string;
  arn: string;
  name: string;
  parentId: string;
}

export interface OrgAccount {
  id: string;
  arn: string;
  email: string;
  name: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  joinedMethod: 'INVITED' | 'CREATED';
  joinedAtMs: number;
  parentId: string;
}

export interface CreateAccountStatusRecord {
  id: string;
  accountName: string;
  email: string;
  state: CreateAccountState;
  requestedAtMs: number;
  /** When the request settles (virtual time). */
  settlesAtMs: number;
  completedAtMs?: number;
  accountId?: string;
  failureReason?: CreateAccountFailureReason;
  /** Set by failNextCreateAccount: the request will fail with this reason. */
  plannedFailure?: CreateAccountFailureReason;
  roleName: string;
  tags: Tag[];
  /** Who asked (principal ARN), for inspection. */
  requestedBy: string;
}

export interface OrganizationsState {
  organization?: Organization;
  root?: OrgRoot;
  units: OrgUnit[];
  accounts: OrgAccount[];
  tags: Record<string, Tag[]>;
  createRequests: CreateAccountStatusRecord[];
  pendingFailures: CreateAccountFailureReason[];
  accountLimit: number;
  accountCreationSeconds: number;
  requestsPerSecond?: number;
}

export interface OrganizationsOptions {
  accountCreationSeconds: number;
  /** Accounts an organization may hold; AWS's default quota is 10. */
  accountLimit?: number;
  /** Calls per virtual second before TooManyRequestsException; unlimited when absent. */
  requestsPerSecond?: number;
}

/** AWS caps an organization at 50 tags per resource. */
const MAX_TAGS = 50;
/** Addresses under this reserved TLD fail with INVALID_EMAIL, like an address AWS cannot deliver to. */
const UNDELIVERABLE_TLD = '.invalid';

/**
 * AWS Organizations state: one organization with its root, OUs, accounts, tags and
 * CreateAccount requests. CreateAccount is asynchronous on the virtual clock: a request stays
 * IN_PROGRESS for `accountCreationSeconds` and settles (SUCCEEDED with a new account in the
 * root, or FAILED with a real FailureReason) the first time anything looks after that.
 * Operations throw the service's AwsErrors; seeding methods throw plain Errors.
 */
export class OrganizationsModel {
  private state: OrganizationsState;
  readonly rateLimiter: RequestRateLimiter;

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly iam: IamModel,
    options: OrganizationsOptions,
  ) {
    this.state = {
      units: [],
      accounts: [],
      tags: {},
      createRequests: [],
      pendingFailures: [],
      accountLimit: options.accountLimit ?? 10,
      accountCreationSeconds: options.accountCreationSeconds,
      ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
    };
    this.rateLimiter = new RequestRateLimiter(clock, options.requestsPerSecond);
  }

  // ---- seeding and configuration ----

  createOrganization(input: { managementAccountId: string; managementAccountEmail: string; managementAccountName: string; organizationId?: string; rootId?: string }): Organization {
    if (this.state.organization) throw new Error('the stand-in already has an organization');
    const id = input.organizationId ?? `o-${this.ids.lowerAlnum(10)}`;
    const mgmt = input.managementAccountId;
    const organization: Organization = {
      id,
      arn: `arn:aws:organizations::${mgmt}:organization/${id}`,
      featureSet: 'ALL',
      managementAccountId: mgmt,
      managementAccountArn: `arn:aws:organizations::${mgmt}:account/${id}/${mgmt}`,
      managementAccountEmail: input.managementAccountEmail,
    };
    const rootId = input.rootId ?? `r-${this.ids.lowerAlnum(4)}`;
    this.state.organization = organization;
    this.state.root = { id: rootId, arn: `arn:aws:organizations::${mgmt}:root/${id}/${rootId}`, name: 'Root' };
    this.addAccount({ id: mgmt, name: input.managementAccountName, email: input.managementAccountEmail, joinedMethod: 'CREATED' });
    return { ...organization };
  }

  createOrganizationalUnit(input: { parentId: string; name: string }): OrgUnit {
    const { organization, root } = this.requireOrganization();
    if (!this.parentExists(input.parentId)) throw new Error(`no root or OU ${input.parentId}`);
    const id = `ou-${root.id.slice(2)}-${this.ids.lowerAlnum(8)}`;
    const unit: OrgUnit = { id, arn: `arn:aws:organizations::${organization.managementAccountId}:ou/${organization.id}/${id}`, name: input.name, parentId: input.parentId };
    this.state.units.push(unit);
    return { ...unit };
  }

  /** Adds an existing member account (seeding); it joins the root unless a parent is given. */
  addAccount(input: { name: string; email: string; id?: string; parentId?: string; joinedMethod?: OrgAccount['joinedMethod']; joinedAtMs?: number }): OrgAccount {
    const { organization, root } = this.requireOrganization();
    const id = input.id ?? this.newAccountId();
    if (this.state.accounts.some((a) => a.id === id)) throw new Error(`account ${id} already exists`);
    const parentId = input.parentId ?? root.id;
    if (!this.parentExists(parentId)) throw new Error(`no root or OU ${parentId}`);
    const account: OrgAccount = {
      id,
      arn: `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${id}`,
      email: input.email,
      name: input.name,
      status: 'ACTIVE',
      joinedMethod: input.joinedMethod ?? 'INVITED',
      joinedAtMs: input.joinedAtMs ?? this.clock.now(),
      parentId,
    };
    this.state.accounts.push(account);
    return { ...account };
  }

  /** The next CreateAccount request fails with this reason (once per call). */
  failNextCreateAccount(reason: CreateAccountFailureReason): void {
    if (!CREATE_ACCOUNT_FAILURE_REASONS.includes(reason)) throw new Error(`not a CreateAccount FailureReason: ${String(reason)}`);
    this.state.pendingFailures.push(reason);
  }

  setAccountLimit(limit: number): void {
    this.state.accountLimit = limit;
  }

  setAccountCreationSeconds(seconds: number): void {
    this.state.accountCreationSeconds = seconds;
  }

  /** Calls per virtual second before TooManyRequestsException; undefined removes the limit. */
  setRequestRateLimit(perSecond: number | undefined): void {
    this.rateLimiter.setLimit(perSecond);
    if (perSecond === undefined) delete this.state.requestsPerSecond;
    else this.state.requestsPerSecond = perSecond;
  }

  // ---- inspection (settles due CreateAccount requests first) ----

  organization(): Organization | undefined {
    return this.state.organization ? { ...this.state.organization } : undefined;
  }

  root(): OrgRoot | undefined {
    return this.state.root ? { ...this.state.root } : undefined;
  }

  organizationalUnits(): OrgUnit[] {
    return this.state.units.map((u) => ({ ...u }));
  }

  organizationalUnit(id: string): OrgUnit | undefined {
    const unit = this.state.units.find((u) => u.id === id);
    return unit ? { ...unit } : undefined;
  }

  accounts(): OrgAccount[] {
    this.settle();
    return this.state.accounts.map((a) => ({ ...a }));
  }

  account(id: string): OrgAccount | undefined {
    this.settle();
    const account = this.state.accounts.find((a) => a.id === id);
    return account ? { ...account } : undefined;
  }

  accountsIn(parentId: string): OrgAccount[] {
    return this.accounts().filter((a) => a.parentId === parentId);
  }

  unitsIn(parentId: string): OrgUnit[] {
    return this.state.units.filter((u) => u.parentId === parentId).map((u) => ({ ...u }));
  }

  /** The parent (root or OU) of an account or OU. */
  parentOf(childId: string): { id: string; type: 'ROOT' | 'ORGANIZATIONAL_UNIT' } | undefined {
    this.settle();
    const parentId = this.state.accounts.find((a) => a.id === childId)?.parentId ?? this.state.units.find((u) => u.id === childId)?.parentId;
    if (parentId === undefined) return undefined;
    return { id: parentId, type: parentId === this.state.root?.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
  }

  tagsOf(resourceId: string): Tag[] {
    this.settle();
    return (this.state.tags[resourceId] ?? []).map((t) => ({ ...t }));
  }

  createAccountStatuses(): CreateAccountStatusRecord[] {
    this.settle();
    return this.state.createRequests.map((r) => ({ ...r, tags: r.tags.map((t) => ({ ...t })) }));
  }

  createAccountStatus(id: string): CreateAccountStatusRecord | undefined {
    return this.createAccountStatuses().find((r) => r.id === id);
  }

  // ---- operations (throw the service's AwsErrors) ----

  requireOrganization(): { organization: Organization; root: OrgRoot } {
    const { organization, root } = this.state;
    if (!organization || !root) throw orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    return { organization, root };
  }

  /** Starts an asynchronous account creation; only one may be in flight at a time. */
  requestAccountCreation(input: { email: string; accountName: string; roleName?: string; tags: Tag[]; requestedBy: string }): CreateAccountStatusRecord {
    this.requireOrganization();
    this.settle();
    if (this.state.createRequests.some((r) => r.state === 'IN_PROGRESS')) {
      throw orgError('ConcurrentModificationException', 'AWS Organizations can\'t complete your request because it conflicts with another attempt to modify the same entity. Try again later.');
    }
    const now = this.clock.now();
    const plannedFailure = this.state.pendingFailures.shift();
    const record: CreateAccountStatusRecord = {
      id: `car-${this.ids.hex(32)}`,
      accountName: input.accountName,
      email: input.email,
      state: 'IN_PROGRESS',
      requestedAtMs: now,
      settlesAtMs: now + this.state.accountCreationSeconds * 1000,
      roleName: input.roleName ?? 'OrganizationAccountAccessRole',
      tags: input.tags.map((t) => ({ ...t })),
      requestedBy: input.requestedBy,
      ...(plannedFailure === undefined ? {} : { plannedFailure }),
    };
    this.state.createRequests.push(record);
    return { ...record };
  }

  moveAccount(accountId: string, sourceParentId: string, destinationParentId: string): void {
    this.requireOrganization();
    this.settle();
    const account = this.state.accounts.find((a) => a.id === accountId);
    if (!account) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.");
    if (!this.parentExists(sourceParentId)) throw orgError('SourceParentNotFoundException', "You specified a source parent that doesn't exist.");
    if (!this.parentExists(destinationParentId)) throw orgError('DestinationParentNotFoundException', "You specified a destination parent that doesn't exist.");
    if (account.parentId === destinationParentId) throw orgError('DuplicateAccountException', 'That account is already present in the specified destination.');
    // The account is looked up inside the source parent; elsewhere it is "not found" there.
    if (account.parentId !== sourceParentId) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist in the source parent.");
    account.parentId = destinationParentId;
  }

  tagResource(resourceId: string, tags: Tag[]): void {
    this.requireTarget(resourceId);
    const keys = tags.map((t) => t.Key);
    if (new Set(keys).size !== keys.length) throw orgError('InvalidInputException', 'Duplicate tag keys in the request.', { Reason: 'DUPLICATE_TAG_KEY' });
    const current = this.state.tags[resourceId] ?? [];
    const merged = [...current.filter((t) => !keys.includes(t.Key)), ...tags.map((t) => ({ ...t }))];
    if (merged.length > MAX_TAGS) {
      throw orgError('ConstraintViolationException', `You can attach at most ${MAX_TAGS} tags to a resource.`, { Reason: 'MAX_TAG_LIMIT_EXCEEDED' });
    }
    this.state.tags[resourceId] = merged;
  }

  untagResource(resourceId: string, tagKeys: string[]): void {
    this.requireTarget(resourceId);
    this.state.tags[resourceId] = (this.state.tags[resourceId] ?? []).filter((t) => !tagKeys.includes(t.Key));
  }

  /** An account, OU or root that can carry tags; TargetNotFoundException otherwise. */
  requireTarget(resourceId: string): void {
    this.requireOrganization();
    this.settle();
    const exists = this.state.accounts.some((a) => a.id === resourceId) || this.parentExists(resourceId);
    if (!exists) throw orgError('TargetNotFoundException', "You specified a target that doesn't exist.");
  }

  parentExists(id: string): boolean {
    return id === this.state.root?.id || this.state.units.some((u) => u.id === id);
  }

  snapshot(): OrganizationsState {
    this.settle();
    return structuredClone(this.state);
  }

  restore(state: OrganizationsState): void {
    this.state = structuredClone(state);
    this.rateLimiter.setLimit(state.requestsPerSecond);
  }

  // ---- settlement ----

  /** Settles every request whose time has come, in request order. */
  private settle(): void {
    const now = this.clock.now();
    for (const request of this.state.createRequests) {
      if (request.state !== 'IN_PROGRESS' || request.settlesAtMs > now) continue;
      const failure = this.failureFor(request);
      request.completedAtMs = request.settlesAtMs;
      if (failure) {
        request.state = 'FAILED';
        request.failureReason = failure;
        continue;
      }
      const account = this.addAccount({ name: request.accountName, email: request.email, joinedMethod: 'CREATED', joinedAtMs: request.settlesAtMs });
      if (request.tags.length > 0) this.state.tags[account.id] = request.tags.map((t) => ({ ...t }));
      request.state = 'SUCCEEDED';
      request.accountId = account.id;
      this.createAccessRole(account.id, request.roleName);
    }
  }

  private failureFor(request: CreateAccountStatusRecord): CreateAccountFailureReason | undefined {
    if (request.plannedFailure) return request.plannedFailure;
    const email = request.email.toLowerCase();
    if (this.state.accounts.some((a) => a.email.toLowerCase() === email)) return 'EMAIL_ALREADY_EXISTS';
    if (email.endsWith(UNDELIVERABLE_TLD)) return 'INVALID_EMAIL';
    if (this.state.accounts.length >= this.state.accountLimit) return 'ACCOUNT_LIMIT_EXCEEDED';
    return undefined;
  }

  /** New accounts get the role the management account uses to administer them. */
  private createAccessRole(accountId: string, roleName: string): void {
    const management = this.state.organization?.managementAccountId;
    if (!management || this.iam.role(`arn:aws:iam::${accountId}:role/${roleName}`)) return;
    this.iam.createRole({ accountId, roleName, trustedPrincipalArns: [`arn:aws:iam::${management}:root`], allowedActions: ['*'] });
  }

  private newAccountId(): string {
    let id: string;
    do id = this.ids.digits(12);
    while (id.startsWith('0') || this.state.accounts.some((a) => a.id === id));
    return id;
  }
}
