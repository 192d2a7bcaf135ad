/**
 * The sandbox's Jira-like web UI without the Jira stand-in: the HTML escaper, the request form
 * mapping, and the pages against a small fake of Jira's REST API (the UI talks to nothing else).
 * The end-to-end run with the real stand-in and Chromium is test/e2e/sandbox-ui.browser.test.ts.
 */
import { Hono } from 'hono';
import { createWebUi, type WebUiDeps } from '../../sandbox/web/ui';
import { adfToText, formatDateTime, formatFieldValue } from '../../sandbox/web/ui/format';
import { escapeHtml, html, join, raw } from '../../sandbox/web/ui/html';
import { describeJiraError } from '../../sandbox/web/ui/jira-client';
import { isStaffViewer, requestTypeOf } from '../../sandbox/web/ui/issue-page';
import { requestsJql } from '../../sandbox/web/ui/requests-page';
import { advanceSeconds } from '../../sandbox/web/ui/sandbox-page';
import { datetimeLocalToJira, fieldControl, formToRequestFieldValues, renderField, type RequestTypeField } from '../../sandbox/web/ui/request-form';
import { safeNext } from '../../sandbox/web/ui/session';

describe('html escaping', () => {
  test('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y' \`z\``)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;',
    );
  });

  test('the html tag escapes interpolations but keeps nested templates and raw markup', () => {
    const name = '<img src=x onerror=alert(1)>';
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${'" onmouseover="x'}">${inner}${raw('<br>')}</p>`.toString()).toBe(
      '<p title="&quot; onmouseover=&quot;x"><b>&lt;img src=x onerror=alert(1)&gt;</b><br></p>',
    );
  });

  test('arrays render item by item; null, undefined and booleans render as nothing', () => {
    expect(html`${['<a>', html`<i>b</i>`]}|${null}|${undefined}|${false}|${true}|${0}`.toString()).toBe('&lt;a&gt;<i>b</i>|||||0');
    expect(join(['a<', html`<i>b</i>`], ' & ').toString()).toBe('a&lt; &amp; <i>b</i>');
  });

  test('field values from Jira are escaped wherever they come from', () => {
    expect(formatFieldValue({ displayName: '<b>Eve</b>' }).toString()).toBe('&lt;b&gt;Eve&lt;/b&gt;');
    expect(formatFieldValue([{ value: 'A&B' }, { name: '"C"' }]).toString()).toBe('A&amp;B, &quot;C&quot;');
    expect(formatFieldValue({ weird: '<x>' }).toString()).toBe('<code>{&quot;weird&quot;:&quot;&lt;x&gt;&quot;}</code>');
  });
});

