/**
 * The admin page's "Export to S3" tab in Chromium: the real admin Custom UI build in the
 * sandbox's Jira settings page, over the real export resolvers. The demo configured the export
 * (bucket, prefix, ITS and OPS) through those resolvers at start, so the tab must show that
 * configuration, refuse invalid input field by field without changing anything, list the bucket
 * (Test), start runs (Run now) and follow them to their end on the sandbox's platform, and show
 * a run that fails — with the AWS error's own message — until Run now resumes it.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { DEMO_EXPORT, exportBucketPolicy } from '../../sandbox/export-demo';
import type { ExportConfigView, ExportStatusView } from '../../src/shared/export-contract';
import { describeWithBrowser } from '../helpers/browser';
import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';
import { browserSuite } from '../helpers/browser-session';

const SCREENSHOT = '/tmp/admin-export.png';
const ADMIN_PATH = '/jira/settings/apps/provisio';

describeWithBrowser('Provisio admin page: Export to S3 (Chromium)', () => {
  jest.setTimeout(180_000);
  const suite = browserSuite(['admin'], () => SandboxClient.start());
  let client: SandboxClient;
  beforeAll(() => {
    client = suite.sandbox();
  });

  const ada = () => client.user('adaAdmin');
  const adminCall = <T>(functionKey: string, payload: unknown = {}) => client.adminData<T>(functionKey, payload);
  const savedSettings = async () => (await adminCall<ExportConfigView>('admin/export/get-config')).settings;

  /** Settles the platform, then moves the clock a minute at a time until no export run is going (retries wait on the virtual clock). */
  async function settleRuns(): Promise<void> {
    await client.settle();
    for (let i = 0; i < 30; i += 1) {
      const { projects } = await adminCall<ExportStatusView>('admin/export/status');
      if (projects.every((p) => p.state !== 'running')) return;
      await client.advance(60);
    }
    throw new Error('export runs did not finish');
  }

  async function signedIn(who: SandboxUser) {
    return suite.signIn(who);
  }

  /** Opens the settings page on the export tab and waits for its form and its status. */
  async function openExportTab(page: Page, problems: string[]): Promise<FrameLocator> {
    await page.goto(`${client.url}${ADMIN_PATH}`);
    const settings = page.frameLocator('iframe[title="Provisio"]');
    await waitFor(page, problems, settings.getByTestId('tab-export'));
    await settings.getByRole('tab', { name: 'Export to S3' }).click();
    await expect(settings.getByTestId('tab-export').getAttribute('aria-selected')).resolves.toBe('true');
    await waitFor(page, problems, settings.getByTestId('export-bucket'));
    await waitFor(page, problems, settings.getByTestId('export-status'));
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

  const card = (settings: FrameLocator, project: string, state?: string) =>
    settings.locator(`[data-testid="export-project"][data-project="${project}"]${state ? `[data-state="${state}"]` : ''}`);

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

  test('the tab shows the demo configuration, the object layout, each project never run, and Test lists the empty prefix', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openExportTab(page, problems);
    const ids = client.sandbox.seed.customFieldIds;

    expect(await settings.getByRole('tablist').getByRole('tab').allTextContents()).toContain('Export to S3');
    await expect(settings.getByTestId('export-bucket').inputValue()).resolves.toBe(DEMO_EXPORT.bucket);
    await expect(settings.getByTestId('export-prefix').inputValue()).resolves.toBe('jira');
    await expect(settings.getByTestId('export-region').inputValue()).resolves.toBe('');
    await expect(settings.getByTestId('export-region').getAttribute('placeholder')).resolves.toBe('us-east-1');
    await expect(settings.getByTestId('export-project-ITS').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('export-project-OPS').isChecked()).resolves.toBe(true);
    await expect(settings.getByLabel('ITS IT Service Desk').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('export-project-keys').inputValue()).resolves.toBe('');

    // The fields in the order saved, custom ones by name and id.
    const fields = await settings.locator('[data-testid="export-field"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-field-id')));
    expect(fields).toEqual(['summary', 'status', 'issuetype', 'assignee', 'reporter', 'created', 'resolutiondate', 'labels', ids['Request Type'], ids.Department, ids['Cost center']]);
    const costCenter = settings.locator(`[data-testid="export-field"][data-field-id="${ids['Cost center']}"]`);
    await expect(costCenter.textContent()).resolves.toContain(`Cost center ${ids['Cost center']}Custom`);
    const options = await settings.locator('[data-testid="export-field-add"] option').allTextContents();
    expect(options).toContain(`Environment (${ids.Environment})`);
    expect(options).not.toContain(`Cost center (${ids['Cost center']})`);

    await expect(settings.getByTestId('export-include-comments').isChecked()).resolves.toBe(true);
    await expect(settings.getByTestId('export-schedule').inputValue()).resolves.toBe('1');
    expect(await settings.locator('[data-testid="export-schedule"] option').allTextContents()).toEqual([
      'Only when I press Run now',
      'Every hour',
      'Every 2 hours',
      'Every 3 hours',
      'Every 4 hours',
      'Every 6 hours',
      'Every 8 hours',
      'Every 12 hours',
      'Every 24 hours (daily)',
    ]);
    await expect(settings.getByTestId('export-overlap').inputValue()).resolves.toBe('10');
    await expect(settings.getByTestId('export-jql').inputValue()).resolves.toBe('');

    // The reference: example keys under the saved prefix, and the templates to deploy.
    await expect(settings.getByTestId('export-layout-data').textContent()).resolves.toMatch(/^jira\/project=KEY\/dt=2026-01-02\/\d{8}T\d{9}Z-p\d{6}\.jsonl\.gz$/);
    await expect(settings.getByTestId('export-layout-manifest').textContent()).resolves.toMatch(/^jira\/_manifests\/project=KEY\//);
    await expect(settings.getByTestId('export-layout-tombstone').textContent()).resolves.toBe('jira/project=KEY/dt=2026-01-02/tombstone-10042.jsonl.gz');
    await expect(settings.getByTestId('export-infra-bucket-policy').textContent()).resolves.toBe('infra/export-bucket.yaml');
    await expect(settings.getByTestId('export-infra-athena-table').textContent()).resolves.toBe('infra/export-athena.sql');

    // Each project: never run, no watermark, no errors.
    for (const project of ['ITS', 'OPS']) {
      await expect(card(settings, project, 'never-run').count()).resolves.toBe(1);
      await expect(card(settings, project).getByTestId('export-state').textContent()).resolves.toBe('Never run');
      await expect(card(settings, project).getByTestId('export-watermark').getAttribute('data-value')).resolves.toBe('');
      await expect(card(settings, project).getByTestId('export-no-errors').count()).resolves.toBe(1);
    }
    await expect(settings.getByTestId('export-run-scope').locator('option').allTextContents()).resolves.toEqual(['All projects', 'ITS only', 'OPS only']);

    await settings.getByTestId('export-test-button').click();
    await waitFor(page, problems, settings.getByTestId('export-test-result'));
    await expect(settings.getByTestId('export-test-result').getAttribute('data-ok')).resolves.toBe('true');
    await expect(settings.getByTestId('export-test-message').textContent()).resolves.toBe(`Provisio can read s3://${DEMO_EXPORT.bucket}/jira.`);
    await expect(settings.getByTestId('export-test-empty').count()).resolves.toBe(1);
    expect(problems).toEqual([]);
  });

  test('a project key with JQL syntax, a bad overlap and a JQL filter Jira refuses are shown next to their fields and change nothing; a valid change saves', async () => {
    const { page, problems } = await signedIn(ada());
    const settings = await openExportTab(page, problems);
    const before = await savedSettings();

    await settings.getByTestId('export-project-keys').fill('ITS OR 1=1');
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.getByTestId('error-projects'));
    await expect(settings.getByTestId('error-projects').textContent()).resolves.toBe('"ITS OR 1=1" is not a Jira project key (a capital letter, then capitals, digits or _; 2–10 characters).');
    await expect(settings.getByTestId('export-invalid').textContent()).resolves.toContain('Nothing was saved');
    await expect(settings.getByTestId('export-saved').count()).resolves.toBe(0);
    await expect(settings.getByTestId('export-project-keys').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(settings.getByTestId('export-project-keys').getAttribute('aria-describedby')).resolves.toContain('export-projects-error');
    // The refused field has the focus, and what was typed stays to be corrected.
    await expect(settings.getByTestId('export-project-ITS').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(settings.getByTestId('export-project-keys').inputValue()).resolves.toBe('ITS OR 1=1');
    expect(await savedSettings()).toEqual(before);

    // Not a number: refused before it is sent.
    await settings.getByTestId('export-project-keys').fill('');
    await settings.getByTestId('export-overlap').fill('ten');
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.getByTestId('error-overlapMinutes'));
    await expect(settings.getByTestId('error-projects').count()).resolves.toBe(0);

    // A filter Jira refuses: Jira's own message next to the field.
    await settings.getByTestId('export-overlap').fill('15');
    await settings.getByTestId('export-jql').fill('nosuchfield = 3');
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.getByTestId('error-jqlFilter'));
    await expect(settings.getByTestId('error-jqlFilter').textContent()).resolves.toBe(
      "Jira does not accept this filter: Field 'nosuchfield' does not exist or you do not have permission to view it.",
    );
    await expect(settings.getByTestId('error-overlapMinutes').count()).resolves.toBe(0);
    await expect(settings.getByTestId('export-jql').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(settings.getByTestId('export-jql').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // JQL the app itself refuses (an ORDER BY would break the export's own ordering).
    await settings.getByTestId('export-jql').fill('project = OPS ORDER BY key');
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.locator('[data-testid="error-jqlFilter"]', { hasText: /^This filter is not allowed: / }));
    expect(await savedSettings()).toEqual(before);

    // A valid change: a custom field picked by name and id, a filter Jira accepts.
    const environment = client.sandbox.seed.customFieldIds.Environment as string;
    await settings.getByTestId('export-jql').fill('labels is EMPTY OR labels is not EMPTY');
    await settings.getByTestId('export-field-add').selectOption({ label: `Environment (${environment})` });
    await settings.getByTestId('export-field-add-button').click();
    await expect(settings.locator('[data-testid="export-field"]').last().getAttribute('data-field-id')).resolves.toBe(environment);
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.getByTestId('export-saved'));
    await expect(settings.getByTestId('export-saved').textContent()).resolves.toBe('Export settings saved.');
    await expect(settings.getByTestId('error-jqlFilter').count()).resolves.toBe(0);
    const after = await savedSettings();
    expect(after).toEqual({
      ...before,
      fields: [...(before?.fields ?? []), { id: environment, name: 'Environment' }],
      overlapMinutes: 15,
      jqlFilter: 'labels is EMPTY OR labels is not EMPTY',
    });
    // Back to the demo's settings for the runs below (through the form: remove the field and the filter).
    await settings.getByTestId(`export-field-remove-${environment}`).click();
    await expect(settings.getByTestId('export-saved').count()).resolves.toBe(0);
    await settings.getByTestId('export-jql').fill('');
    await settings.getByTestId('export-overlap').fill('10');
    await settings.getByTestId('export-save').click();
    await waitFor(page, problems, settings.getByTestId('export-saved'));
    expect(await savedSettings()).toEqual(before);
    expect(problems).toEqual([]);
  });

  test('Run now starts a run per project; once the platform settles, each is idle with a watermark and its records, and Test lists the objects', async () => {
    // A few issues through Jira's APIs: service requests in ITS (JSM), tasks in OPS.
    const rita = client.as(client.user('ritaRequester'));
    for (const summary of ['Laptop is slow', 'VPN drops', 'New monitor']) {
      const created = await rita.post<{ issueKey: string }>('/rest/servicedeskapi/request', {
        serviceDeskId: client.sandbox.seed.serviceDeskId,
        requestTypeId: client.sandbox.seed.requestTypeIds['Get IT help'],
        requestFieldValues: { summary, description: 'From the export test' },
      });
      expect(created.status).toBe(201);
    }
    for (const summary of ['Rotate logs', 'Patch hosts']) {
      const created = await client.as(client.user('alanAgent')).post<{ key: string }>('/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary } });
      expect(created.status).toBe(201);
    }
    await client.settle();

    const { page, problems } = await signedIn(ada());
    const settings = await openExportTab(page, problems);
    // S3 answers slowly for a while, so the runs are still going when the tab first reads their state.
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'aws', count: 2, method: 'PUT', latencyMs: 2500 }] });
    await settings.getByTestId('export-run-now').click();
    await waitFor(page, problems, settings.getByTestId('export-run-outcomes'));
    const outcomes = await settings.locator('[data-testid="export-run-outcome"]').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-project')}:${li.getAttribute('data-outcome')}`));
    expect(outcomes).toEqual(['ITS:started', 'OPS:started']);
    await expect(settings.locator('[data-testid="export-run-outcome"][data-project="ITS"]').textContent()).resolves.toMatch(/^ITS: Started \(run \d{8}T\d{9}Z\)$/);

    // While a run is going the tab says so, shows its progress, and reads the state again by itself.
    await waitFor(page, problems, card(settings, 'ITS', 'running'));
    await expect(card(settings, 'ITS').getByTestId('export-state').textContent()).resolves.toBe('Running');
    await expect(card(settings, 'ITS').getByTestId('export-run').getAttribute('data-status')).resolves.toBe('running');
    await expect(card(settings, 'ITS').getByTestId('export-run-records').getAttribute('data-value')).resolves.toMatch(/^\d+$/);
    await expect(settings.getByTestId('export-status-updated').getAttribute('data-live')).resolves.toBe('true');
    await expect(settings.getByTestId('export-status-updated').textContent()).resolves.toContain('read again every 3 seconds');

    await client.control('POST', '/__sandbox/settle');
    await settleRuns();
    await client.control('DELETE', '/__sandbox/faults');
    // No Refresh pressed: the tab's own polling shows the end of the runs.
    for (const [project, created] of [
      ['ITS', 3],
      ['OPS', 2],
    ] as const) {
      await waitFor(page, problems, card(settings, project, 'idle'));
      const project$ = card(settings, project);
      await expect(project$.getByTestId('export-state').textContent()).resolves.toBe('Idle');
      const watermark = await project$.getByTestId('export-watermark').getAttribute('data-value');
      expect(Date.parse(watermark ?? '')).toBeGreaterThan(0);
      await expect(project$.getByTestId('export-watermark').textContent()).resolves.toMatch(/^Everything updated before .+ is exported\.$/);
      await expect(project$.getByTestId('export-last-run-status').textContent()).resolves.toBe('Succeeded');
      expect(Number(await project$.getByTestId('export-last-run-records').getAttribute('data-value'))).toBeGreaterThanOrEqual(created);
      expect(Number(await project$.getByTestId('export-last-run-bytes').getAttribute('data-value'))).toBeGreaterThan(0);
      await expect(project$.getByTestId('export-last-run-finished').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
      await expect(project$.getByTestId('export-no-errors').count()).resolves.toBe(1);
      await expect(project$.getByTestId('export-run').count()).resolves.toBe(0);
    }
    await expect(settings.getByTestId('export-status-updated').getAttribute('data-live')).resolves.toBe('false');
    await expect(card(settings, 'ITS').getByTestId('export-totals').textContent()).resolves.toMatch(/^\d+ records and 0 tombstones in 1 run$/);

    // Test now finds the objects the runs wrote under the prefix.
    await settings.getByTestId('export-test-button').click();
    await waitFor(page, problems, settings.getByTestId('export-test-keys'));
    const keys = await settings.locator('[data-testid="export-test-keys"] li').allTextContents();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^jira\//);

    // One project only: the other is left alone.
    await settings.getByTestId('export-run-scope').selectOption('OPS');
    await settings.getByTestId('export-run-now').click();
    await waitFor(page, problems, settings.locator('[data-testid="export-run-outcome"][data-project="OPS"]'));
    await expect(settings.locator('[data-testid="export-run-outcome"]').count()).resolves.toBe(1);
    await settleRuns();
    await waitFor(page, problems, card(settings, 'OPS', 'idle'));
    expect(problems).toEqual([]);
  });

  test('a run that fails is shown as failed with the error’s message, Test says why, and Run now resumes it; the error stays listed', async () => {
    // The bucket policy no longer lets the role in: AccessDenied is not worth retrying.
    const rita = client.as(client.user('ritaRequester'));
    const created = await rita.post<{ issueKey: string }>('/rest/servicedeskapi/request', {
      serviceDeskId: client.sandbox.seed.serviceDeskId,
      requestTypeId: client.sandbox.seed.requestTypeIds['Get IT help'],
      requestFieldValues: { summary: 'Printer on fire', description: 'After the policy change' },
    });
    expect(created.status).toBe(201);
    await client.settle();
    client.sandbox.aws.s3.putBucketPolicy(DEMO_EXPORT.bucket, []);

    const watermarkBefore = (await adminCall<ExportStatusView>('admin/export/status')).projects.find((p) => p.project === 'ITS')?.watermark;
    expect(watermarkBefore).toEqual(expect.any(String));

    const { page, problems } = await signedIn(ada());
    const settings = await openExportTab(page, problems);
    await settings.getByTestId('export-run-scope').selectOption('ITS');
    await settings.getByTestId('export-run-now').click();
    await waitFor(page, problems, settings.locator('[data-testid="export-run-outcome"][data-project="ITS"][data-outcome="started"]'));
    await client.control('POST', '/__sandbox/settle');
    await settleRuns();

    await waitFor(page, problems, card(settings, 'ITS', 'failed'));
    const its = card(settings, 'ITS');
    await expect(its.getByTestId('export-state').textContent()).resolves.toBe('Failed');
    await expect(its.getByTestId('export-run').getAttribute('data-status')).resolves.toBe('failed');
    const runError = (await its.getByTestId('export-run-error-message').textContent()) ?? '';
    expect(runError).toMatch(/^Stopped: .*(AccessDenied|denied|not authori[sz]ed).* Run now resumes it from its last checkpoint\.$/i);
    const errors = its.locator('[data-testid="export-error"]');
    await expect(errors.count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(errors.first().getAttribute('data-transient')).resolves.toBe('false');
    const message = (await errors.first().getByTestId('export-error-message').textContent()) ?? '';
    expect(message).toMatch(/AccessDenied|denied|not authori[sz]ed/i);
    expect(runError).toContain(message);
    // The stopped run is the last run too: shown once, with when it stopped. The watermark stays where the earlier run left it; OPS was not touched.
    await expect(its.getByTestId('export-last-run').count()).resolves.toBe(0);
    await expect(its.getByTestId('export-run-stopped').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await its.getByTestId('export-watermark').getAttribute('data-value')).toBe(watermarkBefore);
    await expect(card(settings, 'OPS', 'idle').count()).resolves.toBe(1);

    // Test says the same: the role can no longer list the bucket.
    await settings.getByTestId('export-test-button').click();
    await waitFor(page, problems, settings.locator('[data-testid="export-test-result"][data-ok="false"]'));
    await expect(settings.getByTestId('export-test-message').textContent()).resolves.toMatch(/AccessDenied|denied|not authori[sz]ed/i);

    await screenshotPage(page, SCREENSHOT);

    // The policy back: Run now resumes the stopped run from its checkpoint and it finishes; the error stays listed.
    client.sandbox.aws.s3.putBucketPolicy(DEMO_EXPORT.bucket, exportBucketPolicy(DEMO_EXPORT.bucket, DEMO_EXPORT.prefix, client.sandbox.awsSeed.automationRole.arn));
    await settings.getByTestId('export-run-now').click();
    await waitFor(page, problems, settings.locator('[data-testid="export-run-outcome"][data-project="ITS"][data-outcome="resumed"]'));
    await expect(settings.locator('[data-testid="export-run-outcome"][data-project="ITS"]').textContent()).resolves.toContain('Resumed from its checkpoint');
    await settleRuns();
    await settings.getByTestId('export-status-refresh').click();
    await waitFor(page, problems, card(settings, 'ITS', 'idle'));
    await expect(its.getByTestId('export-last-run-status').textContent()).resolves.toBe('Succeeded');
    expect(Number(await its.getByTestId('export-last-run-records').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    await expect(its.locator('[data-testid="export-error"][data-transient="false"]').count()).resolves.toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
  });
});
