/**
 * Just-in-time access in Chromium: the real issue-panel and admin Custom UI builds in the
 * sandbox, over the real resolvers. Requests are raised and approved in JSM (test/helpers/
 * jit-driver.ts); people use the panel as themselves, in the agent view or (for customers and
 * approvers, who only see the portal) in the panel's frame opened for them; the virtual clock is
 * moved past expiries. Covers the live countdown, expiry, extensions with separation of duties,
 * Revoke with its confirmation, what a customer may not do (the resolvers refuse it through the
 * bridge too), and the admin tab's targets, field errors, write-only API key and drift report.
 */
import { performance } from 'node:perf_hooks';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { JitAdminConfigView, JitDriftView, JitPanelView } from '../../src/shared/jit-contract';
import { IDENTITY_CENTER_ACTIONS } from '../../src/adapters/identity-center/identity-center-directory';
import { resourceEntryUrl } from '../../sandbox/web/resource-server';
import type { DemoUserKey } from '../../sandbox/jira';
import { describeWithBrowser } from '../helpers/browser';
import { JitDriver, type Answer, type CreatedRequest } from '../helpers/jit-driver';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { browserSuite } from '../helpers/browser-session';

const ACTIVE_SCREENSHOT = '/tmp/jit-panel-active.png';
const PENDING_SCREENSHOT = '/tmp/jit-panel-extension-pending.png';
const ENDED_SCREENSHOT = '/tmp/jit-panel-revoked.png';
const ADMIN_SCREENSHOT = '/tmp/jit-admin.png';
const ADMIN_ERROR_SCREENSHOT = '/tmp/jit-admin-invalid.png';
const PANEL_MODULE = 'provisio-issue-panel';
const ADMIN_PATH = '/jira/settings/apps/provisio';
const MINUTE = 60;

/** Where a panel is: a frame in the agent view, or the frame's own page. */
type Root = FrameLocator | Page;

interface Session {
  page: Page;
  problems: string[];
  /** Resolver keys the page's frames called, in order. */
  invoked: string[];
}

interface PanelSession extends Session {
  panel: Root;
  /** The panel's frame, to call the bridge from it as the viewer. */
  frame: () => Frame;
}

