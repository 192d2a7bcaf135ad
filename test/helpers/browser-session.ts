import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureCustomUiBuilt, launchBrowser } from './browser';

export interface BrowserSession {
  page: Page;
  /** Page errors, console errors and failed responses (except the statuses a test expects). */
  problems: string[];
  /** Every bridge response body the app's frames received (to check secrets never reach them). */
  bridgeAnswers: string[];
  /** The resolver keys the frames invoked, in order. */
  invoked: string[];
}

/**
 * A fresh browser context signed in to the sandbox's Jira UI as `who`, recording what went wrong
 * and what the Custom UI frames asked for. `contexts` collects the context so the test closes it.
 */
export async function signInSession(
  browser: Browser,
  origin: string,
  who: { accountId: string; displayName: string },
  options: { contexts: BrowserContext[]; viewport?: { width: number; height: number }; allowedStatuses?: number[] },
): Promise<BrowserSession> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 900 } });
  options.contexts.push(context);
  const page = await context.newPage();
  const allowed = options.allowedStatuses ?? [];
  const session: BrowserSession = { page, problems: [], bridgeAnswers: [], invoked: [] };
  page.on('pageerror', (error) => session.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) session.problems.push(message.text());
  });
  page.on('request', (request) => {
    if (request.url().endsWith('/__sandbox/bridge/invoke')) {
      const key = (JSON.parse(request.postData() ?? '{}') as { payload?: { functionKey?: string } }).payload?.functionKey;
      if (key) session.invoked.push(key);
    }
  });
  page.on('response', (response) => {
    if (response.url().includes('/__sandbox/bridge/')) void response.text().then((text) => session.bridgeAnswers.push(text), () => undefined);
    if (response.status() >= 400 && !allowed.includes(response.status()) && !response.url().endsWith('/favicon.ico')) {
      session.problems.push(`${response.status()} ${response.url()}`);
    }
  });
  await page.goto(`${origin}/`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.locator(`button[data-account-id="${who.accountId}"]`).click();
  await page.waitForURL(`${origin}/`);
  await expect(page.getByTestId('signed-in-user').textContent()).resolves.toBe(who.displayName);
  return session;
}

export interface BrowserSuite<S> {
  /** The sandbox the suite started (available from the suite's own `beforeAll` on). */
  sandbox(): S;
  /** A fresh context signed in as `who` (see `signInSession`); closed by `closeSessions` or with the suite. */
  signIn(who: { accountId: string; displayName: string }, options?: { viewport?: { width: number; height: number }; allowedStatuses?: number[] }): Promise<BrowserSession>;
  closeSessions(): Promise<void>;
}

/**
 * The setup every browser suite shares: before it, the Custom UI bundles it opens are built and
 * a sandbox and Chromium are started; after it, every session, the browser and the sandbox are
 * closed. Call it first in the `describe`, so its hooks run before the suite's own.
 */
export function browserSuite<S extends { url: string; close(): Promise<void> }>(bundles: readonly ('issue-panel' | 'admin')[], start: () => Promise<S>): BrowserSuite<S> {
  let sandbox: S | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const closeSessions = async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  };
  beforeAll(async () => {
    await Promise.all(bundles.map((bundle) => ensureCustomUiBuilt(bundle)));
    sandbox = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeSessions();
    await browser?.close();
    await sandbox?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser suite has not started its ${what} yet`);
    return value;
  };
  return {
    sandbox: () => started(sandbox, 'sandbox'),
    signIn: (who, options = {}) => signInSession(started(browser, 'browser'), started(sandbox, 'sandbox').url, who, { contexts, ...options }),
    closeSessions,
  };
}