const SELECT: RequestTypeField = {
  fieldId: 'customfield_10020',
  name: 'Department',
  required: true,
  validValues: [
    { value: '10100', label: 'Engineering' },
    { value: '10101', label: 'Sales' },
  ],
  jiraSchema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: 10020 } as RequestTypeField['jiraSchema'],
};
const FIELDS: RequestTypeField[] = [
  { fieldId: 'summary', name: 'Summary', required: true, jiraSchema: { type: 'string', system: 'summary' } },
  { fieldId: 'description', name: 'Description', required: false, jiraSchema: { type: 'string', system: 'description' } },
  SELECT,
  {
    fieldId: 'customfield_10021',
    name: 'Systems',
    required: false,
    validValues: [
      { value: '10200', label: 'Okta' },
      { value: '10201', label: 'AWS' },
    ],
    jiraSchema: { type: 'array', items: 'option' },
  },
  { fieldId: 'customfield_10022', name: 'Start date', required: true, jiraSchema: { type: 'date' } },
  { fieldId: 'customfield_10023', name: 'Access until', required: false, jiraSchema: { type: 'datetime' } },
  { fieldId: 'customfield_10024', name: 'Seats', required: false, jiraSchema: { type: 'number' } },
  { fieldId: 'customfield_10025', name: 'Notes', required: false, jiraSchema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' } },
  { fieldId: 'customfield_10026', name: 'Tags', required: false, jiraSchema: { type: 'array', items: 'string' } },
];

describe('request form → requestFieldValues', () => {
  test('each schema gets its control', () => {
    expect(FIELDS.map(fieldControl)).toEqual(['text', 'textarea', 'select', 'multiselect', 'date', 'datetime', 'number', 'textarea', 'labels']);
    expect(fieldControl({ fieldId: 'x', name: 'X', required: false, validValues: [{ value: '1', label: 'One' }] })).toBe('select');
    expect(fieldControl({ fieldId: 'x', name: 'X', required: false })).toBe('text');
  });

  test('maps every kind the way JSM expects it', () => {
    const values = formToRequestFieldValues(FIELDS, {
      summary: '  New laptop ',
      description: 'Line one\nLine two\n',
      customfield_10020: '10101',
      customfield_10021: ['10200', '10201', '10200'],
      customfield_10022: '2026-12-01',
      customfield_10023: '2026-12-01T09:30',
      customfield_10024: '3',
      customfield_10025: '  keep\n\n spacing ',
      customfield_10026: 'vip, urgent  laptop',
    });
    expect(values).toEqual({
      summary: 'New laptop',
      description: 'Line one\nLine two',
      customfield_10020: { id: '10101' },
      customfield_10021: [{ id: '10200' }, { id: '10201' }],
      customfield_10022: '2026-12-01',
      customfield_10023: '2026-12-01T09:30:00.000+0000',
      customfield_10024: 3,
      customfield_10025: 'keep\n\n spacing',
      customfield_10026: ['vip', 'urgent', 'laptop'],
    });
  });

  test('leaves empty inputs out so JSM reports missing required fields itself', () => {
    expect(formToRequestFieldValues(FIELDS, { summary: '   ', customfield_10020: '', customfield_10021: [], customfield_10024: '' })).toEqual({});
  });

  test('passes unreadable numbers and dates on as typed, for JSM to explain', () => {
    expect(formToRequestFieldValues(FIELDS, { customfield_10024: 'three', customfield_10023: 'tomorrow' })).toEqual({
      customfield_10024: 'three',
      customfield_10023: 'tomorrow',
    });
    expect(datetimeLocalToJira('2026-01-02T03:04:05')).toBe('2026-01-02T03:04:05.000+0000');
    expect(datetimeLocalToJira('2026-01-02T03:04:05.5')).toBe('2026-01-02T03:04:05.500+0000');
  });

  test('ignores form entries that are not fields of the request type', () => {
    expect(formToRequestFieldValues(FIELDS, { summary: 'x', customfield_99999: 'sneaky', serviceDeskId: '2' })).toEqual({ summary: 'x' });
  });

  test('renders controls with required marks, options, the kept value and the error', () => {
    const select = renderField(SELECT, { customfield_10020: '10101' }, 'Department is required.').toString();
    expect(select).toContain('<label class="field-label" for="field-customfield_10020">Department<span class="required" title="Required"> *</span></label>');
    expect(select).toContain('<option value="10101" selected>Sales</option>');
    expect(select).toContain('<option value="10100">Engineering</option>');
    expect(select).toContain('aria-invalid="true"');
    expect(select).toContain('<p class="field-error" id="field-customfield_10020-error">Department is required.</p>');
    const multi = renderField(FIELDS[3] as RequestTypeField, { customfield_10021: ['10201'] }).toString();
    expect(multi).toContain('value="10201" checked');
    expect(multi).not.toContain('value="10200" checked');
    const text = renderField(FIELDS[0] as RequestTypeField, { summary: '"><script>x</script>' }).toString();
    expect(text).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    const area = renderField(FIELDS[1] as RequestTypeField, { description: '</textarea><b>' }).toString();
    expect(area).toContain('>&lt;/textarea&gt;&lt;b&gt;</textarea>');
  });
});

describe('small helpers', () => {
  test('Jira error bodies become one readable message', () => {
    expect(describeJiraError(400, JSON.stringify({ errorMessage: 'Summary is required.', i18nErrorMessage: {} })).message).toBe('Summary is required.');
    expect(describeJiraError(400, JSON.stringify({ errorMessages: [], errors: { summary: 'You must specify a summary.' } }))).toEqual({
      message: 'summary: You must specify a summary.',
      fieldErrors: { summary: 'You must specify a summary.' },
    });
    expect(describeJiraError(404, '<html>nope</html>').message).toBe("Jira couldn't find that, or you don't have permission to see it.");
    expect(describeJiraError(503, '').message).toBe('Jira had a problem (HTTP 503); try again.');
  });

  test('dates, documents, JQL, staff detection, next links, clock input', () => {
    expect(formatDateTime('2026-11-21T05:39:23.000+0000')).toBe('21 Nov 2026, 05:39 UTC');
    expect(formatDateTime('2026-11-21T05:39:23.000+0200')).toBe('21 Nov 2026, 03:39 UTC');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(
      adfToText({
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Hello' }, { type: 'hardBreak' }, { type: 'text', text: 'there' }] },
          { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] },
        ],
      }),
    ).toBe('Hello\nthere\n• one');
    expect(requestsJql(['ITS', 'A"B'])).toBe('project in ("ITS", "A\\"B") ORDER BY created DESC');
    expect(isStaffViewer({ SERVICEDESK_AGENT: { havePermission: true } }, ['customer'])).toBe(true);
    expect(isStaffViewer({ SERVICEDESK_AGENT: { havePermission: false }, BROWSE_PROJECTS: { havePermission: true } }, ['agent'])).toBe(false);
    expect(isStaffViewer(undefined, ['agent'])).toBe(true);
    expect(isStaffViewer(undefined, ['customer', 'approver'])).toBe(false);
    expect(requestTypeOf({ id: '1', key: 'ITS-1', fields: { customfield_10010: { requestType: { id: '3', name: 'Get IT help', serviceDeskId: '1' } } } })).toEqual({
      fieldId: 'customfield_10010',
      id: '3',
      name: 'Get IT help',
      serviceDeskId: '1',
    });
    expect(safeNext('/browse/ITS-1?x=1')).toBe('/browse/ITS-1?x=1');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(advanceSeconds('2', 'hours')).toBe(7200);
    expect(advanceSeconds('0', 'hours')).toEqual(expect.any(String));
    expect(advanceSeconds('1', 'weeks')).toEqual(expect.any(String));
    expect(advanceSeconds('400', 'days')).toEqual(expect.any(String));
  });
});

