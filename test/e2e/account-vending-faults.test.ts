import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxClient } from '../helpers/sandbox-client';
import { VendingDriver, type CreatedRequest } from '../helpers/vending-driver';

/**
 * Never two accounts for one request: CreateAccount is not idempotent, so duplicate events,
 * duplicate deliveries and crashes right after a side effect must all end with one account
 * (and one baseline build), and the request Done.
 */
describe('AWS account vending under faults', () => {
  let client: SandboxClient;
  let driver: VendingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    driver = await VendingDriver.create(client);
    client.sandbox.aws.organizations.setAccountLimit(100);
  });
  afterAll(() => client.close());
  afterEach(() => client.control('DELETE', '/__sandbox/faults'));

  const calls = (action: string) => client.sandbox.aws.requestLog().filter((e) => e.action === action && e.status === 200).length;
  const email = (name: string) => `aws+${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@provisio-demo.example`;

  async function raiseAndApprove(name: string): Promise<CreatedRequest> {
    const request = await driver.raise(driver.values(name));
    await client.settle();
    await driver.approve(request.issueKey);
    await client.settle();
    return request;
  }

  test('duplicate product events and duplicate queue deliveries leave one account, one pre-flight comment and one final comment', async () => {
    await client.control('POST', '/__sandbox/faults', {
      productEvents: [
        { kind: 'duplicate', match: 'avi:jira:created:issue', count: 5 },
        { kind: 'duplicate', match: 'avi:jira:updated:issue', count: 20 },
      ],
      queueDeliveries: [{ kind: 'duplicate', match: 'account-vending', count: 100 }],
    });
    const creates = calls('CreateAccount');
    const request = await raiseAndApprove('Twice Team');
    await driver.advance(1500);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(await driver.accountsWithEmail(email('Twice Team'))).toBe(1);
    expect(calls('CreateAccount') - creates).toBe(1);
    const texts = await driver.commentTexts(request.issueKey, 'public');
    expect(texts.filter((t) => t.startsWith('Provisio checked this AWS account request'))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('Your AWS account "Twice Team" is ready'))).toHaveLength(1);
    const account = await driver.accountByEmail(email('Twice Team'));
    expect(await driver.buildsFor(account?.Id ?? '')).toHaveLength(1);
  });

  test('a crash between CreateAccount and recording its answer: the retry finds the request in flight and creates nothing more', async () => {
    const crash = driver.crashAfterAwsAction('CreateAccount');
    const creates = calls('CreateAccount');
    const request = await raiseAndApprove('Crash Team');
    expect(crash.fired()).toBe(true);
    expect(client.sandbox.platform.log.list({ functionKey: 'on-vending-event' }).some((i) => i.outcome === 'error' && /crashed/.test(i.error ?? ''))).toBe(true);
    await driver.advance(1500);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(calls('CreateAccount') - creates).toBe(1);
    expect(await driver.accountsWithEmail(email('Crash Team'))).toBe(1);
    expect(client.sandbox.aws.requestLog().some((e) => e.action === 'ListCreateAccountStatus')).toBe(true);
  });

  test('a crash after the account was created (the sandbox’s crashAfter fault on the next AWS call) still ends with one account', async () => {
    const creates = calls('CreateAccount');
    const request = await raiseAndApprove('Crash Later Team');
    // The run is waiting for AWS; its next AWS call (the status poll) crashes right after AWS answers.
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'aws', count: 1, crashAfter: true }] });
    await driver.advance(1500);
    expect((await client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns).toEqual([]);
    expect(await driver.status(request.issueKey)).toBe('Done');
    expect(calls('CreateAccount') - creates).toBe(1);
    expect(await driver.accountsWithEmail(email('Crash Later Team'))).toBe(1);
  });

  test('a crash right after StartBuild starts no second build (CodeBuild idempotency token)', async () => {
    const crash = driver.crashAfterAwsAction('StartBuild');
    const request = await raiseAndApprove('Build Crash Team');
    await driver.advance(1500);
    expect(crash.fired()).toBe(true);
    expect(await driver.status(request.issueKey)).toBe('Done');
    const account = await driver.accountByEmail(email('Build Crash Team'));
    expect(await driver.buildsFor(account?.Id ?? '')).toHaveLength(1);
  });

  test('a crash while another request waits in line: the line moves on and both end Done with one account each', async () => {
    const crash = driver.crashAfterAwsAction('CreateAccount');
    const first = await raiseAndApprove('Line Crash One');
    const second = await raiseAndApprove('Line Crash Two');
    expect(crash.fired()).toBe(true);
    await driver.advance(2400);
    expect(await driver.status(first.issueKey)).toBe('Done');
    expect(await driver.status(second.issueKey)).toBe('Done');
    expect(await driver.accountsWithEmail(email('Line Crash One'))).toBe(1);
    expect(await driver.accountsWithEmail(email('Line Crash Two'))).toBe(1);
    expect(driver.maxCreationsInFlight()).toBe(1);
  });

  test('a sandbox restarted while AWS creates the account resumes from its state file and finishes with one account', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'provisio-vending-'));
    try {
      const first = await SandboxClient.start({ dataDir });
      const firstDriver = await VendingDriver.create(first);
      const request = await firstDriver.raise(firstDriver.values('Restart Team'));
      await first.settle();
      await firstDriver.approve(request.issueKey);
      await first.settle();
      expect(first.sandbox.aws.organizations.createAccountStatuses().filter((r) => r.state === 'IN_PROGRESS')).toHaveLength(1);
      await first.close();

      const second = await SandboxClient.start({ dataDir });
      try {
        const secondDriver = await VendingDriver.create(second);
        await secondDriver.advance(1500);
        expect(await secondDriver.status(request.issueKey)).toBe('Done');
        expect(await secondDriver.accountsWithEmail(email('Restart Team'))).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
