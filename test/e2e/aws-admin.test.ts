import { roleActions } from '../../src/adapters/aws/aws-commands';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { VendingDriver } from '../helpers/vending-driver';

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

interface AwsConfig {
  connection?: { roleArn: string; region: string };
  externalId: string;
  accessKeysSaved: boolean;
  accessKeyIdHint?: string;
  lastTest?: { ok: boolean; message: string };
  vending?: Record<string, unknown> & { fields: Record<string, string> };
  suggestions: Record<string, Record<string, string>>;
  vendingInputs: { input: string; label: string; required: boolean }[];
  roleActions: string[];
}

interface TestResult {
  ok: boolean;
  message: string;
  assumedRoleArn?: string;
  organizationId?: string;
  rootId?: string;
}

/** The admin page's AWS section, through the app's own resolvers as a Jira admin (and as someone who is not). */
describe('admin: AWS connection and account vending settings', () => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await SandboxClient.start();
  });
  afterAll(() => client.close());

  const call = <T>(functionKey: string, payload: unknown = {}, user?: SandboxUser) => client.admin<T>(functionKey, payload, user);
  const data = <T>(result: Result<T>): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data;
  };
  const seed = () => client.sandbox.awsSeed;

  test('get-config shows the connection, the generated external id and field suggestions, never a secret', async () => {
    const config = data(await call<AwsConfig>('admin/aws-get-config'));
    expect(config.externalId).toMatch(/^provisio-[0-9a-f]{32}$/);
    expect(client.sandbox.aws.iam.role(seed().automationRole.arn)?.trust.externalId).toBe(config.externalId);
    expect(config.connection).toEqual({ roleArn: seed().automationRole.arn, region: 'us-east-1' });
    expect(config.accessKeysSaved).toBe(true);
    expect(config.accessKeyIdHint).toBe(`${seed().provisio.accessKeyId.slice(0, 4)}…${seed().provisio.accessKeyId.slice(-4)}`);
    expect(config.lastTest).toMatchObject({ ok: true });
    expect(config.roleActions).toEqual(roleActions());
    const typeId = client.sandbox.seed.requestTypeIds['New AWS account'];
    const fieldId = (name: string) => client.sandbox.seed.customFieldIds[name];
    expect(config.suggestions[typeId]).toEqual({
      accountName: fieldId('Account name'),
      accountEmail: fieldId('Account email'),
      organizationalUnit: fieldId('Organizational unit'),
      environment: fieldId('Environment'),
      costCenter: fieldId('Cost center'),
      accountOwner: fieldId('Account owner'),
    });
    expect(config.vending).toMatchObject({ requestTypeId: typeId, allowedEnvironments: ['dev', 'staging', 'prod'], baseline: { kind: 'codebuild', projectName: 'account-baseline' } });
    expect(config.vendingInputs.map((i) => i.input)).toEqual(['accountName', 'accountEmail', 'organizationalUnit', 'environment', 'costCenter', 'accountOwner']);
    const text = JSON.stringify(config);
    expect(text).not.toContain(seed().provisio.secretAccessKey);
    expect(text).not.toContain(seed().provisio.accessKeyId);
  });

  test('only Jira administrators may read, save or test', async () => {
    for (const key of ['admin/aws-get-config', 'admin/aws-save', 'admin/aws-test']) {
      expect(await call(key, { connection: { roleArn: 'x' } }, client.user('alanAgent'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  test('save validates every field and saves nothing when one is wrong', async () => {
    const before = data(await call<AwsConfig>('admin/aws-get-config'));
    const result = data(
      await call<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/aws-save', {
        connection: { roleArn: 'arn:aws:iam::12:role/x', region: 'mars-1', accessKeyId: 'ASIA123', secretAccessKey: 'short' },
        vending: {
          ...before.vending,
          fields: { ...before.vending?.fields, accountEmail: 'not a field' },
          costCenterPattern: '([',
          allowedEnvironments: [],
          baseline: { kind: 'http', url: 'https://example.com/baseline' },
        },
      }),
    );
    expect(result.saved).toBe(false);
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      'connection.accessKeyId',
      'connection.region',
      'connection.roleArn',
      'connection.secretAccessKey',
      'vending.allowedEnvironments',
      'vending.baseline.url',
      'vending.costCenterPattern',
      'vending.fields.accountEmail',
    ]);
    const after = data(await call<AwsConfig>('admin/aws-get-config'));
    expect(after.connection).toEqual(before.connection);
    expect(after.vending).toEqual(before.vending);
  });

  test('a field of another request type is refused', async () => {
    const before = data(await call<AwsConfig>('admin/aws-get-config'));
    const otherField = client.sandbox.seed.customFieldIds['Work email'];
    const result = data(await call<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/aws-save', { vending: { ...before.vending, fields: { ...before.vending?.fields, accountEmail: otherField } } }));
    expect(result).toEqual({ saved: false, fieldErrors: { 'vending.fields.accountEmail': `New AWS account has no field ${otherField}.` } });
  });

  test('Test connection really assumes the role and reads the organization; a wrong external id or key is explained', async () => {
    const assumes = () => client.sandbox.aws.requestLog().filter((e) => e.action === 'AssumeRole').length;
    const before = assumes();
    const ok = data(await call<TestResult>('admin/aws-test'));
    expect(ok).toMatchObject({ ok: true, assumedRoleArn: 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/provisio', organizationId: seed().organizationId, rootId: seed().rootId });
    expect(assumes()).toBe(before + 1);

    const { externalId } = data(await call<AwsConfig>('admin/aws-get-config'));
    client.sandbox.aws.iam.setRoleExternalId(seed().automationRole.arn, 'deployed-with-another-id');
    const refused = data(await call<TestResult>('admin/aws-test'));
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Provisio could not assume its AWS role: the role ARN, the external id or the role\'s trust policy does not match');
    client.sandbox.aws.iam.setRoleExternalId(seed().automationRole.arn, externalId);

    const wrongSecret = `${seed().provisio.secretAccessKey.slice(0, -1)}${seed().provisio.secretAccessKey.endsWith('A') ? 'B' : 'A'}`;
    const connection = { roleArn: seed().automationRole.arn, region: 'us-east-1' };
    expect(data(await call('admin/aws-save', { connection: { ...connection, accessKeyId: seed().provisio.accessKeyId, secretAccessKey: wrongSecret } }))).toEqual({ saved: true });
    const badKey = data(await call<TestResult>('admin/aws-test'));
    expect(badKey.ok).toBe(false);
    expect(badKey.message).toContain("AWS does not accept Provisio's access keys");
    expect(data(await call('admin/aws-save', { connection: { ...connection, accessKeyId: seed().provisio.accessKeyId, secretAccessKey: seed().provisio.secretAccessKey } }))).toEqual({ saved: true });
    expect(data(await call<TestResult>('admin/aws-test')).ok).toBe(true);
    // Saving the connection without keys keeps the saved keys.
    expect(data(await call('admin/aws-save', { connection }))).toEqual({ saved: true });
    expect(data(await call<TestResult>('admin/aws-test')).ok).toBe(true);
  });

  test('the role session is cached: after Test connection, vending a whole account assumes the role no more', async () => {
    const driver = await VendingDriver.create(client);
    data(await call<TestResult>('admin/aws-test'));
    const assumes = () => client.sandbox.aws.requestLog().filter((e) => e.action === 'AssumeRole').length;
    const before = assumes();
    const request = await driver.raise(driver.values('Cached Session'));
    await client.settle();
    await driver.approve(request.issueKey);
    await client.settle();
    await driver.advance(1200);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(assumes()).toBe(before);
  });
});