// ---- the pages against a fake Jira -------------------------------------------------------------

const USERS = [
  { displayName: 'Ada Admin', email: 'ada@example.com', token: 't-ada', accountId: 'acc-admin', roles: ['admin', 'agent'] },
  { displayName: 'Alan Agent', email: 'alan@example.com', token: 't-alan', accountId: 'acc-agent', roles: ['agent'] },
  { displayName: 'Cathy <Customer>', email: 'cathy@example.com', token: 't-cathy', accountId: 'acc-customer', roles: ['customer'] },
  { displayName: 'Amy Approver', email: 'amy@example.com', token: 't-amy', accountId: 'acc-approver', roles: ['approver'] },
];
const STAFF = new Set(['acc-admin', 'acc-agent']);

interface FakeIssue {
  key: string;
  summary: string;
  reporter: string;
  status: string;
  approval?: 'pending' | 'approved';
  comments: { body: string; public: boolean }[];
}

/** Just enough of Jira's REST API for the pages; the caller is the `x-as` header fetchAs sets. */
function fakeJira() {
  const issues: FakeIssue[] = [
    { key: 'ITS-1', summary: 'Printer <on fire>', reporter: 'acc-customer', status: 'Open', comments: [{ body: 'Public hello', public: true }, { body: 'Internal only', public: false }] },
    { key: 'ITS-2', summary: 'Onboard Bob', reporter: 'acc-customer', status: 'Waiting for approval', approval: 'pending', comments: [] },
  ];
  const created: unknown[] = [];
  const jiraApp = new Hono();
  const who = (c: { req: { header(name: string): string | undefined } }) => c.req.header('x-as') ?? '';
  const user = (id: string) => USERS.find((u) => u.accountId === id);
  const find = (key: string, as: string) => issues.find((i) => i.key === key && (STAFF.has(as) || i.reporter === as || (i.approval && as === 'acc-approver')));
  const statusBean = (name: string) => ({ name, statusCategory: { key: name === 'Open' ? 'new' : 'indeterminate', colorName: name === 'Open' ? 'blue-gray' : 'yellow' } });

  jiraApp.get('/rest/api/3/myself', (c) => c.json({ accountId: who(c), displayName: user(who(c))?.displayName }));
  jiraApp.get('/rest/api/3/field', (c) => c.json([{ id: 'customfield_10010', name: 'Request Type', schema: { custom: 'com.atlassian.servicedesk:vp-origin' } }]));
  jiraApp.get('/rest/servicedeskapi/servicedesk', (c) => c.json({ values: [{ id: '1', projectId: '10000', projectKey: 'ITS', projectName: 'IT Service Desk' }] }));
  jiraApp.get('/rest/servicedeskapi/servicedesk/1/requesttype', (c) =>
    c.json({ values: [{ id: '1', name: 'Get IT help', description: 'Ask for help', serviceDeskId: '1' }] }),
  );
  jiraApp.get('/rest/servicedeskapi/servicedesk/1/requesttype/1/field', (c) => c.json({ requestTypeFields: [FIELDS[0], FIELDS[1], SELECT] }));
  jiraApp.post('/rest/servicedeskapi/request', async (c) => {
    const body = (await c.req.json()) as { requestFieldValues: Record<string, unknown> };
    if (!body.requestFieldValues.summary) return c.json({ errorMessage: 'Summary is required. <b>really</b>', i18nErrorMessage: {} }, 400);
    created.push(body);
    const key = `ITS-${issues.length + 1}`;
    issues.push({ key, summary: String(body.requestFieldValues.summary), reporter: who(c), status: 'Open', comments: [] });
    return c.json({ issueKey: key }, 201);
  });
  jiraApp.get('/rest/api/3/search/jql', (c) => {
    const as = who(c);
    const all = issues.filter((i) => find(i.key, as)).reverse();
    const start = Number(c.req.query('nextPageToken') ?? 0);
    const end = start + Number(c.req.query('maxResults') ?? 50);
    const visible = all.slice(start, end);
    return c.json({
      isLast: end >= all.length,
      ...(end < all.length ? { nextPageToken: String(end) } : {}),
      issues: visible.map((i) => ({
        id: i.key.replace('ITS-', '1000'),
        key: i.key,
        fields: {
          summary: i.summary,
          status: statusBean(i.status),
          reporter: { displayName: user(i.reporter)?.displayName },
          updated: '2026-01-02T03:04:05.000+0000',
          customfield_10010: { requestType: { id: '1', name: 'Get IT help', serviceDeskId: '1' } },
        },
      })),
    });
  });
  jiraApp.get('/rest/api/3/issue/:key', (c) => {
    const issue = find(c.req.param('key'), who(c));
    if (!issue) return c.json({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} }, 404);
    return c.json({
      id: issue.key.replace('ITS-', '1000'),
      key: issue.key,
      names: { summary: 'Summary', status: 'Status', project: 'Project', issuetype: 'Issue Type', customfield_10010: 'Request Type', reporter: 'Reporter' },
      fields: {
        summary: issue.summary,
        status: statusBean(issue.status),
        project: { id: '10000', key: 'ITS', name: 'IT Service Desk', projectTypeKey: 'service_desk' },
        issuetype: { id: '10001', name: 'Service Request' },
        reporter: { displayName: user(issue.reporter)?.displayName },
        description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'It is <very> hot' }] }] },
        customfield_10010: { requestType: { id: '1', name: 'Get IT help', serviceDeskId: '1' } },
      },
    });
  });
  jiraApp.get('/rest/api/3/mypermissions', (c) => {
    const as = who(c);
    const keys = (c.req.query('permissions') ?? '').split(',');
    const has = (k: string) => (k === 'ADMINISTER' ? as === 'acc-admin' : k === 'SERVICEDESK_AGENT' || k === 'TRANSITION_ISSUES' ? STAFF.has(as) : true);
    return c.json({ permissions: Object.fromEntries(keys.map((k) => [k, { key: k, havePermission: has(k) }])) });
  });
  jiraApp.get('/rest/api/3/issue/:key/transitions', (c) => c.json({ transitions: [{ id: '11', name: 'Start progress', isAvailable: true, to: statusBean('In Progress') }] }));
  jiraApp.post('/rest/api/3/issue/:key/transitions', async (c) => {
    const issue = find(c.req.param('key'), who(c));
    if (!issue) return c.json({ errorMessages: ['nope'] }, 404);
    issue.status = 'In Progress';
    return c.body(null, 204);
  });
  jiraApp.get('/rest/servicedeskapi/request/:key/approval', (c) => {
    const issue = find(c.req.param('key'), who(c));
    if (!issue?.approval) return c.json({ values: [] });
    const pending = issue.approval === 'pending';
    return c.json({
      values: [
        {
          id: '7',
          name: 'Manager approval',
          finalDecision: issue.approval,
          canAnswerApproval: pending && who(c) === 'acc-approver',
          approvers: [{ approver: { accountId: 'acc-approver', displayName: 'Amy Approver' }, approverDecision: issue.approval }],
        },
      ],
    });
  });
  jiraApp.post('/rest/servicedeskapi/request/:key/approval/:id', async (c) => {
    const issue = find(c.req.param('key'), who(c));
    const body = (await c.req.json()) as { decision: string };
    if (!issue || who(c) !== 'acc-approver') return c.json({ errorMessage: 'You cannot answer this approval.' }, 403);
    issue.approval = body.decision === 'approve' ? 'approved' : issue.approval;
    issue.status = 'In Progress';
    return c.json({ id: '7' });
  });
  jiraApp.get('/rest/servicedeskapi/request/:key/comment', (c) => {
    const issue = find(c.req.param('key'), who(c));
    const internal = c.req.query('internal') !== 'false' && STAFF.has(who(c));
    return c.json({
      values: (issue?.comments ?? [])
        .filter((m) => m.public || internal)
        .map((m, i) => ({ id: String(i), body: m.body, public: m.public, author: { displayName: 'Alan Agent' }, created: { jira: '2026-01-02T03:04:05.000+0000' } })),
    });
  });
  jiraApp.post('/rest/servicedeskapi/request/:key/comment', async (c) => {
    const issue = find(c.req.param('key'), who(c));
    const body = (await c.req.json()) as { body: string; public: boolean };
    issue?.comments.push({ body: body.body, public: body.public });
    return c.json({ id: 'new' }, 201);
  });
  return { app: jiraApp, issues, created };
}

