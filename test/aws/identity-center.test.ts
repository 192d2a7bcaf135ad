import { GetUserIdCommand, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  ConflictException,
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
} from '@aws-sdk/client-sso-admin';
import { createAwsHarness, sdkError, type AwsHarness } from './helpers/aws-harness';
import { identityCenterClients, identityCenterFixture, type IdentityCenterFixture } from './helpers/identity-center-scenario';

/** IAM Identity Center in the AWS stand-in, through the official SDK clients, SigV4 and IAM included. */
describe('AWS stand-in: IAM Identity Center (SSO Admin and the identity store)', () => {
  let h: AwsHarness;
  let f: IdentityCenterFixture;
  beforeAll(() => {
    h = createAwsHarness();
    f = identityCenterFixture(h);
  });
  afterAll(() => h.close());

  const clients = () => identityCenterClients(h, h.seed.orgAdmin);
  const assignment = () => ({ InstanceArn: f.instanceArn, TargetId: f.accountId, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: f.permissionSetArn, PrincipalType: 'USER' as const });
  const assigned = async () =>
    ((await clients().sso.send(new ListAccountAssignmentsCommand({ InstanceArn: f.instanceArn, AccountId: f.accountId, PermissionSetArn: f.permissionSetArn }))).AccountAssignments ?? []).map((a) => a.PrincipalId);

  test('GetUserId finds a user by email or user name; an unknown one is ResourceNotFoundException', async () => {
    const { store } = clients();
    const byEmail = await store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'emails.value', AttributeValue: 'RITA@provisio-demo.example' } } }));
    expect(byEmail.UserId).toBe(f.users.rita);
    const byName = await store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'carl' } } }));
    expect(byName.UserId).toBe(f.users.carl);
    const missing = await sdkError(store.send(new GetUserIdCommand({ IdentityStoreId: f.identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'mallory' } } })));
    expect(missing.name).toBe('ResourceNotFoundException');
    const users = await store.send(new ListUsersCommand({ IdentityStoreId: f.identityStoreId }));
    expect(users.Users?.map((u) => u.UserName).sort()).toEqual(['carl', 'rita']);
  });

  test('an assignment is asynchronous: IN_PROGRESS, then SUCCEEDED after the virtual delay, then listed', async () => {
    const { sso } = clients();
    const created = await sso.send(new CreateAccountAssignmentCommand({ ...assignment(), PrincipalId: f.users.rita }));
    expect(created.AccountAssignmentCreationStatus).toMatchObject({ Status: 'IN_PROGRESS', PrincipalId: f.users.rita, TargetId: f.accountId });
    expect(await assigned()).not.toContain(f.users.rita);
    const requestId = created.AccountAssignmentCreationStatus?.RequestId as string;
    h.clock.advance(2_000);
    const status = await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentCreationRequestId: requestId }));
    expect(status.AccountAssignmentCreationStatus?.Status).toBe('SUCCEEDED');
    expect(await assigned()).toContain(f.users.rita);
  });

  test('two changes at once on one account and permission set: the second is a ConflictException', async () => {
    const { sso } = clients();
    const deleting = await sso.send(new DeleteAccountAssignmentCommand({ ...assignment(), PrincipalId: f.users.rita }));
    const conflict = await sdkError(sso.send(new CreateAccountAssignmentCommand({ ...assignment(), PrincipalId: f.users.carl })));
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict.$metadata?.httpStatusCode).toBe(409);
    h.clock.advance(2_000);
    const done = await sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: f.instanceArn, AccountAssignmentDeletionRequestId: deleting.AccountAssignmentDeletionStatus?.RequestId as string }));
    expect(done.AccountAssignmentDeletionStatus?.Status).toBe('SUCCEEDED');
    expect(await assigned()).not.toContain(f.users.rita);
  });

  test('the automation role may call Identity Center only once its policy allows it', async () => {
    const automation = identityCenterClients(h, await h.automationCredentials());
    const denied = await sdkError(automation.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: f.instanceArn, AccountId: f.accountId, PermissionSetArn: f.permissionSetArn })));
    expect(denied.name).toBe('AccessDeniedException');
    const role = h.aws.iam.role(h.seed.automationRole.arn)!;
    h.aws.iam.setRoleAllowedActions(role.arn, [...role.allowedActions, 'sso:ListAccountAssignments']);
    const allowed = identityCenterClients(h, await h.automationCredentials());
    await expect(allowed.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: f.instanceArn, AccountId: f.accountId, PermissionSetArn: f.permissionSetArn }))).resolves.toBeDefined();
  });

  test('its state survives a snapshot and restore', () => {
    const snapshot = h.aws.snapshot();
    expect(JSON.stringify(snapshot)).toContain(f.permissionSetArn);
  });
});
