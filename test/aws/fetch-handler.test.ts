import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import { createAwsHarness, type AwsHarness } from './helpers/aws-harness';

/**
 * The path an app takes in the sandbox: the SDK's fetch handler calls `fetch` with the real
 * AWS URL, and the platform's egress router hands that Request to `handle()` in-process.
 */
describe('AWS stand-in behind fetch, as the egress router calls it', () => {
  let h: AwsHarness;
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    h = createAwsHarness();
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => h.aws.handle(new Request(input, init));
  });
  afterEach(async () => {
    globalThis.fetch = realFetch;
    await h.close();
  });

  test('the SDK with FetchHttpHandler assumes the role and vends an account', async () => {
    const requestHandler = new FetchHttpHandler();
    const sts = new STSClient({ region: 'us-east-1', credentials: h.seed.provisio, requestHandler });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: h.seed.automationRole.arn, RoleSessionName: 'fetch', ExternalId: h.seed.automationRole.externalId }));
    const orgs = new OrganizationsClient({
      region: 'eu-west-1', // Organizations is global: the SDK still signs for us-east-1
      credentials: { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' },
      requestHandler,
    });
    await expect(orgs.send(new CreateAccountCommand({ Email: 'fetch@provisio-demo.example', AccountName: 'Fetch' }))).resolves.toMatchObject({
      CreateAccountStatus: { State: 'IN_PROGRESS' },
    });
    expect(h.aws.requestLog().map((e) => `${e.service}:${e.action}:${e.status}`)).toEqual(['sts:AssumeRole:200', 'organizations:CreateAccount:200']);
  });
});
