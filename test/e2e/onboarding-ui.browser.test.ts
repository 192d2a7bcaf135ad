/**
 * The onboarding run as agents see it: the real issue-panel Custom UI build, rendered by the
 * sandbox's Jira issue view in Chromium, over a real run driven through the JSM API. Covers the
 * approval line, the step timeline, live status (the panel polls), a permanent Okta failure with
 * its reason, and Retry — offered to agents only, and refused by the resolver for a customer.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { realFetch } from '../../sandbox/platform';
import { resourceEntryUrl } from '../../sandbox/web/resource-server';
import { describeWithBrowser } from '../helpers/browser';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { browserSuite } from '../helpers/browser-session';

const STEPS_SCREENSHOT = '/tmp/panel-steps.png';
const FAILED_SCREENSHOT = '/tmp/panel-failed.png';
const QUEUED_SCREENSHOT = '/tmp/panel-queued.png';
const PANEL_MODULE = 'provisio-issue-panel';

interface CreatedRequest {
  issueId: string;
  issueKey: string;
}
interface OktaUser {
  id: string;
  profile: { login: string };
}

describeWithBrowser('onboarding in the Provisio issue panel (Chromium)', () => {
  jest.setTimeout(120_000);
  const suite = browserSuite(['issue-panel'], () => SandboxClient.start());
  let client: SandboxClient;
  beforeAll(() => {
    client = suite.sandbox();
  });

  const fieldId = (name: string) => {
    const id = client.sandbox.seed.customFieldIds[name];
    if (!id) throw new Error(`no field ${name}`);
    return id;
  };
  const values = (first: string, last: string, email: string, groups: string[]) => ({
    summary: `Onboard ${first} ${last}`,
    [fieldId('First name')]: first,
    [fieldId('Last name')]: last,
    [fieldId('Work email')]: email,
    [fieldId('Department')]: { value: 'Engineering' },
    [fieldId('Manager')]: client.user('alanAgent').accountId,
    [fieldId('Okta groups')]: groups,
    [fieldId('Start date')]: '2026-12-01',
  });

  /** Raised by Rita through JSM, approved by Ann, and everything that follows run to quiet. */
  async function raiseAndApprove(requestValues: Record<string, unknown>): Promise<CreatedRequest> {
    const seed = client.sandbox.seed;
    const created = await client.as(client.user('ritaRequester')).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Onboard a new employee'],
      requestFieldValues: requestValues,
    });
    expect({ status: created.status, body: created.status === 201 ? undefined : created.body }).toEqual({ status: 201, body: undefined });
    const approver = client.as(client.user('annApprover'));
    const approvals = await approver.get<{ values: { id: string }[] }>(`/rest/servicedeskapi/request/${created.body.issueKey}/approval`);
    const decided = await approver.post(`/rest/servicedeskapi/request/${created.body.issueKey}/approval/${approvals.body.values[0]?.id}`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    await client.settle();
    return created.body;
  }

  /** A fresh browser session signed in as `who` through the sandbox's sign-in page. */
  async function signedIn(who: SandboxUser) {
    return suite.signIn(who);
  }

  /** Opens the issue as `who` and returns the Provisio panel frame once it shows a run. */
  async function openPanel(who: SandboxUser, key: string): Promise<{ page: Page; panel: FrameLocator; problems: string[] }> {
    const { page, problems } = await signedIn(who);
    await page.goto(`${client.url}/browse/${key}`);
    const panel = page.frameLocator('iframe[title="Provisio"]');
    await waitFor(page, problems, panel.getByTestId('run-status'));
    return { page, panel, problems };
  }

  /** Waits for panel content; on failure says what the frames showed and what went wrong. */
  async function waitFor(page: Page, problems: string[], content: Locator, timeout = 20_000): Promise<void> {
    try {
      await content.waitFor({ timeout });
    } catch (error) {
      const frames = await Promise.all(page.frames().slice(1).map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`the panel did not show what was expected (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${problems.join(' | ')}`, { cause: error });
    }
  }

  const steps = async (panel: FrameLocator) =>
    panel.getByTestId('run-step').evaluateAll((items) => items.map((li) => ({ id: li.getAttribute('data-step-id'), status: li.getAttribute('data-status') })));

  const stepDetail = (panel: FrameLocator, stepId: string) => panel.locator(`[data-testid="run-step"][data-step-id="${stepId}"]`).textContent();

  /** Grows the panel's frame to its content (as Forge's auto-resize would) and screenshots the panel. */
  async function screenshotPanel(page: Page, file: string): Promise<void> {
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/issue-panel/'));
    if (!frame) throw new Error('no issue panel frame');
    const height = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => iframe.setAttribute('height', String(h + 4)), height);
    await page.locator('iframe[title="Provisio"]').evaluate((iframe) => iframe.classList.remove('issue-panel-frame'));
    await page.getByTestId('app-panel').screenshot({ path: file });
  }

  test('an approved request: the agent sees who approved it, every step done, and the run succeeded', async () => {
    const request = await raiseAndApprove(values('Jane', 'Panel', 'jane.panel@provisio-demo.example', ['Engineering', 'Contractors']));
    const { panel, problems } = await openPanel(client.user('alanAgent'), request.issueKey);

    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('succeeded');
    await expect(panel.getByTestId('run-status').textContent()).resolves.toBe('Succeeded');
    await expect(panel.getByTestId('approved-by').textContent()).resolves.toMatch(/^Approved by Ann Approver on .+/);

    const shown = await steps(panel);
    expect(shown.map((s) => s.id)).toEqual([
      'validate',
      'create-user',
      'add-group:Engineering',
      'add-group:Contractors',
      'follow-up',
      'comment-agents',
      'comment-requester',
      'resolve',
    ]);
    // Everything Provisio did is done; the unconfigured follow-up is shown as skipped.
    expect(shown.filter((s) => s.id !== 'follow-up').every((s) => s.status === 'done')).toBe(true);
    expect(shown.find((s) => s.id === 'follow-up')?.status).toBe('skipped');

    const user = await client.okta<OktaUser>('/api/v1/users/jane.panel%40provisio-demo.example');
    expect(user.status).toBe(200);
    await expect(stepDetail(panel, 'create-user')).resolves.toContain(`Created Okta user ${user.body.id}`);
    await expect(stepDetail(panel, 'create-user')).resolves.toContain('Done');
    await expect(stepDetail(panel, 'add-group:Contractors')).resolves.toContain('Added to Contractors');
    await expect(stepDetail(panel, 'resolve')).resolves.toContain('Moved to Done');
    await expect(panel.getByTestId('run-updated').textContent()).resolves.toMatch(/^Last updated .+· 1 attempt$/);

    await expect(panel.getByTestId('run-failure').count()).resolves.toBe(0);
    await expect(panel.getByTestId('retry-button').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  test('a permanent Okta failure shows the failed step and reason; only the agent can retry, and the retried run succeeds', async () => {
    // Okta refuses the user once, permanently (a 400, not worth retrying by itself).
    await client.control('POST', '/__sandbox/faults', {
      standIns: [
        {
          target: 'okta',
          count: 1,
          status: 400,
          method: 'POST',
          pathPrefix: '/api/v1/users',
          body: JSON.stringify({
            errorCode: 'E0000001',
            errorSummary: 'Api validation failed: login',
            errorCauses: [{ errorSummary: 'login: An object with this field already exists' }],
          }),
        },
      ],
    });
    const request = await raiseAndApprove(values('Retry', 'Able', 'retry.able@provisio-demo.example', ['Sales']));
    expect((await client.okta(`/api/v1/users/${encodeURIComponent('retry.able@provisio-demo.example')}`)).status).toBe(404);

    const { page, panel, problems } = await openPanel(client.user('alanAgent'), request.issueKey);
    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('failed');
    const shown = await steps(panel);
    expect(shown.slice(0, 2)).toEqual([
      { id: 'validate', status: 'done' },
      { id: 'create-user', status: 'failed' },
    ]);
    expect(shown.slice(2).every((s) => s.status === 'pending')).toBe(true);
    const failure = panel.getByTestId('run-failure');
    await expect(failure.getAttribute('role')).resolves.toBe('alert');
    await expect(failure.textContent()).resolves.toContain('Stopped at “Create Okta user retry.able@provisio-demo.example”');
    await expect(panel.getByTestId('run-failure-reason').textContent()).resolves.toMatch(/already exists/);
    await expect(panel.getByTestId('retry-button').isEnabled()).resolves.toBe(true);
    await screenshotPanel(page, FAILED_SCREENSHOT);

    // The requester, were the panel put in front of her, gets no Retry, and the resolver refuses her through the bridge.
    const rita = client.user('ritaRequester');
    const { page: customerPage } = await signedIn(rita);
    const token = client.sandbox.frames.open({
      moduleKey: PANEL_MODULE,
      accountId: rita.accountId,
      extension: { issue: { id: request.issueId, key: request.issueKey, type: 'Service Request', typeId: '' }, project: { id: '', key: 'ITS', type: 'service_desk' } },
    });
    await customerPage.goto(`${client.url}${resourceEntryUrl('issue-panel', token)}`);
    await customerPage.getByTestId('run-status').waitFor();
    await expect(customerPage.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('failed');
    await expect(customerPage.getByTestId('retry-button').count()).resolves.toBe(0);
    const refused = await customerPage.evaluate(async () => {
      const bridge = (window as unknown as { __bridge: { callBridge: (method: string, payload: unknown) => Promise<unknown> } }).__bridge;
      return bridge.callBridge('invoke', { functionKey: 'panel/retry', payload: {} });
    });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/agents/i) } });
    // …and straight at the bridge route with her frame, too.
    const direct = await realFetch()(`${client.url}/__sandbox/bridge/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frameToken: token, payload: { functionKey: 'panel/retry', payload: {} } }),
    });
    expect(((await direct.json()) as { result: { ok: boolean; error?: { code: string } } }).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await client.settle();
    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('failed');

    // The agent retries. The resumed run's delivery is held back (virtual time) so the panel is
    // seen following a queued run live, polling, then stopping once the run has succeeded.
    await client.control('POST', '/__sandbox/faults', { queueDeliveries: [{ kind: 'delay', count: 1, match: 'provisioning-runs', delaySeconds: 600 }] });
    const polls: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/__sandbox/bridge/invoke') && r.postData()?.includes('"panel/get-info"')) polls.push(Date.now());
    });
    await panel.getByTestId('retry-button').click();
    await waitFor(page, problems, panel.locator('[data-testid="run-status"][data-status="queued"]'));
    await expect(panel.getByTestId('run-updated').textContent()).resolves.toContain('updating live');
    await expect(panel.getByTestId('run-failure').count()).resolves.toBe(0);
    await expect(panel.locator('[data-testid="run-step"][data-step-id="create-user"]').getAttribute('data-status')).resolves.toBe('pending');
    const queuedPolls = polls.length;
    await page.waitForTimeout(4_500);
    expect(polls.length - queuedPolls).toBeGreaterThanOrEqual(2);
    await expect(panel.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('queued');
    await screenshotPanel(page, QUEUED_SCREENSHOT);

    await client.advance(600);
    await client.settle();
    await waitFor(page, problems, panel.locator('[data-testid="run-status"][data-status="succeeded"]'), 15_000);
    const finishedPolls = polls.length;
    await page.waitForTimeout(4_500);
    expect(polls.length).toBe(finishedPolls);
    await expect(panel.getByTestId('run-updated').textContent()).resolves.not.toContain('updating live');
    await expect(panel.getByTestId('run-failure').count()).resolves.toBe(0);
    await expect(panel.getByTestId('retry-button').count()).resolves.toBe(0);

    const user = await client.okta<OktaUser>(`/api/v1/users/${encodeURIComponent('retry.able@provisio-demo.example')}`);
    expect(user.status).toBe(200);
    await expect(stepDetail(panel, 'create-user')).resolves.toContain(`Created Okta user ${user.body.id}`);
    const after = await steps(panel);
    expect(after.filter((s) => s.id !== 'follow-up').every((s) => s.status === 'done')).toBe(true);
    await expect(panel.getByTestId('run-updated').textContent()).resolves.toContain('2 attempts');
    await expect(panel.getByTestId('approved-by').textContent()).resolves.toContain('Ann Approver');

    await screenshotPanel(page, STEPS_SCREENSHOT);
    expect(problems).toEqual([]);
  });
});