function setup() {
  const jira = fakeJira();
  const opened: { moduleKey: string; accountId: string; extension: Record<string, unknown> }[] = [];
  const advanced: number[] = [];
  const deps: WebUiDeps = {
    jira: {
      fetchAs: async (accountId, request) => {
        const headers = new Headers(request.headers);
        headers.set('x-as', accountId);
        return jira.app.fetch(new Request(request, { headers }));
      },
    },
    platform: {
      manifest: {
        uiModules: [
          { key: 'provisio-issue-panel', type: 'jira:issuePanel', resource: 'issue-panel', title: 'Provisio' },
          { key: 'provisio-admin', type: 'jira:adminPage', resource: 'admin', title: 'Provisio' },
        ],
      },
      clock: { now: () => Date.UTC(2026, 0, 2) + advanced.reduce((a, b) => a + b, 0) * 1000 },
      advance: async (seconds) => {
        advanced.push(seconds);
      },
      settle: async () => undefined,
      timeline: { pending: () => [{ dueAt: Date.UTC(2026, 0, 3), label: 'scheduled <trigger>' }] },
      log: { list: () => [] },
    },
    frames: {
      open: (context) => {
        opened.push(context);
        return `tok${opened.length}`;
      },
    },
    seed: { users: USERS },
    origin: () => 'http://sandbox.test',
  };
  const ui = createWebUi(deps);
  const request = (path: string, opts: { as?: string; form?: Record<string, string | string[]>; cookie?: string } = {}) => {
    const headers: Record<string, string> = {};
    const cookies = [opts.as ? `provisio_sandbox_user=${opts.as}` : '', opts.cookie ?? ''].filter(Boolean);
    if (cookies.length) headers.cookie = cookies.join('; ');
    let body: string | undefined;
    if (opts.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return ui.request(`http://sandbox.test${path}`, { method: opts.form ? 'POST' : 'GET', headers, body });
  };
  return { jira, opened, advanced, request };
}

describe('web UI pages (fake Jira)', () => {
  test('pages need a signed-in user and send them back after signing in', async () => {
    const { request } = setup();
    const res = await request('/browse/ITS-1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fbrowse%2FITS-1');
    const login = await request('/login?next=%2Fbrowse%2FITS-1');
    const page = await login.text();
    expect(page).toContain('Cathy &lt;Customer&gt;');
    expect(page).toContain('<input type="hidden" name="next" value="/browse/ITS-1">');
    expect(login.headers.get('content-security-policy')).toContain("script-src 'none'");
    const signIn = await request('/login', { form: { accountId: 'acc-agent', next: '/browse/ITS-1' } });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/browse/ITS-1');
    expect(signIn.headers.get('set-cookie')).toMatch(/^provisio_sandbox_user=acc-agent; .*HttpOnly/);
    expect((await request('/login', { form: { accountId: 'nobody' } })).status).toBe(400);
    expect((await request('/', { as: 'forged-account' })).status).toBe(303);
  });

  test('lists the requests the user can see with type, status and reporter', async () => {
    const { request } = setup();
    const page = await (await request('/', { as: 'acc-customer' })).text();
    expect(page).toContain('<a href="/browse/ITS-2">ITS-2</a>');
    expect(page).toContain('Printer &lt;on fire&gt;');
    expect(page).toContain('<span class="lozenge lozenge-yellow">Waiting for approval</span>');
    expect(page).toContain('2 Jan 2026, 03:04 UTC');
    expect(page).toContain('data-testid="signed-in-user">Cathy &lt;Customer&gt;</span>');
  });

  test('pages through the requests with nextPageToken', async () => {
    const { request, jira } = setup();
    for (let n = 3; n <= 25; n++) jira.issues.push({ key: `ITS-${n}`, summary: `Request ${n}`, reporter: 'acc-customer', status: 'Open', comments: [] });
    const first = await (await request('/', { as: 'acc-agent' })).text();
    expect(first.match(/data-testid="request-row"/g)).toHaveLength(20);
    expect(first).toContain('<a href="/browse/ITS-25">ITS-25</a>');
    expect(first).toContain('href="/?page=20" data-testid="next-page"');
    const second = await (await request('/?page=20', { as: 'acc-agent' })).text();
    expect(second.match(/data-testid="request-row"/g)).toHaveLength(5);
    expect(second).toContain('<a href="/browse/ITS-1">ITS-1</a>');
    expect(second).toContain('<a class="button subtle" href="/">First page</a>');
    expect(second).not.toContain('data-testid="next-page"');
  });

  test('the portal form raises the request; a 400 re-renders it with the message and the values kept', async () => {
    const { request, jira } = setup();
    const form = await (await request('/portal/1/1', { as: 'acc-customer' })).text();
    expect(form).toContain('<h1>Get IT help</h1>');
    expect(form).toContain('<option value="10100">Engineering</option>');

    const refused = await request('/portal/1/1', { as: 'acc-customer', form: { summary: '', description: '<b>keep me</b>', customfield_10020: '10101' } });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('data-testid="form-error">Summary is required. &lt;b&gt;really&lt;/b&gt;');
    expect(again).toContain('>&lt;b&gt;keep me&lt;/b&gt;</textarea>');
    expect(again).toContain('<option value="10101" selected>Sales</option>');

    const ok = await request('/portal/1/1', { as: 'acc-customer', form: { summary: 'Need a mouse', customfield_10020: '10100' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/browse/ITS-3');
    expect(jira.created).toEqual([{ serviceDeskId: '1', requestTypeId: '1', requestFieldValues: { summary: 'Need a mouse', customfield_10020: { id: '10100' } } }]);
  });

  test('agents get the agent view with the real issue panel frame', async () => {
    const { request, opened } = setup();
    const page = await (await request('/browse/ITS-1', { as: 'acc-agent' })).text();
    expect(opened).toEqual([
      {
        moduleKey: 'provisio-issue-panel',
        accountId: 'acc-agent',
        extension: { issue: { id: '10001', key: 'ITS-1', type: 'Service Request', typeId: '10001' }, project: { id: '10000', key: 'ITS', type: 'service_desk' } },
      },
    ]);
    expect(page).toContain('<iframe class="forge-frame issue-panel-frame" src="/__forge/resources/issue-panel/tok1/" title="Provisio"');
    expect(page).toContain('Internal only');
    expect(page).toContain('Internal note');
    expect(page).toContain('data-testid="request-type">Request type: <strong>Get IT help</strong>');
    expect(page).toContain('<dt title="reporter">Reporter</dt><dd>Cathy &lt;Customer&gt;</dd>');
    expect(page).not.toContain('<dt title="customfield_10010">');
    expect(page).toContain('It is &lt;very&gt; hot');
    expect(page).toContain('value="11"');
    expect(page).toContain('>Start progress</button>');
  });

  test('customers get the portal view: no panel, no internal comments, no transitions', async () => {
    const { request, opened } = setup();
    const page = await (await request('/browse/ITS-1', { as: 'acc-customer' })).text();
    expect(opened).toEqual([]);
    expect(page).not.toContain('<iframe');
    expect(page).toContain('Public hello');
    expect(page).not.toContain('Internal only');
    expect(page).not.toContain('Start progress');
    expect(page).toContain('<dt>Description</dt>');
  });

  test('an approver approves through the page and sees the new status', async () => {
    const { request } = setup();
    const before = await (await request('/browse/ITS-2', { as: 'acc-approver' })).text();
    expect(before).toContain('action="/browse/ITS-2/approval/7"');
    const res = await request('/browse/ITS-2/approval/7', { as: 'acc-approver', form: { decision: 'approve' } });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    const flash = /provisio_sandbox_flash=[^;]+/.exec(cookie)?.[0];
    const after = await (await request('/browse/ITS-2', { as: 'acc-approver', cookie: flash })).text();
    expect(after).toContain('You approved ITS-2.');
    expect(after).toContain('data-testid="issue-status">In Progress</span>');
    expect(after).not.toContain('action="/browse/ITS-2/approval/7"');
  });

  test('Jira errors are readable pages, and failed actions come back as messages', async () => {
    const { request } = setup();
    const missing = await request('/browse/ITS-99', { as: 'acc-agent' });
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain('Issue does not exist or you do not have permission to see it.');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    const refused = await request('/browse/ITS-1/approval/7', { as: 'acc-agent', form: { decision: 'approve' } });
    expect(refused.status).toBe(303);
    expect(decodeURIComponent(refused.headers.get('set-cookie') ?? '')).toContain('You cannot answer this approval.');
  });

  test('the admin page is the admin Custom UI for admins and a 403 for others', async () => {
    const { request, opened } = setup();
    const admin = await request('/jira/settings/apps/provisio', { as: 'acc-admin' });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('src="/__forge/resources/admin/tok1/"');
    expect(opened).toEqual([{ moduleKey: 'provisio-admin', accountId: 'acc-admin', extension: {} }]);
    const customer = await request('/jira/settings/apps/provisio', { as: 'acc-customer' });
    expect(customer.status).toBe(403);
    expect(await customer.text()).not.toContain('<iframe');
  });

  test('the sandbox page shows the clock and its form moves it', async () => {
    const { request, advanced } = setup();
    const page = await (await request('/__sandbox/')).text();
    expect(page).toContain('2026-01-02T00:00:00.000Z');
    expect(page).toContain('scheduled &lt;trigger&gt;');
    const res = await request('/__sandbox/ui/clock', { form: { amount: '2', unit: 'hours' } });
    expect(res.status).toBe(303);
    expect(advanced).toEqual([7200]);
    await request('/__sandbox/ui/clock', { form: { amount: '-1', unit: 'hours' } });
    expect(advanced).toEqual([7200]);
  });

  test('serves its stylesheet', async () => {
    const { request } = setup();
    const res = await request('/__sandbox/ui/styles.css');
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await res.text()).toContain('.lozenge-green');
  });
});
