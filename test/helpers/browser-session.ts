import type { Browser, BrowserContext, Page } from 'playwright-core';

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