describeWithBrowser('just-in-time access in the issue panel and the admin page (Chromium)', () => {
  jest.setTimeout(150_000);
  const suite = browserSuite(['issue-panel', 'admin'], () => SandboxClient.start());
  let client: SandboxClient;
  let jit: JitDriver;

  beforeAll(() => {
    client = suite.sandbox();
    jit = new JitDriver(client);
  });

  afterEach(async () => {
    await suite.closeSessions();
    // Leave no grant behind: every test starts from the permanent members only.
    await client.advance(9 * 60 * MINUTE);
  });

  async function newSession(who: SandboxUser, viewport = { width: 1366, height: 900 }): Promise<Session> {
    return suite.signIn(who, { viewport });
  }

  /** An agent's view of the request: Jira's issue view with the panel in its frame. */
  async function agentPanel(who: DemoUserKey, request: CreatedRequest, ready = 'jit-status'): Promise<PanelSession> {
    const session = await newSession(client.user(who));
    await session.page.goto(`${client.url}/browse/${request.issueKey}`);
    const panel = session.page.frameLocator('iframe[title="Provisio"]');
    await waitFor(session, panel.getByTestId(ready));
    return { ...session, panel, frame: () => panelFrame(session.page) };
  }

  /**
   * The panel opened for `who` directly (customers and approvers get the portal view, which has
   * no app panel; the frame is what the host would put in front of them), at a panel's width.
   */
  async function framePanel(who: DemoUserKey, request: CreatedRequest, ready = 'jit-status'): Promise<PanelSession> {
    const user = client.user(who);
    const session = await newSession(user, { width: 440, height: 1100 });
    const token = client.sandbox.frames.open({
      moduleKey: PANEL_MODULE,
      accountId: user.accountId,
      extension: { issue: { id: request.issueId, key: request.issueKey, type: 'Service Request', typeId: '' }, project: { id: '', key: 'ITS', type: 'service_desk' } },
    });
    await session.page.goto(`${client.url}${resourceEntryUrl('issue-panel', token)}`);
    await waitFor(session, session.page.getByTestId(ready));
    return { ...session, panel: session.page, frame: () => session.page.mainFrame() };
  }

  function panelFrame(page: Page): Frame {
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/issue-panel/'));
    if (!frame) throw new Error('no issue panel frame');
    return frame;
  }

  async function waitFor(session: Session, content: Locator, timeout = 20_000): Promise<void> {
    try {
      await content.waitFor({ timeout });
    } catch (error) {
      const frames = await Promise.all(session.page.frames().map(async (f) => `${f.url()}: ${await f.evaluate(() => document.body.innerText).catch(() => '?')}`));
      throw new Error(`the page did not show what was expected (${(error as Error).message.split('\n')[0]})\nframes: ${frames.join(' | ')}\nproblems: ${session.problems.join(' | ')}`, { cause: error });
    }
  }

  /** Calls a resolver through the bridge from the panel's frame, as the signed-in viewer (what a crafted click would do). */
  function bridgeInvoke<T = JitPanelView>(session: PanelSession, functionKey: string, payload: Record<string, unknown> = {}): Promise<Answer<T>> {
    return session.frame().evaluate(
      ([key, body]) =>
        (window as unknown as { __bridge: { callBridge: (method: string, payload: unknown) => Promise<unknown> } }).__bridge.callBridge('invoke', { functionKey: key, payload: body }),
      [functionKey, payload] as const,
    ) as Promise<Answer<T>>;
  }

  /** Grows the agent view's panel frame to its content (as Forge's auto-resize would) and screenshots the panel. */
  async function screenshotAgentPanel(page: Page, file: string): Promise<void> {
    const height = await panelFrame(page).evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => {
      iframe.classList.remove('issue-panel-frame');
      iframe.setAttribute('height', String(h + 4));
    }, height);
    await page.getByTestId('app-panel').screenshot({ path: file });
  }

  const remaining = async (panel: Root) => Number(await panel.getByTestId('jit-countdown').getAttribute('data-remaining-seconds'));
  const expiresAt = async (panel: Root) => Date.parse((await panel.getByTestId('jit-expires-at').getAttribute('data-expires-at')) ?? '');
  const grantCalls = (session: Session) => session.invoked.filter((k) => k === 'panel/jit-grant').length;

  test('an approved request shows the access active with a live countdown; past its expiry the open panel shows it expired and stops asking', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 60, justification: 'Rotate the SCIM token' }, 'annApprover');
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);

    const agent = await agentPanel('alanAgent', request);
    const { panel } = agent;
    await expect(panel.getByTestId('jit-status').getAttribute('data-status')).resolves.toBe('active');
    await expect(panel.getByTestId('jit-status').textContent()).resolves.toBe('Active');
    await expect(panel.getByTestId('jit-target').textContent()).resolves.toContain('Okta IT-Admins');
    await expect(panel.getByTestId('jit-target').textContent()).resolves.toContain(`Okta group IT-Admins (${jit.seed.okta.groupId})`);
    await expect(panel.getByTestId('jit-requester').textContent()).resolves.toContain('Rita Requester');
    await expect(panel.getByTestId('jit-principal').textContent()).resolves.toBe('rita@provisio-demo.example');
    await expect(panel.getByTestId('jit-justification').textContent()).resolves.toBe('Rotate the SCIM token');
    await expect(panel.locator('[data-testid="jit-granted-at"] time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(panel.getByTestId('jit-approved-by').textContent()).resolves.toMatch(/^approved by Ann Approver on .+/);
    const minutes = panel.getByTestId('jit-minutes');
    await expect(minutes.getAttribute('data-approved')).resolves.toBe('60');
    await expect(minutes.getAttribute('data-max-total')).resolves.toBe('480');
    await expect(minutes.getAttribute('data-extension-left')).resolves.toBe('420');
    await expect(minutes.textContent()).resolves.toContain('1 h approved of at most 8 h in all');
    const evidence = await panel.getByTestId('jit-evidence-item').allTextContents();
    expect(evidence.join('\n')).toContain('rita@provisio-demo.example is a member');

    // The countdown runs from expiresAt − serverNow and ticks down by itself.
    const first = await remaining(panel);
    expect(first).toBeGreaterThan(58 * 60);
    expect(first).toBeLessThanOrEqual(60 * 60);
    await expect(panel.getByTestId('jit-countdown').textContent()).resolves.toMatch(/^\d\d:\d\d left$|^1:00:00 left$/);
    await agent.page.waitForTimeout(2_200);
    const second = await remaining(panel);
    expect(second).toBeLessThan(first);
    expect(first - second).toBeLessThanOrEqual(4);
    await expect(panel.getByTestId('jit-countdown').getAttribute('role')).resolves.toBe('timer');

    // An agent may ask for more time, but neither revoke (not an approver) nor approve anything.
    await expect(panel.getByTestId('jit-request-extension').count()).resolves.toBe(1);
    await expect(panel.getByTestId('jit-revoke').count()).resolves.toBe(0);
    await expect(panel.getByTestId('jit-approve-extension').count()).resolves.toBe(0);
    await expect(panel.getByTestId('jit-updated').textContent()).resolves.toBe('Updating live');
    await screenshotAgentPanel(agent.page, ACTIVE_SCREENSHOT);
    // A request for temporary access is no "Secret change" request: the panel does not ask.
    expect([...new Set(agent.invoked)]).toEqual(['panel/get-info', 'panel/jit-grant']);

    await client.advance(61 * MINUTE);
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    // The open panel sees it on its next poll (every 10 s).
    await waitFor(agent, panel.locator('[data-testid="jit-status"][data-status="expired"]'), 15_000);
    await expect(panel.getByTestId('jit-countdown').count()).resolves.toBe(0);
    await expect(panel.getByTestId('jit-ended-at').textContent()).resolves.toContain('Expired');
    await expect(panel.getByTestId('jit-actions').count()).resolves.toBe(0);
    await expect(panel.getByTestId('jit-updated').textContent()).resolves.toBe('Ended: no longer updating');
    const calls = grantCalls(agent);
    await agent.page.waitForTimeout(11_000);
    expect(grantCalls(agent)).toBe(calls);
    expect(agent.problems).toEqual([]);
  });

  test('at zero the countdown says "expiring…" and asks again at once', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 1 });
    await client.advance(52);
    const agent = await agentPanel('alanAgent', request);
    const shown = performance.now();
    const frame = agent.frame();
    // Remember every text the countdown shows, however briefly.
    await frame.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { countdownTexts: string[] }).countdownTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="jit-countdown"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const left = await remaining(agent.panel);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(8);
    const isGrantCall = (r: { url(): string; postData(): string | null }) => r.url().endsWith('/__sandbox/bridge/invoke') && (r.postData() ?? '').includes('"panel/jit-grant"');
    await agent.page.waitForRequest(isGrantCall, { timeout: 15_000 });
    // Asked again when the countdown ran out, not by the 10-second poll.
    const askedAfter = (performance.now() - shown) / 1000;
    expect(askedAfter).toBeGreaterThan(left - 2);
    expect(askedAfter).toBeLessThan(9);
    await waitFor(agent, agent.panel.locator('[data-testid="jit-status"][data-status="expired"]'), 15_000);
    const texts = await frame.evaluate(() => (window as unknown as { countdownTexts: string[] }).countdownTexts);
    expect(texts).toContain('expiring…');
    expect(agent.problems).toEqual([]);
  });

  test('an extension asked for in the panel: checked against the policy, refused for the approver of the grant, approved by another approver, and the expiry moves later', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 30 }, 'annApprover');

    // The requester asks. Beyond what the policy still allows (480 − 30) the form refuses without asking.
    const rita = await framePanel('ritaRequester', request);
    await expect(rita.panel.getByTestId('jit-approve-extension').count()).resolves.toBe(0);
    await rita.panel.getByTestId('jit-request-extension').click();
    await rita.panel.getByTestId('jit-extension-minutes').fill('451');
    await rita.panel.getByTestId('jit-extension-submit').click();
    await expect(rita.panel.getByTestId('error-minutes').textContent()).resolves.toContain('At most 450 more minutes');
    await expect(rita.panel.getByTestId('jit-extension-minutes').getAttribute('aria-invalid')).resolves.toBe('true');
    await rita.panel.getByTestId('jit-extension-minutes').fill('0');
    await rita.panel.getByTestId('jit-extension-submit').click();
    await expect(rita.panel.getByTestId('error-minutes').textContent()).resolves.toBe('Whole minutes, at least 1.');
    expect(rita.invoked).not.toContain('panel/jit-request-extension');
    await rita.panel.getByTestId('jit-extension-minutes').fill('45');
    await rita.panel.getByTestId('jit-extension-reason').fill('Migration overran');
    await rita.panel.getByTestId('jit-extension-submit').click();
    await waitFor(rita, rita.panel.locator('[data-testid="jit-action-done"][data-action="requestExtension"]'));
    await expect(rita.panel.locator('[data-testid="jit-extension"][data-status="pending"]').textContent()).resolves.toContain('Migration overran');
    await expect(rita.panel.getByTestId('jit-extension-form').count()).resolves.toBe(0);
    // She cannot approve her own extension, and asks no second one while this one waits.
    await expect(rita.panel.getByTestId('jit-approve-extension').count()).resolves.toBe(0);
    await expect(rita.panel.getByTestId('jit-request-extension').count()).resolves.toBe(0);

    // Ann approved the grant: the panel offers her no Approve, and the resolver refuses her anyway, with its reason.
    const ann = await framePanel('annApprover', request, 'jit-pending-extension');
    await expect(ann.panel.getByTestId('jit-approve-extension').count()).resolves.toBe(0);
    await expect(ann.panel.getByTestId('jit-decline-extension').count()).resolves.toBe(1);
    await expect(ann.panel.getByTestId('jit-extension-waiting').textContent()).resolves.toContain('other than Ann Approver (who approved the grant)');
    const refused = await bridgeInvoke(ann, 'panel/jit-approve-extension');
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Ann Approver approved the original grant; an extension needs a different approver.' } });
    expect((await jit.comments(request.issueKey)).join('\n')).toContain("Provisio refused Ann Approver's approval of the 45-minute extension");

    // Bob may: Approve moves the expiry 45 minutes later, in place.
    const bob = await framePanel('bobApprover', request, 'jit-approve-extension');
    const before = await expiresAt(bob.panel);
    const leftBefore = await remaining(bob.panel);
    await expect(bob.panel.getByTestId('jit-pending-extension').textContent()).resolves.toContain('Rita Requester asks for 45 min more: “Migration overran”');
    await bob.page.screenshot({ path: PENDING_SCREENSHOT, fullPage: true });
    await bob.panel.getByTestId('jit-approve-extension').click();
    await waitFor(bob, bob.panel.locator('[data-testid="jit-status"][data-status="extended"]'));
    expect((await expiresAt(bob.panel)) - before).toBe(45 * 60_000);
    expect((await remaining(bob.panel)) - leftBefore).toBeGreaterThan(45 * 60 - 10);
    await expect(bob.panel.getByTestId('jit-action-done').textContent()).resolves.toContain('Extension approved');
    const extension = bob.panel.getByTestId('jit-extension');
    await expect(extension.getAttribute('data-status')).resolves.toBe('approved');
    await expect(extension.getByTestId('jit-extension-decided-by').textContent()).resolves.toMatch(/approved by Bob Approver on .+/);
    await expect(bob.panel.getByTestId('jit-minutes').getAttribute('data-approved')).resolves.toBe('75');
    await expect(bob.panel.getByTestId('jit-minutes').getAttribute('data-extension-left')).resolves.toBe('405');
    expect(await jit.grantView(request)).toMatchObject({ status: 'extended' });

    // Rita's open panel follows on its next poll.
    await waitFor(rita, rita.panel.locator('[data-testid="jit-status"][data-status="extended"]'), 15_000);
    for (const session of [rita, ann, bob]) expect(session.problems).toEqual([]);
  });

  test('Revoke asks first, then ends the access at once; a Revoke on a stale panel shows why it was refused', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 120 }, 'annApprover');
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);

    const bob = await framePanel('bobApprover', request, 'jit-revoke');
    await bob.panel.getByTestId('jit-revoke').click();
    await expect(bob.panel.getByTestId('jit-revoke-confirmation').textContent()).resolves.toContain("End Rita Requester's access to Okta IT-Admins now?");
    // Confirming has the focus; Cancel changes nothing.
    await expect(bob.panel.getByTestId('jit-revoke-confirm').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await bob.panel.getByTestId('jit-revoke-cancel').click();
    expect(bob.invoked).not.toContain('panel/jit-revoke');
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);

    await bob.panel.getByTestId('jit-revoke').click();
    await bob.panel.getByTestId('jit-revoke-confirm').click();
    await waitFor(bob, bob.panel.locator('[data-testid="jit-status"][data-status="revoked"]'));
    await client.settle();
    expect(jit.inOktaGroup('ritaRequester')).toBe(false);
    await expect(bob.panel.getByTestId('jit-ended-at').textContent()).resolves.toContain('Revoked by Bob Approver');
    await expect(bob.panel.getByTestId('jit-revoke').count()).resolves.toBe(0);
    await expect(bob.panel.getByTestId('jit-countdown').count()).resolves.toBe(0);
    await bob.page.screenshot({ path: ENDED_SCREENSHOT, fullPage: true });
    expect(await jit.grantView(request)).toMatchObject({ status: 'revoked', endReason: 'revoked', endedBy: { displayName: 'Bob Approver' } });

    // Ann's panel was opened before another approver revoked: her Revoke is refused with the resolver's reason, and the panel catches up.
    const second = await jit.grant({ target: 'Okta IT-Admins', minutes: 120 }, 'bobApprover');
    const ann = await framePanel('annApprover', second, 'jit-revoke');
    const byAda = await jit.panel(second, 'panel/jit-revoke', 'adaAdmin');
    expect(byAda.ok).toBe(true);
    await ann.panel.getByTestId('jit-revoke').click();
    await ann.panel.getByTestId('jit-revoke-confirm').click();
    await waitFor(ann, ann.panel.getByTestId('jit-action-error'));
    await expect(ann.panel.getByTestId('jit-action-error').textContent()).resolves.toMatch(/^This access is already (revoked|ending)\.$/);
    await expect(ann.panel.getByTestId('jit-action-error').getAttribute('role')).resolves.toBe('alert');
    await waitFor(ann, ann.panel.locator('[data-testid="jit-status"][data-status="revoked"]'));
    await expect(ann.panel.getByTestId('jit-ended-at').textContent()).resolves.toContain('Revoked by Ada Admin');
    for (const session of [bob, ann]) expect(session.problems).toEqual([]);
  });

  test('a customer sees the access but no Revoke or Approve, and the resolvers refuse those calls from the bridge anyway', async () => {
    const request = await jit.grant({ target: 'Okta IT-Admins', minutes: 60 });
    const rita = client.as(client.user('ritaRequester'));
    const carl = client.user('carlCustomer');
    expect((await rita.post(`/rest/servicedeskapi/request/${request.issueKey}/participant`, { accountIds: [carl.accountId] })).status).toBe(200);
    expect((await jit.panel(request, 'panel/jit-request-extension', 'ritaRequester', { minutes: 30, reason: 'More to do' })).ok).toBe(true);

    const customer = await framePanel('carlCustomer', request, 'jit-pending-extension');
    await expect(customer.panel.getByTestId('jit-status').getAttribute('data-status')).resolves.toBe('active');
    await expect(customer.panel.getByTestId('jit-countdown').count()).resolves.toBe(1);
    for (const action of ['jit-revoke', 'jit-approve-extension', 'jit-decline-extension', 'jit-request-extension']) {
      await expect(customer.panel.getByTestId(action).count()).resolves.toBe(0);
    }
    for (const key of ['panel/jit-revoke', 'panel/jit-approve-extension', 'panel/jit-decline-extension']) {
      const answer = await bridgeInvoke(customer, key);
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    expect(await bridgeInvoke(customer, 'panel/jit-request-extension', { minutes: 30 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Nothing changed.
    const grant = await jit.grantView(request);
    expect(grant.status).toBe('active');
    expect(grant.extensions).toEqual([expect.objectContaining({ status: 'pending', minutes: 30 })]);
    expect(jit.inOktaGroup('ritaRequester')).toBe(true);

    // The requester (a customer too) never approves her own extension either.
    const requester = await framePanel('ritaRequester', request, 'jit-pending-extension');
    await expect(requester.panel.getByTestId('jit-approve-extension').count()).resolves.toBe(0);
    await expect(requester.panel.getByTestId('jit-decline-extension').count()).resolves.toBe(0);
    expect(await bridgeInvoke(requester, 'panel/jit-approve-extension')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const session of [customer, requester]) expect(session.problems).toEqual([]);
  });

  test('before approval the panel says the access is not granted yet, asks nothing more, and Refresh shows the grant once approved', async () => {
    const request = await jit.raise({ target: 'Okta IT-Admins', minutes: 30 });
    await client.settle();
    const agent = await agentPanel('alanAgent', request, 'jit-waiting');
    await expect(agent.panel.getByTestId('jit-waiting').textContent()).resolves.toContain('Not granted yet');
    await agent.page.waitForTimeout(1_000);
    // A request for temporary access is no secret change request; and nothing is polled while it waits.
    expect(agent.invoked).toEqual(['panel/get-info', 'panel/jit-grant']);
    await jit.approve(request.issueKey, 'annApprover');
    await client.settle();
    await agent.panel.getByTestId('jit-refresh').click();
    await waitFor(agent, agent.panel.locator('[data-testid="jit-status"][data-status="active"]'));
    await expect(agent.panel.getByTestId('jit-countdown').getAttribute('data-state')).resolves.toBe('running');
    expect(agent.problems).toEqual([]);
  });

  // ---- the admin page ----

  const adminCall = <T>(functionKey: string, payload: unknown = {}) => client.adminData<T>(functionKey, payload);

  async function openJitTab(session: Session): Promise<FrameLocator> {
    await session.page.goto(`${client.url}${ADMIN_PATH}`);
    const settings = session.page.frameLocator('iframe[title="Provisio"]');
    await waitFor(session, settings.getByTestId('tab-jit'));
    await settings.getByRole('tab', { name: 'Just-in-time access' }).click();
    await expect(settings.getByTestId('tab-jit').getAttribute('aria-selected')).resolves.toBe('true');
    await waitFor(session, settings.getByTestId('jit-target-0-name'));
    return settings;
  }

  async function screenshotAdmin(page: Page, file: string): Promise<void> {
    const frame = page.frames().find((f) => f.url().includes('/__forge/resources/admin/'));
    if (!frame) throw new Error('no admin frame');
    const height = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.locator('iframe[title="Provisio"]').evaluate((iframe, h) => {
      iframe.classList.remove('admin-page-frame');
      iframe.setAttribute('height', String(h + 4));
    }, height);
    await page.screenshot({ path: file, fullPage: true });
  }

  test('the admin tab shows the three demo targets with their policies, the mapping, the IAM actions and the drift report; the API key is never filled in', async () => {
    // Drift for the report: someone holds the AWS permission set without a grant.
    const aws = jit.seed.aws;
    const carlId = aws.userIds.carlCustomer as string;
    client.sandbox.aws.identityCenter.assignNow({ instanceArn: aws.instanceArn, accountId: aws.accountId, permissionSetArn: aws.permissionSetArn, principalType: 'USER', principalId: carlId });
    await client.advance(61 * MINUTE);
    const drift = await adminCall<JitDriftView>('admin/jit-drift');
    expect(drift.targets.find((t) => t.targetId === jit.seed.targets.aws)?.findings).toEqual([expect.objectContaining({ principalId: carlId, action: 'reported' })]);

    const session = await newSession(client.user('adaAdmin'));
    const answers: string[] = [];
    session.page.on('response', (response) => {
      if (response.url().includes('/__sandbox/bridge/')) void response.text().then((text) => answers.push(text), () => undefined);
    });
    const settings = await openJitTab(session);
    const seed = jit.seed;
    const jira = client.sandbox.seed;

    expect((await settings.getByRole('tablist').getByRole('tab').allTextContents())).toEqual(['Okta & onboarding', 'AWS & account vending', 'Secret change audit', 'Just-in-time access', 'Export to S3']);
    await expect(settings.getByTestId('jit-target').count()).resolves.toBe(3);
    const names = await Promise.all([0, 1, 2].map((i) => settings.getByTestId(`jit-target-${i}-name`).inputValue()));
    expect(names).toEqual(['Okta IT-Admins', 'AWS Payments Prod admin', 'Atlassian site-admins']);
    const kinds = await Promise.all([0, 1, 2].map((i) => settings.getByTestId(`jit-target-${i}-kind`).inputValue()));
    expect(kinds).toEqual(['okta-group', 'aws-permission-set', 'atlassian-group']);
    // Saved ids are fixed.
    await expect(settings.getByTestId('jit-target-0-id').inputValue()).resolves.toBe(seed.targets.okta);
    await expect(settings.getByTestId('jit-target-0-id').getAttribute('readonly')).resolves.not.toBeNull();

    // Each kind's own fields.
    await expect(settings.getByTestId('jit-target-0-groupId').inputValue()).resolves.toBe(seed.okta.groupId);
    await expect(settings.getByTestId('jit-target-0-groupName').inputValue()).resolves.toBe('IT-Admins');
    await expect(settings.getByTestId('jit-target-0-clearSessions').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('jit-target-1-accountId').inputValue()).resolves.toBe(seed.aws.accountId);
    await expect(settings.getByTestId('jit-target-1-permissionSetArn').inputValue()).resolves.toBe(seed.aws.permissionSetArn);
    await expect(settings.getByTestId('jit-target-1-instanceArn').inputValue()).resolves.toBe(seed.aws.instanceArn);
    await expect(settings.getByTestId('jit-target-1-identityStoreId').inputValue()).resolves.toBe(seed.aws.identityStoreId);
    await expect(settings.getByTestId('jit-target-1-clearSessions').count()).resolves.toBe(0);
    await expect(settings.getByTestId('jit-target-2-orgId').inputValue()).resolves.toBe(seed.atlassian.orgId);
    await expect(settings.getByTestId('jit-target-2-groupId').inputValue()).resolves.toBe(seed.atlassian.groupId);

    // Policies.
    await expect(settings.getByTestId('jit-target-0-maxDurationMinutes').inputValue()).resolves.toBe('240');
    await expect(settings.getByTestId('jit-target-0-maxTotalMinutes').inputValue()).resolves.toBe('480');
    await expect(settings.getByTestId('jit-target-0-approvalRequired').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('jit-target-0-approvers').inputValue()).resolves.toBe(
      [jira.users.annApprover.accountId, jira.users.bobApprover.accountId, jira.users.adaAdmin.accountId].join('\n'),
    );
    await expect(settings.getByTestId('jit-target-0-permanentMembers').inputValue()).resolves.toBe(seed.okta.permanentLogin);
    // Approvers are named under their ids, and more are found by name (Enter searches; it does not save).
    await expect(settings.getByTestId('jit-target-0-approver-name').allTextContents()).resolves.toEqual(['Ann Approver', 'Bob Approver', 'Ada Admin']);
    await settings.getByTestId('jit-target-2-approver-search').fill('Alan');
    await settings.getByTestId('jit-target-2-approver-search').press('Enter');
    await waitFor(session, settings.getByTestId('jit-target-2-approver-result'));
    await expect(settings.getByTestId('jit-target-2-approver-result').allTextContents()).resolves.toEqual(['Alan Agent Add']);
    await settings.getByTestId('jit-target-2-approver-add').click();
    await expect(settings.getByTestId('jit-target-2-approvers').inputValue()).resolves.toBe(
      [jira.users.annApprover.accountId, jira.users.bobApprover.accountId, jira.users.adaAdmin.accountId, jira.users.alanAgent.accountId].join('\n'),
    );
    await expect(settings.getByTestId('jit-target-2-approver-name').allTextContents()).resolves.toEqual(['Ann Approver', 'Bob Approver', 'Ada Admin', 'Alan Agent']);
    await expect(settings.getByTestId('jit-target-2-approver-add').textContent()).resolves.toBe('Added');
    await expect(settings.getByTestId('jit-saved').count()).resolves.toBe(0);
    // An id typed by hand is named once Save has checked it.
    await settings.getByTestId('jit-target-1-approvers').fill(`${jira.users.annApprover.accountId}\n712020:typo`);
    await expect(settings.getByTestId('jit-target-1-approver-name').allTextContents()).resolves.toEqual(['Ann Approver', '712020:typo (checked when you save)']);
    await expect(settings.getByTestId('jit-target-0-removeDrift').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('jit-target-1-removeDrift').isChecked()).resolves.toBe(false);
    await expect(settings.getByTestId('jit-target-2-maxDurationMinutes').inputValue()).resolves.toBe('60');
    await expect(settings.getByTestId('jit-target-2-maxTotalMinutes').inputValue()).resolves.toBe('120');

    // The request type and its fields, suggested by name.
    await expect(settings.getByTestId('jit-request-type').inputValue()).resolves.toBe(jira.requestTypeIds['Temporary elevated access']);
    for (const [input, name] of [
      ['target', 'Access target'],
      ['duration', 'Duration'],
      ['startTime', 'Start time'],
      ['justification', 'Justification'],
    ] as const) {
      await expect(settings.getByTestId(`jit-mapping-${input}`).inputValue()).resolves.toBe(jira.customFieldIds[name]);
      await expect(settings.getByTestId(`jit-suggested-${input}`).textContent()).resolves.toBe('Suggested');
    }
    await expect(settings.getByTestId('jit-provisionStatus').inputValue()).resolves.toBe('In Progress');
    await expect(settings.getByTestId('jit-endStatuses').inputValue()).resolves.toBe('Done\nCanceled');

    // The org API key: saved, never filled in, never sent to the browser.
    await expect(settings.getByTestId('jit-api-key').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('jit-api-key').getAttribute('type')).resolves.toBe('password');
    await expect(settings.getByTestId('jit-api-key-saved').textContent()).resolves.toContain('An API key is saved');

    // What AWS needs, and the drift report.
    await expect(settings.locator('[data-testid="jit-aws-actions"] li').allTextContents()).resolves.toEqual([...IDENTITY_CENTER_ACTIONS]);
    await waitFor(session, settings.getByTestId('jit-drift'));
    await expect(settings.getByTestId('jit-drift-target').count()).resolves.toBe(3);
    const awsDrift = settings.locator(`[data-testid="jit-drift-target"][data-target-id="${seed.targets.aws}"]`);
    await expect(awsDrift.getByTestId('jit-drift-count').textContent()).resolves.toBe('1 finding');
    await expect(awsDrift.getByTestId('jit-drift-finding').getAttribute('data-action')).resolves.toBe('reported');
    await expect(awsDrift.getByTestId('jit-drift-checked').textContent()).resolves.toMatch(/^Last checked /);

    // Kinds switch their fields and keep what was typed; a new target takes its id from its name.
    await settings.getByTestId('jit-add-target').click();
    await expect(settings.getByTestId('jit-target').count()).resolves.toBe(4);
    await expect(settings.getByTestId('jit-target-3-name').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await settings.getByTestId('jit-target-3-name').fill('Okta Finance Admins');
    await expect(settings.getByTestId('jit-target-3-id').inputValue()).resolves.toBe('okta-finance-admins');
    await settings.getByTestId('jit-target-3-groupId').fill('00gFinance');
    await settings.getByTestId('jit-target-3-kind').selectOption('aws-permission-set');
    await expect(settings.getByTestId('jit-target-3-groupId').count()).resolves.toBe(0);
    await expect(settings.getByTestId('jit-target-3-accountId').inputValue()).resolves.toBe('');
    await settings.getByTestId('jit-target-3-kind').selectOption('okta-group');
    await expect(settings.getByTestId('jit-target-3-groupId').inputValue()).resolves.toBe('00gFinance');
    await settings.getByTestId('jit-target-3-remove').click();
    await expect(settings.getByTestId('jit-target').count()).resolves.toBe(3);

    await screenshotAdmin(session.page, ADMIN_SCREENSHOT);
    const html = (await session.page.frames().find((f) => f.url().includes('/__forge/resources/admin/'))?.content()) ?? '';
    expect(answers.some((a) => a.includes('"atlassianApiKeySaved":true'))).toBe(true);
    for (const text of [html, answers.join('\n')]) expect(text).not.toContain(seed.atlassian.apiKey);
    expect(session.problems).toEqual([]);
  });

  test('an invalid maximum duration is shown next to its input and nothing is saved; a valid change saves and keeps the API key', async () => {
    const before = await adminCall<JitAdminConfigView>('admin/jit-get');
    const session = await newSession(client.user('adaAdmin'));
    const settings = await openJitTab(session);

    await settings.getByTestId('jit-target-1-maxDurationMinutes').fill('2');
    await settings.getByTestId('jit-save').click();
    await waitFor(session, settings.getByTestId('error-targets.1.policy.maxDurationMinutes'));
    await expect(settings.getByTestId('error-targets.1.policy.maxDurationMinutes').textContent()).resolves.toBe('Whole minutes from 5 to 10080 (7 days).');
    await expect(settings.getByTestId('jit-target-1-maxDurationMinutes').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(settings.getByTestId('jit-target-1-maxDurationMinutes').getAttribute('aria-describedby')).resolves.toContain('-error');
    // Next to its own input: inside the second target, no other target marked.
    await expect(settings.getByTestId('jit-target').nth(1).getByTestId('error-targets.1.policy.maxDurationMinutes').count()).resolves.toBe(1);
    await expect(settings.getByTestId('error-targets.0.policy.maxDurationMinutes').count()).resolves.toBe(0);
    await expect(settings.getByTestId('jit-invalid').textContent()).resolves.toContain('Nothing was saved');
    await expect(settings.getByTestId('jit-saved').count()).resolves.toBe(0);
    // The admin is taken to the field.
    await expect(settings.getByTestId('jit-target-1-maxDurationMinutes').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await screenshotAdmin(session.page, ADMIN_ERROR_SCREENSHOT);
    expect(await adminCall('admin/jit-get')).toEqual(before);

    // Corrected: saved, the API key still saved (and still not shown), the change read back.
    await settings.getByTestId('jit-target-1-maxDurationMinutes').fill('90');
    await settings.getByTestId('jit-save').click();
    await waitFor(session, settings.getByTestId('jit-saved'));
    await expect(settings.getByTestId('error-targets.1.policy.maxDurationMinutes').count()).resolves.toBe(0);
    await expect(settings.getByTestId('jit-api-key').inputValue()).resolves.toBe('');
    const after = await adminCall<JitAdminConfigView>('admin/jit-get');
    expect(after.atlassianApiKeySaved).toBe(true);
    expect(after.settings?.targets.map((t) => t.policy.maxDurationMinutes)).toEqual([240, 90, 60]);
    expect({ ...after.settings, targets: after.settings?.targets.map((t) => t.id) }).toEqual({ ...before.settings, targets: before.settings?.targets.map((t) => t.id) });
    expect(after.settings?.targets[1]).toEqual({ ...before.settings?.targets[1], policy: { ...before.settings?.targets[1]?.policy, maxDurationMinutes: 90 } });
    expect(session.problems).toEqual([]);
  });
});
