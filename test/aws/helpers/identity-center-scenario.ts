import { GetUserIdCommand, IdentitystoreClient, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { AwsHarness, Credentials } from './aws-harness';
import { inProcessHandler } from './in-process-handler';

async function attempt(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

export interface IdentityCenterFixture {
  instanceArn: string;
  identityStoreId: string;
  permissionSetArn: string;
  accountId: string;
  users: { rita: string; carl: string };
}

/** An Identity Center instance with a permission set and two users in the harness's stand-in. */
export function identityCenterFixture(h: AwsHarness): IdentityCenterFixture {
  const idc = h.aws.identityCenter;
  const instance = idc.instances()[0] ?? idc.createInstance({ ownerAccountId: h.seed.managementAccountId });
  const set = idc.permissionSets().find((p) => p.name === 'AdministratorAccess') ?? idc.createPermissionSet(instance.instanceArn, 'AdministratorAccess');
  const rita = idc.createUser(instance.identityStoreId, { userName: 'rita', email: 'rita@provisio-demo.example', givenName: 'Rita', familyName: 'Requester' });
  const carl = idc.createUser(instance.identityStoreId, { userName: 'carl', email: 'carl@provisio-demo.example', givenName: 'Carl', familyName: 'Customer' });
  return { instanceArn: instance.instanceArn, identityStoreId: instance.identityStoreId, permissionSetArn: set.arn, accountId: h.seed.accounts.paymentsProd, users: { rita: rita.userId, carl: carl.userId } };
}

export function identityCenterClients(h: AwsHarness, credentials: Credentials) {
  const config = { region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: inProcessHandler((r) => h.aws.handle(r), (e) => h.exchanges.push(e)) };
  return { sso: new SSOAdminClient(config), store: new IdentitystoreClient(config) };
}

/**
 * Calls every SSO Admin and Identity Store operation the stand-in serves, successfully and in
 * its main failure modes (conflict, not found, validation, access denied), recording the wire
 * exchanges in the harness for the model checks.
 */
export async function runIdentityCenterConformanceScenario(h: AwsHarness): Promise<void> {
  const f = identityCenterFixture(h);
  const { sso, store } = identityCenterClients(h, h.seed.orgAdmin);
  const assignment = { InstanceArn: f.instanceArn, TargetId: f.accountId, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: f.permissionSetArn, PrincipalType: 'USER' as const };

  await store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'emails.value', AttributeValue: 'rita@provisio-demo.example' } } }));
  await store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'carl' } } }));
  await attempt(store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'nobody' } } })));
  await attempt(store.send(new GetUserIdCommand({ IdentityStoreId: 'd-0000000000', AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'rita' } } })));
  await attempt(store.send(new GetUserIdCommand({ IdentityStoreId: 'not an id', AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'rita' } } })));
  const page = await store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId, MaxResults: 1 }));
  await store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId, MaxResults: 1, ...(page.NextToken ? { NextToken: page.NextToken } : {}) }));
  await store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId, Filters: [{ AttributePath: 'UserName', AttributeValue: 'rita' }] }));
  await attempt(store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId, MaxResults: 101 })));

  const created = await sso.send(new CreateAccountAssignmentCommand({ ...assignment, PrincipalId: f.users.rita }));
  // A second change on the same account and permission set while the first is in progress.
  await attempt(sso.send(new CreateAccountAssignmentCommand({ ...assignment, PrincipalId: f.users.carl })));
  await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentCreationRequestId: created.AccountAssignmentCreationStatus?.RequestId as string }));
  h.clock.advance(5_000);
  await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentCreationRequestId: created.AccountAssignmentCreationStatus?.RequestId as string }));
  await attempt(sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentCreationRequestId: '00000000-0000-4000-a000-000000000000' })));
  await sso.send(new ListAccountAssignmentsCommand({ InstanceArn: f.instanceArn, AccountId: f.accountId, PermissionSetArn: f.permissionSetArn, MaxResults: 10 }));
  await attempt(sso.send(new ListAccountAssignmentsCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000', AccountId: f.accountId, PermissionSetArn: f.permissionSetArn })));
  await attempt(sso.send(new CreateAccountAssignmentCommand({ ...assignment, PrincipalId: 'not-a-principal' })));
  await attempt(sso.send(new CreateAccountAssignmentCommand({ ...assignment, PrincipalId: '0000000000-00000000-0000-4000-a000-000000000000' })));

  const deleted = await sso.send(new DeleteAccountAssignmentCommand({ ...assignment, PrincipalId: f.users.rita }));
  await attempt(sso.send(new DeleteAccountAssignmentCommand({ ...assignment, PrincipalId: f.users.rita })));
  await sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentDeletionRequestId: deleted.AccountAssignmentDeletionStatus?.RequestId as string }));
  h.clock.advance(5_000);
  await sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentDeletionRequestId: deleted.AccountAssignmentDeletionStatus?.RequestId as string }));
  await attempt(sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentDeletionRequestId: '00000000-0000-4000-a000-000000000000' })));

  // Provisio's automation role is not allowed these until its policy grants them.
  const automation = identityCenterClients(h, await h.automationCredentials());
  await attempt(automation.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: f.instanceArn, AccountId: f.accountId, PermissionSetArn: f.permissionSetArn })));
  await attempt(automation.store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId })));
}
