/**
 * The Provisio issue panel on AWS account requests and "Secret change" requests, in Chromium: the
 * real issue-panel Custom UI build in the sandbox's Jira issue view, over runs and changes driven
 * through the JSM API and the official AWS SDK against the stand-in (virtual time for AWS's
 * waits). Covers a vending run waiting in line and then done, with the new account's id, and the
 * changes matched to an approved secret change with the approval's publication.
 */
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { SecretAuditDemo } from '../../sandbox/secret-audit-demo';
import { resourceEntryUrl } from '../../sandbox/web/resource-server';
import { describeWithBrowser } from '../helpers/browser';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { VendingDriver, type CreatedRequest } from '../helpers/vending-driver';
import { browserSuite } from '../helpers/browser-session';

const VENDING_SCREENSHOT = '/tmp/panel-vending.png';
const QUEUED_SCREENSHOT = '/tmp/panel-vending-queued.png';
const SECRET_SCREENSHOT = '/tmp/panel-secret-change.png';
const FAILED_SCREENSHOT = '/tmp/panel-vending-failed.png';
const PANEL_MODULE = 'provisio-issue-panel';

interface Endpoints {
  aws: { endpoint: string; region: string };
  secretAudit: SecretAuditDemo;
}

describeWithBrowser('AWS account vending and secret changes in the Provisio issue panel (Chromium)', () => {
  jest.setTimeout(150_000);
  const suite = browserSuite(['issue-panel'], () => SandboxClient.start());
  let client: SandboxClient;
  let driver: VendingDriver;
  let endpoints: Endpoints;

  beforeAll(async () => {
    client = suite.sandbox();
    driver = await VendingDriver.create(client);
    endpoints = await client.control<Endpoints>('GET', '/__sandbox/endpoints');
  });

  /**
   * A fresh session signed in as `who`; `invoked` lists the resolver keys the panel called. (The
   * tests' UI build runs React's development mode, whose StrictMode runs mount effects twice, so a
   * key asked on mount may appear twice; compare with `calls`.)
   */
  async function signedIn(who: SandboxUser) {
    return suite.signIn(who);
  }

  /** How often each resolver was asked, ignoring StrictMode's repeat of mount effects. */
  const calls = (invoked: string[]) => ({ keys: [...new Set(invoked)], secretChanges: invoked.filter((k) => k === 'panel/secret-changes').length });

  async function openPanel(who: SandboxUser, key: string, ready: string): Promise<{ page: Page; panel: FrameLocator; problems: string[]; invoked: string[] }> {
    const session = await signedIn(who);
    await session.page.goto(`${client.url}/browse/${key}`);
    const panel = session.page.frameLocator('iframe[title="Provisio"]');
    await waitFor(session.page, session.problems, panel.getByTestId(ready));
    return { ...session, panel };
  }

  async function waitFor(page: Page, problems: string[], content: Locator, timeout = 20_000): Promise<void> {
    try {
      await content.waitFor({ timeout });
    } catch (error) {
      const frames = await Promise.all(page.frames().slice(1).map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`the panel did not show what was expected (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${problems.join(' | ')}`, { cause: error });
    }
  }

  /** Grows the panel's frame to its content (as Forge's auto-resize would) and screenshots the panel. */
  async function screenshotPanel(page: Page, file: string): Promise<void> {
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/issue-panel/'));
    if (!frame) throw new Error('no issue panel frame');
    const height = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => {
      iframe.classList.remove('issue-panel-frame');
      iframe.setAttribute('height', String(h + 4));
    }, height);
    await page.getByTestId('app-panel').screenshot({ path: file });
  }

  const steps = (panel: FrameLocator) =>
    panel.getByTestId('run-step').evaluateAll((items) => items.map((li) => ({ id: li.getAttribute('data-step-id'), status: li.getAttribute('data-status') })));
  const step = (panel: FrameLocator, id: string) => panel.locator(`[data-testid="run-step"][data-step-id="${id}"]`);

  test('two accounts approved at once: the second waits in line, then both are vended and the panel shows every stage done and the account id', async () => {
    const first = await driver.raise(driver.values('Panel Team One'));
    const second = await driver.raise(driver.values('Panel Team Two', { 'Organizational unit': 'Sandbox' }));
    await client.settle();
    await driver.approve(first.issueKey);
    await driver.approve(second.issueKey);
    await client.settle();

    // The second request waits for AWS Organizations, which creates one account at a time.
    const waiting = await openPanel(client.user('alanAgent'), second.issueKey, 'run-status');
    await expect(waiting.panel.locator('#run-heading').textContent()).resolves.toBe('AWS account vending');
    await expect(step(waiting.panel, 'preflight').getAttribute('data-status')).resolves.toBe('done');
    await expect(step(waiting.panel, 'queue').getAttribute('data-status')).resolves.toBe('pending');
    await expect(step(waiting.panel, 'queue').getByTestId('run-step-detail').textContent()).resolves.toMatch(/1st in line, 1 request ahead/);
    // A wait for AWS reads as waiting, not as a retry.
    await expect(step(waiting.panel, 'queue').getByTestId('run-step-status').textContent()).resolves.toBe('Waiting');
    await expect(step(waiting.panel, 'queue').getAttribute('aria-current')).resolves.toBe('step');
    await expect(step(waiting.panel, 'create-account').textContent()).resolves.toContain('Create AWS account "Panel Team Two"');
    await expect(waiting.panel.getByTestId('vended-account').count()).resolves.toBe(0);
    await expect(waiting.panel.getByTestId('run-updated').textContent()).resolves.toContain('updating live');
    await screenshotPanel(waiting.page, QUEUED_SCREENSHOT);
    // A request with a run is no secret change request: the panel does not ask.
    expect(waiting.invoked).not.toContain('panel/secret-changes');

    await driver.advance(3600);
    expect(await driver.status(first.issueKey)).toBe('Done');
    expect(await driver.status(second.issueKey)).toBe('Done');
    // The open panel follows the run to its end by itself.
    await waitFor(waiting.page, waiting.problems, waiting.panel.locator('[data-testid="run-status"][data-status="succeeded"]'), 20_000);
    expect(waiting.problems).toEqual([]);

    const account = await driver.accountByEmail('aws+panel-team-one@provisio-demo.example');
    const accountId = account?.Id ?? '';
    expect(accountId).toMatch(/^\d{12}$/);
    const { page, panel, problems, invoked } = await openPanel(client.user('alanAgent'), first.issueKey, 'run-status');
    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('succeeded');
    await expect(panel.getByTestId('approved-by').textContent()).resolves.toMatch(/^Approved by Ann Approver on .+/);
    expect(await steps(panel)).toEqual(
      ['preflight', 'queue', 'create-account', 'move-account', 'tag-account', 'baseline', 'comment', 'resolve'].map((id) => ({ id, status: 'done' })),
    );
    await expect(panel.getByTestId('vended-account-id').textContent()).resolves.toBe(accountId);
    await expect(step(panel, 'create-account').getByTestId('run-step-detail').textContent()).resolves.toBe(`Created account ${accountId}`);
    await expect(step(panel, 'move-account').textContent()).resolves.toContain('Move it to Workloads/NonProd');
    await expect(step(panel, 'tag-account').getByTestId('run-step-detail').textContent()).resolves.toContain(`JiraIssue=${first.issueKey}`);
    await expect(step(panel, 'baseline').textContent()).resolves.toContain('Baseline: CodeBuild project account-baseline');
    await expect(step(panel, 'resolve').getByTestId('run-step-detail').textContent()).resolves.toBe('Moved to Done');
    await expect(panel.getByTestId('run-failure').count()).resolves.toBe(0);
    await expect(panel.getByTestId('no-run').count()).resolves.toBe(0);
    await screenshotPanel(page, VENDING_SCREENSHOT);
    expect(calls(invoked)).toEqual({ keys: ['panel/get-info'], secretChanges: 0 });
    expect(problems).toEqual([]);
  });

  test('a failed baseline shows where and why, with the build\'s link opening through the host', async () => {
    client.sandbox.aws.codebuild.failNextBuild();
    const request = await driver.raise(driver.values('Panel Baseline Fails'));
    await client.settle();
    await driver.approve(request.issueKey);
    await client.settle();
    await driver.advance(900);
    expect(await driver.status(request.issueKey)).toBe('Provisioning failed');

    const { page, panel, problems } = await openPanel(client.user('alanAgent'), request.issueKey, 'run-failure');
    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('failed');
    await expect(panel.getByTestId('run-failure').textContent()).resolves.toContain('Stopped at “Baseline: CodeBuild project account-baseline”');
    await expect(panel.getByTestId('run-failure-reason').textContent()).resolves.toContain('ended failed in its build phase');
    // The account exists: its id is shown even though the run stopped later.
    const account = await driver.accountByEmail('aws+panel-baseline-fails@provisio-demo.example');
    await expect(panel.getByTestId('vended-account-id').textContent()).resolves.toBe(account?.Id);
    const link = panel.getByTestId('run-failure-reason').getByTestId('detail-link');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^https:\/\/\S+$/);
    await expect(link.textContent()).resolves.toBe(href);
    await link.click();
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/issue-panel/'));
    const opened = await frame?.evaluate(() => (window as unknown as { __sandboxBridgeLog: { method: string; payload: unknown }[] }).__sandboxBridgeLog.filter((e) => e.method === 'navigate'));
    expect(opened?.map((e) => e.payload)).toEqual([{ url: href, type: 'new-tab' }]);
    await expect(panel.getByTestId('retry-button').isEnabled()).resolves.toBe(true);
    await screenshotPanel(page, FAILED_SCREENSHOT);
    expect(problems).toEqual([]);
  });

  test('an approved "Secret change" request shows the approval published to SNS and the change made with the AWS SDK', async () => {
    const demo = endpoints.secretAudit;
    const seed = client.sandbox.seed;
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();
    const created = await client.as(client.user('ritaRequester')).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Secret change'],
      requestFieldValues: {
        summary: 'Rotate the card processor key',
        [seed.customFieldIds['Secret ARNs'] as string]: `${demo.secrets.paymentsApiKey}\n`,
        [seed.customFieldIds['Change window start'] as string]: iso(now - 5 * 60_000),
        [seed.customFieldIds['Change window end'] as string]: iso(now + 60 * 60_000),
        [seed.customFieldIds.Reason as string]: 'Processor asked us to rotate (CHG-77)',
      },
    });
    expect(created.status).toBe(201);
    const ticket = created.body.issueKey;

    // Before approval: a secret change request with nothing matched and nothing published.
    await client.settle();
    const before = await openPanel(client.user('alanAgent'), ticket, 'secret-changes');
    await expect(before.panel.getByTestId('approval-publication').getAttribute('data-state')).resolves.toBe('none');
    await expect(before.panel.getByTestId('secret-changes-empty').count()).resolves.toBe(1);
    await expect(before.panel.getByTestId('no-run').count()).resolves.toBe(0);

    const approver = client.as(client.user('annApprover'));
    const approvals = await approver.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${ticket}/approval`);
    expect((await approver.post(`/rest/servicedeskapi/request/${ticket}/approval/${approvals.body.values[0]?.id}`, { decision: 'approve' })).status).toBe(200);
    await client.settle();
    const sm = new SecretsManagerClient({
      endpoint: endpoints.aws.endpoint,
      region: endpoints.aws.region,
      credentials: { accessKeyId: demo.secretsAdmin.accessKeyId, secretAccessKey: demo.secretsAdmin.secretAccessKey },
      maxAttempts: 1,
    });
    await sm.send(new PutSecretValueCommand({ SecretId: demo.secrets.paymentsApiKey, SecretString: '{"key":"never-shown"}' }));
    await client.settle();

    // The panel that was open shows it after Refresh.
    await before.panel.getByTestId('secret-changes-refresh').click();
    await waitFor(before.page, before.problems, before.panel.getByTestId('secret-change'));
    expect(before.problems).toEqual([]);

    const { page, panel, problems, invoked } = await openPanel(client.user('alanAgent'), ticket, 'secret-change');
    await expect(panel.locator('#secret-changes-heading').textContent()).resolves.toBe('Secret change');
    await expect(panel.getByTestId('secret-changes-count').textContent()).resolves.toBe('1 change');
    const change = panel.getByTestId('secret-change');
    await expect(change.getAttribute('data-event-name')).resolves.toBe('PutSecretValue');
    await expect(change.getAttribute('data-outcome')).resolves.toBe('matched');
    await expect(change.getByTestId('secret-change-secret').textContent()).resolves.toBe(demo.secrets.paymentsApiKey.split(':secret:')[1]);
    await expect(change.getByTestId('secret-change-secret').getAttribute('title')).resolves.toBe(demo.secrets.paymentsApiKey);
    await expect(change.getByTestId('secret-change-actor').textContent()).resolves.toBe('user/secrets-admin');
    await expect(change.getByTestId('secret-change-ip').textContent()).resolves.toMatch(/^[\d.:a-f]+$/);
    await expect(change.locator('[data-testid="secret-change-time"] time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    const publication = panel.getByTestId('approval-publication');
    await expect(publication.getAttribute('data-state')).resolves.toBe('delivered');
    await expect(publication.textContent()).resolves.toContain('Approval published to provisio-secret-changes');
    await expect(panel.getByTestId('no-run').count()).resolves.toBe(0);
    expect(await page.frames().find((f) => f.url().includes('/__forge/resources/issue-panel/'))?.content()).not.toContain('never-shown');
    await screenshotPanel(page, SECRET_SCREENSHOT);
    expect(calls(invoked)).toEqual({ keys: ['panel/get-info', 'panel/jit-grant', 'panel/secret-changes'], secretChanges: 1 });
    expect(problems).toEqual([]);

    // The requester, were the panel put in front of her, is refused the evidence: the panel stays quiet.
    const rita = client.user('ritaRequester');
    const customer = await signedIn(rita);
    const token = client.sandbox.frames.open({
      moduleKey: PANEL_MODULE,
      accountId: rita.accountId,
      extension: { issue: { id: created.body.issueId, key: ticket, type: 'Service Request', typeId: '' }, project: { id: '', key: 'ITS', type: 'service_desk' } },
    });
    await customer.page.goto(`${client.url}${resourceEntryUrl('issue-panel', token)}`);
    await customer.page.getByTestId('no-run').waitFor();
    await expect(customer.page.getByTestId('secret-changes').count()).resolves.toBe(0);
    await expect(customer.page.getByTestId('secret-changes-error').count()).resolves.toBe(0);
    await expect(customer.page.getByRole('alert').count()).resolves.toBe(0);
    expect(calls(customer.invoked)).toEqual({ keys: ['panel/get-info', 'panel/jit-grant', 'panel/secret-changes'], secretChanges: 1 });
    expect(customer.problems).toEqual([]);
  });

  test('an ordinary request asks once, hears it is no secret change request, and shows that Provisio has nothing to do', async () => {
    const created = await client.as(client.user('ritaRequester')).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: client.sandbox.seed.serviceDeskId,
      requestTypeId: client.sandbox.seed.requestTypeIds['Get IT help'],
      requestFieldValues: { summary: 'Monitor flickers' },
    });
    expect(created.status).toBe(201);
    const { page, panel, problems, invoked } = await openPanel(client.user('alanAgent'), created.body.issueKey, 'no-run');
    await page.waitForTimeout(2_500);
    // Asked once each (not a request for temporary access, then not a secret change request): the answers are final.
    expect(calls(invoked)).toEqual({ keys: ['panel/get-info', 'panel/jit-grant', 'panel/secret-changes'], secretChanges: 1 });
    await expect(panel.getByTestId('secret-changes').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
