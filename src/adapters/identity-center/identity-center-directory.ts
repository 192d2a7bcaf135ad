import { GetUserIdCommand, IdentitystoreClient, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  SSOAdminClient,
  type AccountAssignmentOperationStatus,
} from '@aws-sdk/client-sso-admin';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import { InvalidInputError, UpstreamError } from '../../domain/errors';
import type { Principal } from '../../domain/jit/grant';
import type { TargetRef } from '../../domain/jit/jit-settings';
import { isPermanentMember } from '../../domain/jit/membership';
import type { MembershipDirectory, OpState, PendingOp, PollState } from '../../usecases/grant-ports';
import { AwsApiError, awsErrorFrom } from '../aws/aws-errors';
import type { AwsSession } from '../aws/aws-session';

type AwsTarget = Extract<TargetRef, { kind: 'aws-permission-set' }>;

/** Every SDK command the Identity Center target sends (the role's policy must allow them). */
export const IDENTITY_CENTER_COMMANDS = {
  sso: [CreateAccountAssignmentCommand, DeleteAccountAssignmentCommand, DescribeAccountAssignmentCreationStatusCommand, DescribeAccountAssignmentDeletionStatusCommand, ListAccountAssignmentsCommand],
  identitystore: [GetUserIdCommand, ListUsersCommand],
} as const;

/** The IAM actions those commands need, for the role policy and the admin page. */
export const IDENTITY_CENTER_ACTIONS = [
  'sso:CreateAccountAssignment',
  'sso:DeleteAccountAssignment',
  'sso:DescribeAccountAssignmentCreationStatus',
  'sso:DescribeAccountAssignmentDeletionStatus',
  'sso:ListAccountAssignments',
  'identitystore:GetUserId',
  'identitystore:ListUsers',
] as const;

/** AWS answers that waiting fixes: a concurrent change to the same assignment, throttling, a hiccup. */
const TRANSIENT = new Set(['ConflictException', 'ThrottlingException', 'InternalServerException', 'ServiceUnavailableException', 'TooManyRequestsException']);
const SESSION_REJECTED = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException']);
const MAX_PAGES = 50;

export function identityCenterClients(session: AwsSession, region: string): { sso: SSOAdminClient; identityStore: IdentitystoreClient } {
  // maxAttempts 1: a conflict or throttle is retried by the grant's own wake-up, not by sleeping here.
  const common = { region, credentials: session.provider, requestHandler: new FetchHttpHandler(), maxAttempts: 1 };
  return { sso: new SSOAdminClient(common), identityStore: new IdentitystoreClient(common) };
}

/**
 * An IAM Identity Center permission set on one account as a just-in-time target. Assignments
 * are asynchronous: create and delete answer IN_PROGRESS with a request id, which the grant
 * polls (the Describe…Status calls) from a later wake-up; membership is read back with
 * ListAccountAssignments. Identity Center cannot end sessions already issued: they last until
 * the permission set's session duration, so keep that short.
 */
export class IdentityCenterDirectory implements MembershipDirectory {
  readonly description: string;
  private usernames: Promise<Map<string, string>> | undefined;
  private permanentIds: Promise<Set<string>> | undefined;

  constructor(
    private readonly clients: { sso: SSOAdminClient; identityStore: IdentitystoreClient },
    private readonly session: AwsSession,
    private readonly target: AwsTarget,
    private readonly permanent: readonly string[],
  ) {
    this.description = `AWS permission set ${target.permissionSetName} on account ${target.accountId}`;
  }

  async principalFor(person: { email?: string }): Promise<Principal | undefined> {
    if (!person.email) return undefined;
    const email = person.email.toLowerCase();
    const id = (await this.userId('emails.value', email)) ?? (await this.userId('userName', email));
    return id ? { id, label: email } : undefined;
  }

  async members(): Promise<Principal[]> {
    const names = await this.userNames();
    return (await this.assignedUserIds()).map((id) => ({ id, label: names.get(id) ?? id }));
  }

  async isMember(principalId: string): Promise<boolean> {
    return (await this.assignedUserIds()).includes(principalId);
  }

  async isPermanent(principal: Principal): Promise<boolean> {
    this.permanentIds ??= this.resolvePermanent();
    return isPermanentMember(principal, this.permanent, await this.permanentIds);
  }

  async add(principal: Principal): Promise<OpState> {
    const out = await this.call('sso:CreateAccountAssignment', () => this.clients.sso.send(new CreateAccountAssignmentCommand({ ...this.assignment(), PrincipalId: principal.id })));
    return stateOf(out.AccountAssignmentCreationStatus, 'assignment');
  }

