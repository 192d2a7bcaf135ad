import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { ListRootsCommand } from '@aws-sdk/client-organizations';
import { createAwsHarness, sdkError, type AwsHarness } from './helpers/aws-harness';

describe('AWS stand-in: STS through the official SDK', () => {
  let h: AwsHarness;
  beforeEach(() => {
    h = createAwsHarness();
  });
  afterEach(() => h.close());

  test('GetCallerIdentity names the IAM user', async () => {
    const out = await h.sts(h.seed.provisio).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/provisio' });
    expect(out.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
  });

  test('AssumeRole with the right ExternalId returns temporary credentials expiring on the virtual clock', async () => {
    const before = h.clock.now();
    const out = await h.sts(h.seed.provisio).send(
      new AssumeRoleCommand({ RoleArn: h.seed.automationRole.arn, RoleSessionName: 'vend-PRV-12', ExternalId: h.seed.automationRole.externalId, DurationSeconds: 900 }),
    );
    const after = h.clock.now();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const expiry = out.Credentials?.Expiration?.getTime() ?? 0;
    expect(expiry).toBeGreaterThanOrEqual(before + 900_000);
    expect(expiry).toBeLessThanOrEqual(after + 900_000);
    expect(out.AssumedRoleUser).toEqual({
      Arn: 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/vend-PRV-12',
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]{17}:vend-PRV-12$/),
    });
    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    await expect(h.sts(session).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/vend-PRV-12',
    });
  });

  test.each([
    ['a wrong ExternalId', 'not-the-external-id'],
    ['no ExternalId', undefined],
  ])('AssumeRole with %s is refused with AccessDenied', async (_label, externalId) => {
    const error = await sdkError(
      h.sts(h.seed.provisio).send(new AssumeRoleCommand({ RoleArn: h.seed.automationRole.arn, RoleSessionName: 'x1', ...(externalId ? { ExternalId: externalId } : {}) })),
    );
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe(`User: ${h.seed.provisio.arn} is not authorized to perform: sts:AssumeRole on resource: ${h.seed.automationRole.arn}`);
  });

  test('AssumeRole of a role that does not exist is the same AccessDenied', async () => {
    const error = await sdkError(
      h.sts(h.seed.provisio).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/Nope', RoleSessionName: 'x1', ExternalId: h.seed.automationRole.externalId })),
    );
    expect(error.name).toBe('AccessDenied');
  });

  test('DurationSeconds outside 900–43200 or above the role maximum is a ValidationError', async () => {
    const assume = (DurationSeconds: number) =>
      sdkError(h.sts(h.seed.provisio).send(new AssumeRoleCommand({ RoleArn: h.seed.automationRole.arn, RoleSessionName: 'x1', ExternalId: h.seed.automationRole.externalId, DurationSeconds })));
    await expect(assume(600)).resolves.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    await expect(assume(7200)).resolves.toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
  });

  test('temporary credentials stop working once the clock passes their expiry: ExpiredToken', async () => {
    const session = await h.automationCredentials();
    const orgs = h.organizations(session, undefined, 1);
    await expect(orgs.send(new ListRootsCommand({}))).resolves.toBeDefined();
    h.clock.advance(3600 * 1000);
    const stsError = await sdkError(h.sts(session).send(new GetCallerIdentityCommand({})));
    expect(stsError).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
    const orgError = await sdkError(orgs.send(new ListRootsCommand({})));
    expect(orgError).toMatchObject({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
    expect(h.aws.requestLog().at(-1)).toMatchObject({ service: 'organizations', action: 'ListRoots', principalArn: '', status: 400, errorCode: 'ExpiredTokenException' });
  });

  test('a role session cannot chain into a longer session than one hour', async () => {
    h.aws.iam.createRole({
      accountId: '111111111111',
      roleName: 'Chained',
      trustedPrincipalArns: [h.seed.automationRole.arn],
      allowedActions: ['*'],
      maxSessionDurationSeconds: 43200,
    });
    h.aws.iam.setRoleAllowedActions(h.seed.automationRole.arn, ['sts:AssumeRole']);
    const session = await h.automationCredentials();
    const error = await sdkError(h.sts(session).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/Chained', RoleSessionName: 'x1', DurationSeconds: 7200 })));
    expect(error).toMatchObject({ name: 'ValidationError' });
    await expect(h.sts(session).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/Chained', RoleSessionName: 'x1' }))).resolves.toBeDefined();
  });
});
