/**
 * The built issue panel and admin page in real Chromium, served by the sandbox's resource and bridge routes with
 * a small test backend in place of the platform. Proves the shim, the CSP and the bundle work
 * together; the end-to-end run through the platform and the Jira stand-in reuses these helpers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import type { AdminInfo, PanelInfo, ResolverResult } from '../../src/shared/resolver-contract';
import { UnknownFrameError, createBridgeRoutes, type BridgeBackend } from '../../sandbox/web/bridge-routes';
import { createResourceRoutes, resourceEntryUrl } from '../../sandbox/web/resource-server';
import { buildCustomUi, describeWithBrowser, launchBrowser, startTestServer, type TestServer } from '../helpers/browser';

/**
 * Each frame token stands for one scenario, the way the platform maps a token to its frame: the
 * resolver key the frame may call and what that resolver answers.
 */
const SCENARIOS: Record<string, { resolverKey: string; answer: () => ResolverResult<PanelInfo | AdminInfo>; more?: Record<string, () => unknown> }> = {
  'frame-ok': {
    resolverKey: 'panel/get-info',
    answer: () => ({ ok: true, data: { issueKey: 'ITS-1', appVersion: '1.2.3', canRetry: false } }),
    // With no run to show, the panel asks whether this is a request for temporary access, then a "Secret change" request.
    more: {
      'panel/jit-grant': () => ({
        ok: true,
        data: { issueKey: 'ITS-1', serverNow: '2026-01-01T00:00:00.000Z', isJitRequest: false, can: { revoke: false, requestExtension: false, approveExtension: false, declineExtension: false } },
      }),
      'panel/secret-changes': () => ({ ok: true, data: { issueKey: 'ITS-1', isSecretChangeRequest: false, changes: [] } }),
    },
  },
  'frame-forbidden': {
    resolverKey: 'panel/get-info',
    answer: () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'You are not allowed to see Provisio on this request.' } }),
  },
  'frame-broken': {
    resolverKey: 'panel/get-info',
    answer: () => {
      throw new Error('resolver crashed');
    },
  },
  'frame-admin': {
    resolverKey: 'admin/get-info',
    answer: () => ({ ok: true, data: { appVersion: '1.2.3', viewerDisplayName: 'Ada Admin' } }),
    // The admin page also loads its configuration; an unconfigured app has none.
    more: {
      'admin/get-config': () => ({ ok: true, data: { oktaPrivateKeySaved: false, slackConfigured: false, requestTypes: [], onboardingInputs: [], suggestions: {} } }),
    },
  },
};

describeWithBrowser('Custom UI in Chromium', () => {
  let buildDir: string;
  let adminBuildDir: string;
  let fixtureDir: string;
  let browser: Browser;
  let server: TestServer;
  const invoked: { frameToken: string; functionKey: string }[] = [];

  const backend: BridgeBackend = {
    async getContext(frameToken) {
      if (!(frameToken in SCENARIOS)) throw new UnknownFrameError();
      return { moduleKey: 'provisio-issue-panel', extension: { type: 'jira:issuePanel', issue: { key: 'ITS-1' } }, locale: 'en-US' };
    },
    async invoke(frameToken, functionKey) {
      const scenario = SCENARIOS[frameToken];
      if (!scenario) throw new UnknownFrameError();
      invoked.push({ frameToken, functionKey });
      const extra = scenario.more?.[functionKey];
      if (extra) return extra();
      if (functionKey !== scenario.resolverKey) throw new Error(`no resolver ${functionKey}`);
      return scenario.answer();
    },
    async fetchProduct() {
      throw new Error('fetchProduct is not used by the panel yet');
    },
  };

  beforeAll(async () => {
    [buildDir, adminBuildDir] = await Promise.all([buildCustomUi('issue-panel'), buildCustomUi('admin')]);
    // A page that breaks Forge's CSP: its inline script and style must not run.
    fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'provisio-csp-'));
    writeFileSync(
      path.join(fixtureDir, 'index.html'),
      '<!doctype html><html><head><style>body{color:rgb(255,0,0)}</style><script>window.inlineRan=true</script></head><body>x</body></html>',
    );
    const app = new Hono();
    app.route('/', createBridgeRoutes(backend));
    app.route(
      '/',
      createResourceRoutes({
        projectRoot: '/',
        resources: [
          { key: 'issue-panel', path: buildDir },
          { key: 'admin', path: adminBuildDir },
          { key: 'csp-fixture', path: fixtureDir },
        ],
        bridgeUrl: '/__sandbox/bridge',
        isValidFrameToken: (token) => token in SCENARIOS,
      }),
    );
    server = await startTestServer(app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const dir of [buildDir, adminBuildDir, fixtureDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a resource for a frame and collects console errors (CSP violations show up there). */
  async function openFrame(resourceKey: string, frameToken: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // Chromium's own favicon probe is not the app's doing.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    const response = await page.goto(server.url + resourceEntryUrl(resourceKey, frameToken));
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  test('renders the issue key and app version read through the resolver', async () => {
    const { page, problems } = await openFrame('issue-panel', 'frame-ok');
    try {
      await expect(page.getByTestId('panel-issue-key').textContent()).resolves.toBe('ITS-1');
      await expect(page.getByTestId('panel-app-version').textContent()).resolves.toBe('1.2.3');
      await expect(page.getByRole('heading', { name: 'Provisio' }).count()).resolves.toBe(1);
      // The panel asked the host to enable theming, answered inside the frame by the shim.
      await expect(page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).resolves.toBe('light');
      expect(invoked).toContainEqual({ frameToken: 'frame-ok', functionKey: 'panel/get-info' });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('shows the message of an ok:false result', async () => {
    const { page, problems } = await openFrame('issue-panel', 'frame-forbidden');
    try {
      await expect(page.getByTestId('panel-error').textContent()).resolves.toBe('You are not allowed to see Provisio on this request.');
      await expect(page.getByTestId('panel-issue-key').count()).resolves.toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('shows a readable message when the bridge call itself fails', async () => {
    const { page } = await openFrame('issue-panel', 'frame-broken');
    try {
      await expect(page.getByTestId('panel-error').textContent()).resolves.toBe('Could not reach Provisio: invoke failed: resolver crashed');
    } finally {
      await page.close();
    }
  });

  test('admin page shows the app version and the signed-in admin', async () => {
    const { page, problems } = await openFrame('admin', 'frame-admin');
    try {
      await expect(page.getByTestId('admin-app-version').textContent()).resolves.toBe('1.2.3');
      await expect(page.getByTestId('admin-viewer').textContent()).resolves.toBe('Signed in as Ada Admin');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("enforces Forge's CSP: the shim runs, the app's inline script and style do not", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url + resourceEntryUrl('csp-fixture', 'frame-ok'));
      const state = await page.evaluate(() => ({
        bridge: typeof (window as unknown as { __bridge?: { callBridge?: unknown } }).__bridge?.callBridge,
        inlineRan: (window as unknown as { inlineRan?: boolean }).inlineRan ?? false,
        color: getComputedStyle(document.body).color,
      }));
      expect(state).toEqual({ bridge: 'function', inlineRan: false, color: 'rgb(0, 0, 0)' });
    } finally {
      await page.close();
    }
  });

  test('refuses the page for a frame token the host never issued', async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(server.url + resourceEntryUrl('issue-panel', 'forged'));
      expect(response?.status()).toBe(403);
    } finally {
      await page.close();
    }
  });
});