  async remove(principal: Principal): Promise<OpState> {
    const out = await this.call('sso:DeleteAccountAssignment', () => this.clients.sso.send(new DeleteAccountAssignmentCommand({ ...this.assignment(), PrincipalId: principal.id })));
    return stateOf(out.AccountAssignmentDeletionStatus, 'removal');
  }

  async poll(op: PendingOp): Promise<PollState> {
    const status =
      op.kind === 'add'
        ? (
            await this.call('sso:DescribeAccountAssignmentCreationStatus', () =>
              this.clients.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: this.target.instanceArn, AccountAssignmentCreationRequestId: op.ref })),
            )
          ).AccountAssignmentCreationStatus
        : (
            await this.call('sso:DescribeAccountAssignmentDeletionStatus', () =>
              this.clients.sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: this.target.instanceArn, AccountAssignmentDeletionRequestId: op.ref })),
            )
          ).AccountAssignmentDeletionStatus;
    if (status?.Status === 'SUCCEEDED') return { state: 'done' };
    if (status?.Status === 'FAILED') return { state: 'failed', reason: status.FailureReason ?? 'no reason given' };
    return { state: 'pending' };
  }

  async afterRemoval(): Promise<string | undefined> {
    return 'Identity Center cannot end sessions already issued; they last at most the permission set’s session duration';
  }

  private assignment() {
    return { InstanceArn: this.target.instanceArn, TargetId: this.target.accountId, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: this.target.permissionSetArn, PrincipalType: 'USER' as const };
  }

  private async assignedUserIds(): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const out = await this.call('sso:ListAccountAssignments', () =>
        this.clients.sso.send(
          new ListAccountAssignmentsCommand({ InstanceArn: this.target.instanceArn, AccountId: this.target.accountId, PermissionSetArn: this.target.permissionSetArn, MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
        ),
      );
      for (const a of out.AccountAssignments ?? []) if (a.PrincipalType === 'USER' && a.PrincipalId) ids.push(a.PrincipalId);
      token = out.NextToken;
      if (!token) break;
    }
    return ids;
  }

  private async userId(attributePath: 'emails.value' | 'userName', value: string): Promise<string | undefined> {
    try {
      const out = await this.call('identitystore:GetUserId', () =>
        this.clients.identityStore.send(new GetUserIdCommand({ IdentityStoreId: this.target.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: attributePath, AttributeValue: value } } })),
      );
      return out.UserId;
    } catch (error) {
      if (error instanceof AwsApiError && error.awsCode === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  private userNames(): Promise<Map<string, string>> {
    this.usernames ??= (async () => {
      const names = new Map<string, string>();
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const out = await this.call('identitystore:ListUsers', () => this.clients.identityStore.send(new ListUsersCommand({ IdentityStoreId: this.target.identityStoreId, MaxResults: 100, ...(token ? { NextToken: token } : {}) })));
        for (const u of out.Users ?? []) if (u.UserId) names.set(u.UserId, u.UserName ?? u.UserId);
        token = out.NextToken;
        if (!token) break;
      }
      return names;
    })();
    return this.usernames;
  }

  private async resolvePermanent(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const ref of this.permanent) {
      const id = (await this.userId('userName', ref)) ?? (ref.includes('@') ? await this.userId('emails.value', ref.toLowerCase()) : undefined);
      if (id) ids.add(id);
    }
    return ids;
  }

  private async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (thrown) {
      const error = awsErrorFrom(thrown, action);
      if (SESSION_REJECTED.has(error.awsCode)) {
        await this.session.invalidate();
        throw new UpstreamError(`AWS rejected Provisio's session (${error.awsCode}); Provisio gets a new one and tries again.`, undefined, { cause: error });
      }
      if (error.awsCode === 'ConflictException') throw new UpstreamError(`IAM Identity Center is busy with another change to this assignment (${action}); Provisio waits and tries again.`, undefined, { cause: error });
      if (error.transient || TRANSIENT.has(error.awsCode)) throw new UpstreamError(error.message, undefined, { cause: error });
      throw error;
    }
  }
}

function stateOf(status: AccountAssignmentOperationStatus | undefined, what: string): OpState {
  if (status?.Status === 'SUCCEEDED') return { state: 'done' };
  if (status?.Status === 'FAILED') throw new InvalidInputError(`IAM Identity Center refused the ${what}: ${status.FailureReason ?? 'no reason given'}`);
  if (!status?.RequestId) throw new UpstreamError(`IAM Identity Center answered the ${what} without a request id`, 502);
  return { state: 'pending', ref: status.RequestId };
}
