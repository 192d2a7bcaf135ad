/**
 * The whole sandbox in Chromium: the Jira-like pages over the real Jira/JSM stand-in, and the
 * app's real Custom UI builds (the static/<package>/build folders manifest.yml names) rendered in frames
 * by the local Forge platform. People act only through the pages, as they would in Jira.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { realFetch } from '../../sandbox/platform';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { PROJECT_ROOT, describeWithBrowser } from '../helpers/browser';
import { browserSuite } from '../helpers/browser-session';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const APP_VERSION = (require(path.join(PROJECT_ROOT, 'package.json')) as { version: string }).version;
const SCREENSHOT = '/tmp/sandbox-issue-view.png';

interface SeedUser {
  displayName: string;
  accountId: string;
  roles: readonly string[];
}

describeWithBrowser('sandbox Jira UI in Chromium', () => {
  const suite = browserSuite(['issue-panel', 'admin'], () => startSandbox({ port: 0 }));
  let sandbox: Sandbox;
  let users: SeedUser[];
  let itHelpKey: string;

  const user = (test: (u: SeedUser) => boolean, what: string): SeedUser => {
    const found = users.find(test);
    if (!found) throw new Error(`the demo seed has no ${what}`);
    return found;
  };
  const customer = () => user((u) => u.roles.includes('customer'), 'customer');
  const agent = () => user((u) => u.roles.includes('agent') && !u.roles.includes('admin'), 'agent');
  const admin = () => user((u) => u.roles.includes('admin'), 'admin');
  const approver = () => user((u) => u.roles.includes('approver'), 'approver');

  beforeAll(() => {
    sandbox = suite.sandbox();
    users = Object.values(sandbox.seed.users as unknown as Record<string, SeedUser>);
  });

  /** A fresh browser session signed in as `who` through the sign-in page; `problems` collects page errors. */
  async function signedIn(who: SeedUser) {
    // 400 and 403 are pages this test asks for on purpose; anything else failing is a problem.
    return suite.signIn(who, { allowedStatuses: [400, 403] });
  }

  /** Waits for Custom UI content; on failure says what the frames showed and what went wrong. */
  async function rendered(page: Page, problems: string[], content: Locator): Promise<void> {
    try {
      await content.waitFor({ timeout: 20_000 });
    } catch (error) {
      const frames = await Promise.all(page.frames().slice(1).map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`Custom UI did not render (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${problems.join(' | ')}`, { cause: error });
    }
  }

  async function openRequestForm(page: Page, requestType: string): Promise<void> {
    await page.getByRole('link', { name: 'Raise a request' }).first().click();
    await page.getByRole('link', { name: new RegExp(`^${requestType}`) }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(requestType);
  }

  async function raisedKey(page: Page): Promise<string> {
    await page.waitForURL(/\/browse\/[A-Z]+-\d+$/);
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  }

  test('a customer raises "Get IT help" through the portal form', async () => {
    const { page } = await signedIn(customer());
    await openRequestForm(page, 'Get IT help');

    // JSM refuses the form without a summary: the page says why and keeps what was typed.
    await page.getByLabel('Description').fill('The printer on floor 3 is jammed.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('form-error').textContent()).resolves.toMatch(/summary/i);
    await expect(page.getByLabel('Description').inputValue()).resolves.toBe('The printer on floor 3 is jammed.');

    await page.getByLabel('Summary').fill('Printer on floor 3 is jammed');
    await page.getByRole('button', { name: 'Send' }).click();
    itHelpKey = await raisedKey(page);
    expect(itHelpKey).toMatch(/^ITS-\d+$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe(`Your request ${itHelpKey} was raised.`);
    await expect(page.getByTestId('issue-summary').textContent()).resolves.toBe('Printer on floor 3 is jammed');
    await expect(page.getByTestId('issue-status').textContent()).resolves.toBe('Open');
    // Customers get the portal view: no app panel.
    await expect(page.locator('iframe').count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await expect(page.getByTestId('request-row').first().textContent()).resolves.toContain(itHelpKey);
  });

  test('an agent opens the issue and sees the Provisio panel rendered by the real Custom UI build', async () => {
    const { page, problems } = await signedIn(agent());
    await page.goto(`${sandbox.url}/browse/${itHelpKey}`);
    await expect(page.getByTestId('issue-key').textContent()).resolves.toBe(itHelpKey);
    await expect(page.getByTestId('request-type').textContent()).resolves.toContain('Get IT help');

    const panel = page.frameLocator('iframe[title="Provisio"]');
    await rendered(page, problems, panel.getByTestId('panel-issue-key'));
    await expect(panel.getByTestId('panel-issue-key').textContent()).resolves.toBe(itHelpKey);
    await expect(panel.getByTestId('panel-app-version').textContent()).resolves.toBe(APP_VERSION);

    // The agent replies internally; the note is marked and the customer will not see it.
    await page.getByLabel('Comment').fill('Checking the toner first.');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.waitForURL(`${sandbox.url}/browse/${itHelpKey}`);
    await expect(page.getByTestId('comment').last().textContent()).resolves.toContain('Internal note');
    await panel.getByTestId('panel-issue-key').waitFor();

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
  });

  test('the customer sees public comments only', async () => {
    const { page } = await signedIn(customer());
    await page.goto(`${sandbox.url}/browse/${itHelpKey}`);
    await expect(page.getByTestId('comments').textContent()).resolves.not.toContain('Checking the toner first.');
  });

  test('an approver approves "Onboard a new employee"; the request moves on and Provisio resolves it', async () => {
    const requester = await signedIn(customer());
    const page = requester.page;
    await openRequestForm(page, 'Onboard a new employee');
    await page.getByLabel('Summary').fill('Onboard Grace Hopper');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Work email').fill('grace.hopper@provisio-demo.example');
    await page.getByLabel('Department').selectOption({ label: 'Engineering' });
    await page.getByLabel('Manager').fill(admin().accountId);
    await page.getByLabel('Okta groups').fill('Engineering');
    await page.getByLabel('Start date').fill('2026-12-01');
    await page.getByRole('button', { name: 'Send' }).click();
    const key = await raisedKey(page);
    await expect(page.getByTestId('issue-status').textContent()).resolves.toBe('Waiting for approval');

    const { page: approverPage } = await signedIn(approver());
    await approverPage.goto(`${sandbox.url}/browse/${key}`);
    await expect(approverPage.getByTestId('approval-decision').textContent()).resolves.toBe('Waiting for approval');
    await approverPage.getByRole('button', { name: 'Approve' }).click();
    await approverPage.waitForURL(`${sandbox.url}/browse/${key}`);
    await expect(approverPage.getByRole('status').textContent()).resolves.toBe(`You approved ${key}.`);
    // Approval moves the request to In Progress; Provisio may already be acting on it.
    await expect(approverPage.getByTestId('issue-status').textContent()).resolves.not.toBe('Waiting for approval');
    await expect(approverPage.getByTestId('approval-decision').textContent()).resolves.toBe('Approved');
    await expect(approverPage.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await realFetch()(`${sandbox.url}/__sandbox/settle`, { method: 'POST' });
    await approverPage.reload();
    await expect(approverPage.getByTestId('issue-status').textContent()).resolves.toBe('Done');
  });

  test('the admin page renders the admin Custom UI for the admin and is refused for a customer', async () => {
    const { page, problems } = await signedIn(admin());
    await page.getByRole('link', { name: 'Provisio settings' }).click();
    const settings = page.frameLocator('iframe[title="Provisio"]');
    await rendered(page, problems, settings.getByTestId('admin-app-version'));
    await expect(settings.getByTestId('admin-app-version').textContent()).resolves.toBe(APP_VERSION);
    await expect(settings.getByTestId('admin-viewer').textContent()).resolves.toBe(`Signed in as ${admin().displayName}`);
    expect(problems).toEqual([]);

    const { page: customerPage } = await signedIn(customer());
    const response = await customerPage.goto(`${sandbox.url}/jira/settings/apps/provisio`);
    expect(response?.status()).toBe(403);
    await expect(customerPage.getByTestId('forbidden').textContent()).resolves.toContain("You don't have access to this page");
    await expect(customerPage.locator('iframe').count()).resolves.toBe(0);
  });
});
