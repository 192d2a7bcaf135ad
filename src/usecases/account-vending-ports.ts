import type { AccountRequest, OuReference } from '../domain/account-vending/account-request';
import type { CreationQueueState } from '../domain/account-vending/creation-queue';
import type { OrgFacts } from '../domain/account-vending/preflight';
import type { AccountVendingSettings, AwsConnectionSettings } from '../domain/account-vending/vending-settings';
import type { FailureNotifier, RunStore, ServiceDesk } from './ports';

/** The ports account vending needs beyond the shared ones in ./ports; adapters implement them. */

export interface OrgAccountSummary {
  id: string;
  name: string;
  email: string;
}

export type CreateState = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface CreateRequestStatus {
  id: string;
  state: CreateState;
  accountName?: string;
  accountId?: string;
  failureReason?: string;
  /** Epoch ms. */
  requestedAt?: number;
}

export interface OrgInfo {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
}

/** AWS Organizations in Provisio's words. Errors are AwsApiErrors carrying plain words and whether waiting helps. */
export interface AwsOrganization {
  info(): Promise<OrgInfo>;
  listAccounts(): Promise<OrgAccountSummary[]>;
  resolveOu(ref: OuReference, rootId: string): Promise<OrgFacts['ou']>;
  createAccount(input: { email: string; name: string; tags: { Key: string; Value: string }[] }): Promise<CreateRequestStatus>;
  describeCreate(requestId: string): Promise<CreateRequestStatus>;
  listCreateRequests(states: CreateState[]): Promise<CreateRequestStatus[]>;
  parentOf(accountId: string): Promise<string>;
  /** 'not-in-source' when the account is elsewhere than `fromParentId`. */
  moveAccount(accountId: string, fromParentId: string, toParentId: string): Promise<'moved' | 'already-there' | 'not-in-source'>;
  tagAccount(accountId: string, tags: { Key: string; Value: string }[]): Promise<void>;
}

export interface BaselineInput {
  /** Same key for a repeated start of the same attempt: the backend returns the same job. */
  idempotencyKey: string;
  issueKey: string;
  accountId: string;
  ouId: string;
  request: AccountRequest;
}

export interface BaselineStatus {
  /** The build id or job id to follow. */
  ref: string;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  /** Where it stands, in words (phase, message). */
  detail: string;
  link?: string;
}

export interface BaselineRunner {
  start(input: BaselineInput): Promise<BaselineStatus>;
  status(ref: string): Promise<BaselineStatus>;
}

export interface CreationQueueStore {
  /** Version 0 when nothing is stored yet. */
  get(orgKey: string): Promise<{ state: CreationQueueState; version: number }>;
  /** Saves if nobody saved since `expectedVersion`; throws ConcurrentUpdateError otherwise. */
  save(orgKey: string, state: CreationQueueState, expectedVersion: number): Promise<number>;
}

export interface VendingQueue {
  /** Queues a wake-up of the run, serialised per organization (`orgKey`). */
  wake(issueId: string, wake: string, options: { orgKey: string; delaySeconds?: number }): Promise<void>;
}

export interface VendingConfig {
  vending(): Promise<AccountVendingSettings | undefined>;
  connection(): Promise<AwsConnectionSettings | undefined>;
}

export interface PeopleDirectory {
  /** The user's display name, or undefined when Jira has no such user. */
  displayName(accountId: string): Promise<string | undefined>;
}

export interface VendingDeps {
  config: VendingConfig;
  desk: ServiceDesk;
  people: PeopleDirectory;
  runs: RunStore;
  org: AwsOrganization;
  /** Undefined when no baseline is configured. */
  baseline: BaselineRunner | undefined;
  slots: CreationQueueStore;
  queue: VendingQueue;
  notifier: FailureNotifier;
  newToken(): string;
}
