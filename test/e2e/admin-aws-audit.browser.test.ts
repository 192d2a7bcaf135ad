/**
 * The admin page's "AWS & account vending" and "Secret change audit" tabs in Chromium: the real
 * admin Custom UI build in the sandbox's Jira settings page, over the real resolvers. The demo
 * configured both through those resolvers at start, so the page must show that configuration,
 * test the AWS connection for real (STS and Organizations in the AWS stand-in), refuse invalid
 * input field by field, never let the secret key reach the browser, and report a Secrets Manager
 * change made with the official SDK — on screen and as a downloaded CSV.
 */
import { readFile } from 'node:fs/promises';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { SecretAuditDemo } from '../../sandbox/secret-audit-demo';
import { roleActions } from '../../src/adapters/aws/aws-commands';
import { describeWithBrowser } from '../helpers/browser';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { browserSuite } from '../helpers/browser-session';

const AWS_SCREENSHOT = '/tmp/admin-aws.png';
const AUDIT_SCREENSHOT = '/tmp/admin-audit-report.png';
const ADMIN_PATH = '/jira/settings/apps/provisio';

interface Endpoints {
  aws: { endpoint: string; region: string };
  secretAudit: SecretAuditDemo;
}

describeWithBrowser('Provisio admin page: AWS and secret change audit (Chromium)', () => {
  jest.setTimeout(120_000);
  const suite = browserSuite(['admin'], () => SandboxClient.start());
  let client: SandboxClient;
  let endpoints: Endpoints;

  beforeAll(async () => {
    client = suite.sandbox();
    endpoints = await client.control<Endpoints>('GET', '/__sandbox/endpoints');
  });

  const ada = () => client.user('adaAdmin');
  const awsSeed = () => client.sandbox.awsSeed;
  const adminCall = <T>(functionKey: string, payload: unknown = {}) => client.adminData<T>(functionKey, payload);

  /** A signed-in session; `bridgeAnswers` collects every bridge response body the frames received. */
  async function signedIn(who: SandboxUser) {
    return suite.signIn(who);
  }

  /** Opens the settings page on one tab and waits for `ready` in it. */
  async function openTab(page: Page, problems: string[], tab: 'aws' | 'audit', ready: string): Promise<FrameLocator> {
    await page.goto(`${client.url}${ADMIN_PATH}`);
    const settings = page.frameLocator('iframe[title="Provisio"]');
    await waitFor(page, problems, settings.getByTestId(`tab-${tab}`));
    await settings.getByRole('tab', { name: tab === 'aws' ? 'AWS & account vending' : 'Secret change audit' }).click();
    await expect(settings.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).resolves.toBe('true');
    await waitFor(page, problems, settings.getByTestId(ready));
    return settings;
  }

  async function waitFor(page: Page, problems: string[], content: Locator, timeout = 20_000): Promise<void> {
    try {
      await content.waitFor({ timeout });
    } catch (error) {
      const frames = await Promise.all(page.frames().slice(1).map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`the admin page did not show what was expected (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${problems.join(' | ')}`, { cause: error });
    }
  }

  /** Grows the frame to its content (as Forge's auto-resize would) and screenshots the page. */
  async function screenshotPage(page: Page, file: string): Promise<void> {
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/admin/'));
    if (!frame) throw new Error('no admin frame');
    const height = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => {
      iframe.classList.remove('admin-page-frame');
      iframe.setAttribute('height', String(h + 4));
    }, height);
    await page.screenshot({ path: file, fullPage: true });
  }

  const adminFrameHtml = async (page: Page) => (await page.frames().find((f) => f.url().includes('/__forge/resources/admin/'))?.content()) ?? '';

  test('the AWS tab shows the demo connection and vending settings, the keys only as saved, and Test connection reads the organization', async () => {
    const { page, problems, bridgeAnswers } = await signedIn(ada());
    const settings = await openTab(page, problems, 'aws', 'aws-role-arn');
    const seed = awsSeed();
    const jira = client.sandbox.seed;

    // Keyboard: the tabs are one tab stop, arrows move between them.
    // (Later areas add tabs after these.)
    expect((await settings.getByRole('tablist').getByRole('tab').allTextContents())).toEqual(['Okta & onboarding', 'AWS & account vending', 'Secret change audit', 'Just-in-time access', 'Export to S3']);
    await expect(settings.getByTestId('tabpanel-okta').isHidden()).resolves.toBe(true);
    await settings.getByTestId('tab-aws').focus();
    await page.keyboard.press('ArrowRight');
    await expect(settings.getByTestId('tab-audit').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(settings.getByTestId('tab-audit').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(settings.getByTestId('tabpanel-aws').isHidden()).resolves.toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect(settings.getByTestId('tab-aws').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(settings.getByTestId('tab-aws').getAttribute('tabindex')).resolves.toBe('0');
    await expect(settings.getByTestId('tab-audit').getAttribute('tabindex')).resolves.toBe('-1');

    await expect(settings.getByTestId('aws-role-arn').inputValue()).resolves.toBe(seed.automationRole.arn);
    await expect(settings.getByTestId('aws-region').inputValue()).resolves.toBe('us-east-1');
    const externalId = await settings.getByTestId('aws-external-id').inputValue();
    expect(externalId).toMatch(/^provisio-[0-9a-f]{32}$/);
    expect(client.sandbox.aws.iam.role(seed.automationRole.arn)?.trust.externalId).toBe(externalId);
    await expect(settings.getByTestId('aws-external-id').getAttribute('readonly')).resolves.not.toBeNull();
    await expect(settings.getByTestId('aws-external-id-copy').textContent()).resolves.toBe('Copy');

    // Write-only keys: "saved (AKIA…WXYZ)", no inputs until the admin asks to replace them, and then empty.
    const hint = `${seed.provisio.accessKeyId.slice(0, 4)}…${seed.provisio.accessKeyId.slice(-4)}`;
    await expect(settings.getByTestId('aws-keys-saved').textContent()).resolves.toContain(`Keys saved (${hint})`);
    await expect(settings.getByTestId('aws-secret-access-key').count()).resolves.toBe(0);
    await settings.getByTestId('aws-replace-keys').click();
    await expect(settings.getByTestId('aws-access-key-id').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('aws-secret-access-key').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('aws-secret-access-key').getAttribute('type')).resolves.toBe('password');
    await settings.getByTestId('aws-keep-keys').click();
    await expect(settings.getByTestId('aws-keys-saved').count()).resolves.toBe(1);

    // The demo's own test at start is shown until the admin tests again.
    await expect(settings.getByTestId('aws-test-result').getAttribute('data-ok')).resolves.toBe('true');
    await expect(settings.getByTestId('aws-test-at').textContent()).resolves.toMatch(/^Last tested /);
    const assumes = () => client.sandbox.aws.requestLog().filter((e) => e.action === 'AssumeRole').length;
    const before = assumes();
    await settings.getByTestId('aws-test-button').click();
    await waitFor(page, problems, settings.locator('[data-testid="aws-test-at"]', { hasText: /^Tested / }));
    await expect(settings.getByTestId('aws-test-result').getAttribute('data-ok')).resolves.toBe('true');
    await expect(settings.getByTestId('aws-test-organization-id').textContent()).resolves.toBe(seed.organizationId);
    await expect(settings.getByTestId('aws-test-management-account').textContent()).resolves.toBe(seed.managementAccountId);
    await expect(settings.getByTestId('aws-test-root-id').textContent()).resolves.toBe(seed.rootId);
    await expect(settings.getByTestId('aws-test-assumed-role').textContent()).resolves.toBe('arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/provisio');
    expect(assumes()).toBe(before + 1);

    // Account vending: the request type, each input's field (suggested), environments, pattern, baseline, statuses.
    await expect(settings.getByTestId('vending-request-type').inputValue()).resolves.toBe(jira.requestTypeIds['New AWS account']);
    for (const [input, name] of [
      ['accountName', 'Account name'],
      ['accountEmail', 'Account email'],
      ['organizationalUnit', 'Organizational unit'],
      ['environment', 'Environment'],
      ['costCenter', 'Cost center'],
      ['accountOwner', 'Account owner'],
    ] as const) {
      await expect(settings.getByTestId(`vending-mapping-${input}`).inputValue()).resolves.toBe(jira.customFieldIds[name]);
      await expect(settings.getByTestId(`vending-suggested-${input}`).textContent()).resolves.toBe('Suggested');
    }
    await expect(settings.getByLabel('Account email (required)').inputValue()).resolves.toBe(jira.customFieldIds['Account email']);
    await expect(settings.getByTestId('vending-environments').inputValue()).resolves.toBe('dev\nstaging\nprod');
    await expect(settings.getByTestId('vending-cost-center-pattern').inputValue()).resolves.not.toBe('');
    await expect(settings.getByTestId('vending-baseline-codebuild').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('vending-baseline-project').inputValue()).resolves.toBe(seed.codeBuildProject.name);
    await expect(settings.getByTestId('vending-doneStatus').inputValue()).resolves.toBe('Done');
    const actions = await settings.locator('[data-testid="aws-role-actions"] li').allTextContents();
    expect(actions).toEqual(roleActions());

    // Switching the baseline shows its own field, and back keeps what was there.
    await settings.getByTestId('vending-baseline-http').check();
    await expect(settings.getByTestId('vending-baseline-project').count()).resolves.toBe(0);
    await expect(settings.getByTestId('vending-baseline-url').inputValue()).resolves.toBe('');
    await settings.getByTestId('vending-baseline-codebuild').check();
    await expect(settings.getByTestId('vending-baseline-project').inputValue()).resolves.toBe(seed.codeBuildProject.name);

    await screenshotPage(page, AWS_SCREENSHOT);

    // Neither key ever reached the browser: not in the page, not in any bridge answer.
    const html = await adminFrameHtml(page);
    expect(bridgeAnswers.some((a) => a.includes('"externalId"'))).toBe(true);
    for (const text of [html, bridgeAnswers.join('\n')]) {
      expect(text).not.toContain(seed.provisio.secretAccessKey);
      expect(text).not.toContain(seed.provisio.accessKeyId);
    }
    expect(problems).toEqual([]);
  });

  test('an invalid role ARN (and invalid vending settings) are refused next to their fields and change nothing', async () => {
    const { page, problems } = await signedIn(ada());
    let settings = await openTab(page, problems, 'aws', 'aws-role-arn');
    const before = await adminCall<Record<string, unknown>>('admin/aws-get-config');

    await settings.getByTestId('aws-role-arn').fill('arn:aws:iam::12:role/x');
    await settings.getByTestId('aws-region').fill('eu-central-1');
    await settings.getByTestId('aws-connection-save').click();
    await waitFor(page, problems, settings.getByTestId('error-connection.roleArn'));
    await expect(settings.getByTestId('error-connection.roleArn').textContent()).resolves.toContain('arn:aws:iam::123456789012:role/ProvisioAutomation');
    await expect(settings.getByTestId('error-connection.region').count()).resolves.toBe(0);
    await expect(settings.getByTestId('aws-connection-invalid').textContent()).resolves.toContain('Nothing was saved');
    await expect(settings.getByTestId('aws-connection-saved').count()).resolves.toBe(0);
    await expect(settings.getByTestId('aws-role-arn').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(settings.getByTestId('aws-role-arn').getAttribute('aria-describedby')).resolves.toContain('aws-role-arn-error');
    // What was typed stays, to be corrected.
    await expect(settings.getByTestId('aws-role-arn').inputValue()).resolves.toBe('arn:aws:iam::12:role/x');

    // New keys that are not keys: refused field by field.
    await settings.getByTestId('aws-role-arn').fill(awsSeed().automationRole.arn);
    await settings.getByTestId('aws-replace-keys').click();
    await settings.getByTestId('aws-access-key-id').fill('ASIA123');
    await settings.getByTestId('aws-connection-save').click();
    await waitFor(page, problems, settings.getByTestId('error-connection.accessKeyId'));
    await expect(settings.getByTestId('error-connection.secretAccessKey').textContent()).resolves.toContain('40-character');

    await settings.getByTestId('vending-cost-center-pattern').fill('([');
    await settings.getByTestId('vending-environments').fill('');
    await settings.getByTestId('vending-baseline-http').check();
    await settings.getByTestId('vending-baseline-url').fill('https://example.com/baseline');
    await settings.getByTestId('vending-mapping-accountEmail').selectOption('');
    await settings.getByTestId('vending-save').click();
    await waitFor(page, problems, settings.getByTestId('error-vending.costCenterPattern'));
    for (const key of ['vending.allowedEnvironments', 'vending.baseline.url', 'vending.fields.accountEmail']) {
      await expect(settings.getByTestId(`error-${key}`).count()).resolves.toBe(1);
    }
    await expect(settings.getByTestId('vending-invalid').textContent()).resolves.toContain('Nothing was saved');

    // Nothing changed: the resolver reads the same configuration, and a fresh page shows it and still connects.
    expect(await adminCall('admin/aws-get-config')).toEqual(before);
    settings = await openTab(page, problems, 'aws', 'aws-role-arn');
    await expect(settings.getByTestId('aws-role-arn').inputValue()).resolves.toBe(awsSeed().automationRole.arn);
    await expect(settings.getByTestId('aws-region').inputValue()).resolves.toBe('us-east-1');
    await expect(settings.getByTestId('vending-baseline-codebuild').isChecked()).resolves.toBe(true);
    await settings.getByTestId('aws-test-button').click();
    await waitFor(page, problems, settings.locator('[data-testid="aws-test-at"]', { hasText: /^Tested / }));
    await expect(settings.getByTestId('aws-test-result').getAttribute('data-ok')).resolves.toBe('true');
    expect(problems).toEqual([]);
  });

  test('replacing the keys saves them as a secret: the form clears, the page shows only the hint, and the connection still works', async () => {
    const { page, problems, bridgeAnswers } = await signedIn(ada());
    const settings = await openTab(page, problems, 'aws', 'aws-role-arn');
    const seed = awsSeed();
    await settings.getByTestId('aws-replace-keys').click();
    await settings.getByTestId('aws-access-key-id').fill(seed.provisio.accessKeyId);
    await settings.getByTestId('aws-secret-access-key').fill(seed.provisio.secretAccessKey);
    await settings.getByTestId('aws-connection-save').click();
    await waitFor(page, problems, settings.getByTestId('aws-connection-saved'));
    await expect(settings.getByTestId('aws-connection-saved').textContent()).resolves.toBe('AWS connection saved.');
    await expect(settings.getByTestId('aws-secret-access-key').count()).resolves.toBe(0);
    await expect(settings.getByTestId('aws-keys-saved').textContent()).resolves.toContain(`(${seed.provisio.accessKeyId.slice(0, 4)}…`);
    await settings.getByTestId('aws-test-button').click();
    await waitFor(page, problems, settings.locator('[data-testid="aws-test-at"]', { hasText: /^Tested / }));
    await expect(settings.getByTestId('aws-test-organization-id').textContent()).resolves.toBe(seed.organizationId);

    expect(await adminFrameHtml(page)).not.toContain(seed.provisio.secretAccessKey);
    expect(bridgeAnswers.join('\n')).not.toContain(seed.provisio.secretAccessKey);
    expect(problems).toEqual([]);
  });

  test('the audit tab shows the web trigger URL and subscription; a change made with the AWS SDK is in the report and the CSV download', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openTab(page, problems, 'audit', 'audit-webtrigger-url');
    const demo = endpoints.secretAudit;

    await expect(settings.getByTestId('audit-webtrigger-url').inputValue()).resolves.toBe(client.sandbox.platform.webTriggers.urlFor('provisio-sns'));
    await expect(settings.getByTestId('audit-webtrigger-url').getAttribute('readonly')).resolves.not.toBeNull();
    await expect(settings.getByTestId('audit-subscription').getAttribute('data-status')).resolves.toBe('confirmed');
    await expect(settings.getByTestId('audit-subscription').textContent()).resolves.toContain(demo.topicArn);
    await expect(settings.getByTestId('audit-topic-arns').inputValue()).resolves.toContain(demo.topicArn);
    await expect(settings.getByTestId('audit-publish-topic').inputValue()).resolves.toBe(demo.topicArn);
    await expect(settings.getByTestId('audit-automation-principals').inputValue()).resolves.toContain(demo.rotationRoleArn);
    await expect(settings.getByTestId('audit-project-key').inputValue()).resolves.toBe('OPS');
    await expect(settings.getByTestId('audit-request-type').inputValue()).resolves.toBe(client.sandbox.seed.requestTypeIds['Secret change']);
    await expect(settings.getByTestId('audit-mapping-secretArns').inputValue()).resolves.toBe(client.sandbox.seed.customFieldIds['Secret ARNs']);
    await expect(settings.getByTestId('audit-suggested-windowStart').textContent()).resolves.toBe('Suggested');
    await waitFor(page, problems, settings.getByTestId('report-shown'));

    // A secrets admin creates a secret no request names: CloudTrail → EventBridge → SNS → the web trigger.
    const sm = new SecretsManagerClient({
      endpoint: endpoints.aws.endpoint,
      region: endpoints.aws.region,
      credentials: { accessKeyId: demo.secretsAdmin.accessKeyId, secretAccessKey: demo.secretsAdmin.secretAccessKey },
      maxAttempts: 1,
    });
    await sm.send(new CreateSecretCommand({ Name: 'ui/report-check', SecretString: 'do-not-show-this-value' }));
    await client.settle();

    await settings.getByTestId('report-apply').click();
    const row = settings.locator('[data-testid="report-row"]', { hasText: 'ui/report-check' });
    await waitFor(page, problems, row);
    await expect(row.getAttribute('data-outcome')).resolves.toBe('unapproved');
    await expect(row.getByTestId('report-event-name').textContent()).resolves.toBe('CreateSecret');
    await expect(row.getByTestId('report-actor-name').textContent()).resolves.toBe('user/secrets-admin');
    await expect(row.getByTestId('report-issue-key').textContent()).resolves.toMatch(/^OPS-\d+$/);
    await expect(row.textContent()).resolves.toContain('No approved request names this secret');
    expect(Number(await settings.getByTestId('report-count-unapproved').textContent())).toBeGreaterThanOrEqual(1);

    // Filters: outcome, secret and actor narrow it to that one change; a range that ends before it starts is refused.
    await settings.getByTestId('report-outcome').selectOption('unapproved');
    await settings.getByTestId('report-secret').fill('report-check');
    await settings.getByTestId('report-actor').fill('secrets-admin');
    await settings.getByTestId('report-event').selectOption('CreateSecret');
    await settings.getByTestId('report-apply').click();
    await waitFor(page, problems, settings.locator('[data-testid="report-shown"]', { hasText: 'Showing 1 change' }));
    await expect(settings.getByTestId('report-row').count()).resolves.toBe(1);
    await expect(settings.getByTestId('report-count-matched').textContent()).resolves.toBe('0');
    await settings.getByTestId('report-from').fill('2030-02-01');
    await settings.getByTestId('report-to').fill('2030-01-01');
    await settings.getByTestId('report-apply').click();
    await waitFor(page, problems, settings.getByTestId('error-report.to'));
    await expect(settings.getByTestId('report-to').getAttribute('aria-invalid')).resolves.toBe('true');
    await settings.getByTestId('report-from').fill('');
    await settings.getByTestId('report-to').fill('');
    await settings.getByTestId('report-apply').click();
    await waitFor(page, problems, settings.locator('[data-testid="report-shown"]', { hasText: 'Showing 1 change' }));

    // The CSV of the applied filters: a Blob in the frame, saved through an <a download>.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), settings.getByTestId('report-csv-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^secret-changes-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^eventTime,outcome,eventName,secretArn,actorArn/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',unapproved,CreateSecret,');
    expect(lines[1]).toContain('ui/report-check');
    expect(lines[1]).toContain(demo.secretsAdmin.arn);
    expect(csv).not.toContain('do-not-show-this-value');
    await expect(settings.getByTestId('report-csv-link').getAttribute('href')).resolves.toMatch(/^blob:/);
    await expect(settings.getByTestId('report-csv-rows').textContent()).resolves.toBe('(1 change)');

    // Clearing shows everything again (the demo's own changes too, if any), for the screenshot.
    await settings.getByTestId('report-clear').click();
    await waitFor(page, problems, settings.locator('[data-testid="report-shown"]', { hasText: /^Showing/ }));
    await screenshotPage(page, AUDIT_SCREENSHOT);
    expect(problems).toEqual([]);
  });

  test('an invalid audit setting is refused next to its field and changes nothing', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openTab(page, problems, 'audit', 'audit-topic-arns');
    const before = await adminCall<{ settings: unknown }>('admin/secret-audit/get-config');
    await settings.getByTestId('audit-topic-arns').fill('arn:aws:sqs:us-east-1:111111111111:not-a-topic');
    await settings.getByTestId('audit-automation-principals').fill('someone');
    await settings.getByTestId('audit-project-key').fill('NOPE');
    await settings.getByTestId('audit-save').click();
    await waitFor(page, problems, settings.getByTestId('error-topicArns'));
    await expect(settings.getByTestId('error-topicArns').textContent()).resolves.toContain('not an SNS topic ARN');
    await expect(settings.getByTestId('error-automationPrincipals').count()).resolves.toBe(1);
    await expect(settings.getByTestId('audit-invalid').textContent()).resolves.toContain('Nothing was saved');
    expect((await adminCall<{ settings: unknown }>('admin/secret-audit/get-config')).settings).toEqual(before.settings);
    expect(problems).toEqual([]);
  });
});
