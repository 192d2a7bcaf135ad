import { CreateAccountCommand, DescribeCreateAccountStatusCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { createAwsStandIn } from '../../sandbox/aws';
import { createAwsHarness, type AwsHarness } from './helpers/aws-harness';
import { inProcessHandler } from './helpers/in-process-handler';

describe('AWS stand-in: snapshot and restore', () => {
  let h: AwsHarness;
  beforeEach(() => {
    h = createAwsHarness();
  });
  afterEach(() => h.close());

  test('a restored stand-in keeps keys, sessions, the organization and in-flight account creations', async () => {
    const session = await h.automationCredentials();
    const started = await h.organizations(session).send(new CreateAccountCommand({ Email: 'restored@provisio-demo.example', AccountName: 'Restored' }));
    const saved = JSON.parse(JSON.stringify(h.aws.snapshot())) as unknown;

    const restored = createAwsStandIn({ clock: h.clock });
    restored.restore(saved);
    const client = new OrganizationsClient({ region: 'us-east-1', credentials: session, requestHandler: inProcessHandler((r) => restored.handle(r)) });
    h.clock.advance(120_000);
    const status = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus?.Id }));
    expect(status.CreateAccountStatus).toMatchObject({ State: 'SUCCEEDED' });
    const accounts = await client.send(new ListAccountsCommand({}));
    expect(accounts.Accounts?.map((a) => a.Email)).toContain('restored@provisio-demo.example');
    expect(new Set(restored.organizations.accounts().map((a) => a.id)).size).toBe(5);
    // Sessions survive: the same credentials still authenticate against the restored stand-in.
    expect(restored.requestLog().every((e) => e.status === 200)).toBe(true);
  });

  test('restore refuses what is not a snapshot', () => {
    expect(() => h.aws.restore({ version: 2 })).toThrow('not a snapshot of the AWS stand-in');
  });
});
