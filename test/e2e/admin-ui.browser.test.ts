/**
 * The Provisio admin page in Chromium: the real admin Custom UI build inside the sandbox's Jira
 * settings page, talking to the real admin resolvers. The sandbox configured the app through
 * those same resolvers at start, so the page must show that configuration, test it against the
 * Okta stand-in for real, refuse invalid input field by field, and never show the private key.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { resourceEntryUrl } from '../../sandbox/web/resource-server';
import { describeWithBrowser } from '../helpers/browser';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { browserSuite } from '../helpers/browser-session';

const SCREENSHOT = '/tmp/admin.png';
const ADMIN_PATH = '/jira/settings/apps/provisio';
const ADMIN_MODULE = 'provisio-admin';

describeWithBrowser('Provisio admin page (Chromium)', () => {
  jest.setTimeout(120_000);
  const suite = browserSuite(['admin'], () => SandboxClient.start());
  let client: SandboxClient;
  beforeAll(() => {
    client = suite.sandbox();
  });

  const ada = () => client.user('adaAdmin');
  /** The base64 body of the demo private key: it must never reach a browser. */
  const keyBody = () =>
    client.sandbox.oktaSeed.privateKeyPem
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join('');

  /** A signed-in session; `bridgeAnswers` collects every bridge response body the frames received. */
  async function signedIn(who: SandboxUser) {
    // 403 is the host's refusal page this test asks for on purpose.
    return suite.signIn(who, { allowedStatuses: [403] });
  }

  async function openAdminPage(page: Page, problems: string[]): Promise<FrameLocator> {
    await page.goto(`${client.url}${ADMIN_PATH}`);
    const settings = page.frameLocator('iframe[title="Provisio"]');
    await waitFor(page, problems, settings.getByTestId('okta-org-url'));
    return settings;
  }

  async function waitFor(page: Page, problems: string[], content: Locator): Promise<void> {
    try {
      await content.waitFor({ timeout: 20_000 });
    } catch (error) {
      const frames = await Promise.all(page.frames().slice(1).map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`the admin page did not show what was expected (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${problems.join(' | ')}`, { cause: error });
    }
  }

  test('the admin sees the demo configuration, and the private key only as "saved"', async () => {
    const { page, problems, bridgeAnswers } = await signedIn(ada());
    await page.getByRole('link', { name: 'Provisio settings' }).click();
    const settings = page.frameLocator('iframe[title="Provisio"]');
    await waitFor(page, problems, settings.getByTestId('okta-org-url'));
    const okta = client.sandbox.oktaSeed;
    const seed = client.sandbox.seed;

    await expect(settings.getByTestId('admin-viewer').textContent()).resolves.toBe('Signed in as Ada Admin');
    await expect(settings.getByTestId('okta-org-url').inputValue()).resolves.toBe(okta.orgUrl);
    await expect(settings.getByTestId('okta-client-id').inputValue()).resolves.toBe(okta.clientId);
    await expect(settings.getByTestId('okta-key-id').inputValue()).resolves.toBe(okta.keyId);
    await expect(settings.getByTestId('okta-scopes').inputValue()).resolves.toBe(okta.scopes.join(' '));
    await expect(settings.getByTestId('okta-dpop').isChecked()).resolves.toBe(okta.requireDpop);

    // Write-only: the field is empty, and the page says a key is saved.
    await expect(settings.getByTestId('okta-private-key').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('okta-key-saved').textContent()).resolves.toContain('A private key is saved');
    await expect(settings.getByLabel('Private key (PEM)').inputValue()).resolves.toBe('');

    // Onboarding: the request type, each input's field (the suggestions the demo saved), the allow-list, the statuses.
    await expect(settings.getByTestId('onboarding-request-type').inputValue()).resolves.toBe(seed.requestTypeIds['Onboard a new employee']);
    await expect(settings.locator('[data-testid="onboarding-request-type"] option:checked').textContent()).resolves.toBe('Onboard a new employee');
    for (const [input, name] of [
      ['firstName', 'First name'],
      ['lastName', 'Last name'],
      ['workEmail', 'Work email'],
      ['oktaGroups', 'Okta groups'],
      ['startDate', 'Start date'],
    ] as const) {
      await expect(settings.getByTestId(`mapping-${input}`).inputValue()).resolves.toBe(seed.customFieldIds[name]);
      await expect(settings.getByTestId(`suggested-${input}`).textContent()).resolves.toBe('Suggested');
    }
    await expect(settings.getByLabel('Work email (required)').inputValue()).resolves.toBe(seed.customFieldIds['Work email']);
    await expect(settings.getByTestId('onboarding-groups').inputValue()).resolves.toBe(['Engineering', 'Sales', 'Finance', 'Contractors', 'AWS-Prod-Admins'].join('\n'));
    await expect(settings.getByTestId('onboarding-provisionStatus').inputValue()).resolves.toBe('In Progress');
    await expect(settings.getByTestId('onboarding-doneStatus').inputValue()).resolves.toBe('Done');
    await expect(settings.getByTestId('onboarding-failedStatus').inputValue()).resolves.toBe('Provisioning failed');

    // Slack: only whether a webhook is set, never the URL.
    await expect(settings.getByTestId('slack-status').textContent()).resolves.toContain('Configured');
    await expect(settings.getByTestId('slack-webhook').inputValue()).resolves.toBe('');

    const html = await page.frames()[1]!.content();
    expect(html).not.toContain(keyBody().slice(0, 40));
    expect(html).not.toContain('hooks.slack.com/services/T');
    expect(bridgeAnswers.length).toBeGreaterThan(0);
    expect(bridgeAnswers.join('\n')).not.toContain(keyBody().slice(0, 40));
    expect(bridgeAnswers.join('\n')).not.toContain('PRIVATE KEY-----\n');
    expect(problems).toEqual([]);
  });

  test('Test connection obtains a real DPoP token from Okta and shows it', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openAdminPage(page, problems);
    const tokenCalls = () => client.sandbox.okta.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/v1/token') && r.status === 200).length;
    const before = tokenCalls();

    await settings.getByTestId('okta-test-button').click();
    await waitFor(page, problems, settings.getByTestId('okta-test-result'));
    await expect(settings.getByTestId('okta-test-token-type').textContent()).resolves.toBe('DPoP');
    const scopes = (await settings.getByTestId('okta-test-scopes').textContent())?.split(' ') ?? [];
    expect(scopes).toEqual(expect.arrayContaining(['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read']));
    await expect(settings.locator('[data-testid="okta-test-expires"] time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(tokenCalls()).toBeGreaterThan(before);
    expect(problems).toEqual([]);
  });

  test('an invalid org URL is refused next to its field and changes nothing', async () => {
    const { page, problems } = await signedIn(ada());
    let settings = await openAdminPage(page, problems);
    const okta = client.sandbox.oktaSeed;

    await settings.getByTestId('okta-org-url').fill('http://intranet.example.com/okta');
    await settings.getByTestId('okta-client-id').fill('changed-client-id-123');
    await settings.getByTestId('okta-private-key').fill('not a key');
    await settings.getByTestId('okta-save').click();
    await waitFor(page, problems, settings.getByTestId('error-orgUrl'));
    await expect(settings.getByTestId('error-privateKeyPem').textContent()).resolves.toContain('PKCS#8');
    await expect(settings.getByTestId('error-clientId').count()).resolves.toBe(0);
    await expect(settings.getByTestId('error-orgUrl').textContent()).resolves.toContain('https://your-org.okta.com');
    await expect(settings.getByTestId('okta-invalid').textContent()).resolves.toContain('Nothing was saved');
    await expect(settings.getByTestId('okta-saved').count()).resolves.toBe(0);
    await expect(settings.getByTestId('okta-org-url').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(settings.getByTestId('okta-org-url').getAttribute('aria-describedby')).resolves.toContain('okta-org-url-error');

    // Slack and onboarding refuse invalid input the same way.
    await settings.getByTestId('slack-webhook').fill('https://example.com/not-slack');
    await settings.getByTestId('slack-save').click();
    await waitFor(page, problems, settings.getByTestId('error-webhookUrl'));
    await expect(settings.getByTestId('error-webhookUrl').textContent()).resolves.toContain('hooks.slack.com');
    await settings.getByTestId('mapping-workEmail').selectOption('');
    await settings.getByTestId('onboarding-save').click();
    await waitFor(page, problems, settings.getByTestId('error-fields.workEmail'));
    await expect(settings.getByTestId('onboarding-saved').count()).resolves.toBe(0);

    // Grow the frame to its content (as Forge's auto-resize would) for a full screenshot.
    await settings.getByTestId('okta-test-button').click();
    await waitFor(page, problems, settings.getByTestId('okta-test-result'));
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/admin/'));
    const height = await frame!.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => {
      iframe.classList.remove('admin-page-frame');
      iframe.setAttribute('height', String(h + 4));
    }, height);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Nothing changed: a fresh page shows the demo configuration, and it still connects.
    settings = await openAdminPage(page, problems);
    await expect(settings.getByTestId('okta-org-url').inputValue()).resolves.toBe(okta.orgUrl);
    await expect(settings.getByTestId('okta-client-id').inputValue()).resolves.toBe(okta.clientId);
    await expect(settings.getByTestId('mapping-workEmail').inputValue()).resolves.toBe(client.sandbox.seed.customFieldIds['Work email']);
    await expect(settings.getByTestId('slack-status').textContent()).resolves.toContain('Configured');
    await expect(settings.getByTestId('okta-key-saved').count()).resolves.toBe(1);
    await settings.getByTestId('okta-test-button').click();
    await waitFor(page, problems, settings.getByTestId('okta-test-token-type'));
    expect(problems).toEqual([]);
  });

  test('saving unchanged settings keeps the saved key and reports success', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openAdminPage(page, problems);
    await settings.getByTestId('okta-save').click();
    await waitFor(page, problems, settings.getByTestId('okta-saved'));
    await expect(settings.getByTestId('okta-saved').textContent()).resolves.toBe('Okta connection saved.');
    await expect(settings.getByTestId('okta-key-saved').count()).resolves.toBe(1);
    await settings.getByTestId('onboarding-save').click();
    await waitFor(page, problems, settings.getByTestId('onboarding-saved'));
    await settings.getByTestId('okta-test-button').click();
    await waitFor(page, problems, settings.getByTestId('okta-test-token-type'));
    expect(problems).toEqual([]);
  });

  test('another request type pre-selects its own suggestions; the saved one brings the saved mapping back', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openAdminPage(page, problems);
    const seed = client.sandbox.seed;

    await settings.getByTestId('onboarding-request-type').selectOption(seed.requestTypeIds['New AWS account']);
    // Its fields are the options; nothing there is called "First name", and "Account email" is no work email.
    const options = await settings.locator('[data-testid="mapping-firstName"] option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Choose a field', 'Account name', 'Account email']));
    expect(options).not.toContain('First name');
    await expect(settings.getByTestId('mapping-firstName').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('suggested-firstName').count()).resolves.toBe(0);

    await settings.getByTestId('onboarding-request-type').selectOption(seed.requestTypeIds['Onboard a new employee']);
    await expect(settings.getByTestId('mapping-firstName').inputValue()).resolves.toBe(seed.customFieldIds['First name']);
    await expect(settings.getByTestId('suggested-firstName').textContent()).resolves.toBe('Suggested');
    // Moving away from a suggestion offers it back.
    await settings.getByTestId('mapping-username').selectOption('');
    await settings.getByTestId('use-suggestion-username').click();
    await expect(settings.getByTestId('mapping-username').inputValue()).resolves.toBe(seed.customFieldIds['Username']);
    expect(problems).toEqual([]);
  });

  test('the Slack webhook can be removed and replaced, and is never shown', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openAdminPage(page, problems);
    await settings.getByTestId('slack-remove').click();
    await settings.getByTestId('slack-remove-confirm').click();
    await waitFor(page, problems, settings.getByTestId('slack-saved'));
    await expect(settings.getByTestId('slack-status').textContent()).resolves.toContain('Not configured');
    await expect(settings.getByTestId('slack-remove').count()).resolves.toBe(0);

    const webhook = client.sandbox.slack.createWebhook();
    await settings.getByTestId('slack-webhook').fill(webhook);
    await settings.getByTestId('slack-save').click();
    await waitFor(page, problems, settings.getByTestId('slack-saved'));
    await expect(settings.getByTestId('slack-status').textContent()).resolves.toContain('Configured');
    await expect(settings.getByTestId('slack-webhook').inputValue()).resolves.toBe('');
    expect(await page.frames()[1]!.content()).not.toContain(webhook);
    expect(problems).toEqual([]);
  });

  test('a non-admin is refused: by the settings page, and by the resolvers if the admin UI is put in front of them', async () => {
    const alan = client.user('alanAgent');
    const { page } = await signedIn(alan);
    const response = await page.goto(`${client.url}${ADMIN_PATH}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId('forbidden').textContent()).resolves.toContain("You don't have access to this page");
    await expect(page.locator('iframe').count()).resolves.toBe(0);

    // The real admin UI in a frame the platform made for Alan: every resolver refuses him.
    const token = client.sandbox.frames.open({ moduleKey: ADMIN_MODULE, accountId: alan.accountId, extension: {} });
    await page.goto(`${client.url}${resourceEntryUrl('admin', token)}`);
    await page.getByTestId('admin-error').waitFor();
    await expect(page.getByTestId('admin-error').textContent()).resolves.toBe('Only Jira administrators can configure Provisio.');
    await expect(page.getByTestId('okta-org-url').count()).resolves.toBe(0);
    const saved = await page.evaluate(async () => {
      const bridge = (window as unknown as { __bridge: { callBridge: (method: string, payload: unknown) => Promise<unknown> } }).__bridge;
      return bridge.callBridge('invoke', { functionKey: 'admin/save-slack', payload: { webhookUrl: null } });
    });
    expect(saved).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // …and the webhook he tried to remove is still there.
    const config = await client.sandbox.platform.invokeResolver({
      moduleKey: ADMIN_MODULE,
      functionKey: 'admin/get-config',
      payload: {},
      context: { extension: { type: 'jira:adminPage' } },
      accountId: ada().accountId,
    });
    expect(config).toMatchObject({ ok: true, data: { slackConfigured: true } });
  });
});
