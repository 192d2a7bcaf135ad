import { createJiraStandIn, seedDemo } from '../../sandbox/jira';
import { APP_ID, ManualClock, SITE, basicAuth, harness, helpValues, raise } from './harness';

describe('authentication', () => {
  const h = harness();
  const ada = h.seed.users.adaAdmin;

  test('Basic auth with email:apiToken works; a wrong or missing token is 401', async () => {
    expect((await h.as(ada).get('/rest/api/3/myself')).status).toBe(200);
    const wrong = await h.as({ raw: basicAuth({ email: ada.email, token: 'ATATT-wrong' }) }).get<{ errorMessages: string[] }>('/rest/api/3/myself');
    expect(wrong.status).toBe(401);
    expect(wrong.body.errorMessages[0]).toMatch(/must be authenticated/);
    const otherUsersToken = await h.as({ raw: basicAuth({ email: ada.email, token: h.seed.users.alanAgent.token }) }).get('/rest/api/3/myself');
    expect(otherUsersToken.status).toBe(401);
    expect((await h.as({ raw: '' }).get('/rest/api/3/myself')).status).toBe(401);
    expect((await h.as({ raw: 'Bearer abc' }).get('/rest/api/3/field')).status).toBe(401);
    const jsm = await h.as({ raw: 'Basic Zm9vOmJhcg==' }).get<{ errorMessage: string }>('/rest/servicedeskapi/servicedesk');
    expect(jsm.status).toBe(401);
    expect(jsm.body.errorMessage).toMatch(/must be authenticated/);
  });

  test('fetchAs acts as the account without Basic auth; unknown accounts are 401', async () => {
    const me = await h.standIn.fetchAs(APP_ID, new Request(`${SITE}/rest/api/3/myself`));
    expect(await me.json()).toMatchObject({ accountId: APP_ID, accountType: 'app', displayName: 'Provisio' });
    const asAda = await h.standIn.fetchAs(ada.accountId, new Request(`${SITE}/rest/api/3/myself`));
    expect(await asAda.json()).toMatchObject({ accountId: ada.accountId });
    expect((await h.standIn.fetchAs('712020:nobody', new Request(`${SITE}/rest/api/3/myself`))).status).toBe(401);
  });

  test('the app user exists from creation with accountType app', () => {
    const standIn = createJiraStandIn({ clock: new ManualClock(), onEvent: () => undefined, siteUrl: SITE, appAccountId: APP_ID });
    expect(standIn.store.getUser(APP_ID)).toMatchObject({ accountType: 'app', displayName: 'Provisio' });
  });
});

describe('snapshot and restore', () => {
  test('state round-trips through JSON and seedDemo returns the existing seed', async () => {
    const h = harness();
    const req = await raise(h, h.seed.users.ritaRequester, 'Get IT help', helpValues('persist me'));
    await h.as(h.seed.users.alanAgent).post(`/rest/servicedeskapi/request/${req.issueKey}/comment`, { body: 'internal', public: false });
    const snap = JSON.parse(JSON.stringify(h.standIn.snapshot())) as unknown;

    const events: unknown[] = [];
    const restored = createJiraStandIn({ clock: new ManualClock(), onEvent: (e) => events.push(e), siteUrl: SITE, appAccountId: APP_ID });
    restored.restore(snap);
    const seed = seedDemo(restored);
    expect(seed).toEqual(h.seed);
    const res = await restored.app.request(`/rest/api/3/issue/${req.issueKey}?fields=summary,comment`, { headers: { authorization: basicAuth(seed.users.graceAgent) } });
    const body = (await res.json()) as { fields: { summary: string; comment: { total: number } } };
    expect(body.fields.summary).toBe('persist me');
    expect(body.fields.comment.total).toBe(1);
    // Ids keep counting from where they were.
    const next = await restored.app.request('/rest/servicedeskapi/request', {
      method: 'POST',
      headers: { authorization: basicAuth(seed.users.ritaRequester), 'content-type': 'application/json' },
      body: JSON.stringify({ serviceDeskId: seed.serviceDeskId, requestTypeId: seed.requestTypeIds['Get IT help'], requestFieldValues: helpValues('second') }),
    });
    expect(((await next.json()) as { issueKey: string }).issueKey).toBe('ITS-2');
    expect(events).toHaveLength(1);
    expect(() => restored.restore({ version: 99 })).toThrow(TypeError);
  });
});

describe('store methods for the web UI go through the same logic and events', () => {
  test('create, approve, comment and view as users', () => {
    const h = harness();
    const { store } = h.standIn;
    const { users, serviceDeskId, requestTypeIds, customFieldIds } = h.seed;
    const issue = store.createCustomerRequest(users.ritaRequester.accountId, {
      serviceDeskId,
      requestTypeId: requestTypeIds['Secret change'],
      requestFieldValues: {
        summary: 'Rotate DB password',
        [customFieldIds['Secret ARNs'] as string]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        [customFieldIds['Change window start'] as string]: '2026-11-22T10:00:00.000+0000',
        [customFieldIds['Change window end'] as string]: '2026-11-22T11:00:00Z',
        [customFieldIds['Reason'] as string]: 'Quarterly rotation',
      },
    });
    expect(store.listRequests(users.annApprover.accountId, { ownership: ['APPROVER'], approvalStatus: 'MY_PENDING_APPROVAL' })).toEqual([
      expect.objectContaining({ key: issue.key, awaitingMyApproval: true, status: expect.objectContaining({ name: 'Waiting for approval' }) }),
    ]);
    const view = store.viewIssue(users.annApprover.accountId, issue.key);
    expect(view.approvals[0]?.canAnswer).toBe(true);
    expect(view.fields.find((f) => f.label === 'Change window end')?.display).toBe('2026-11-22T11:00:00.000+0000');
    expect(() => store.answerApproval(users.carlCustomer.accountId, issue.key, view.approvals[0]?.id ?? '', 'approve')).toThrow(/does not exist/);
    store.answerApproval(users.annApprover.accountId, issue.key, view.approvals[0]?.id ?? '', 'approve');
    store.addComment(users.alanAgent.accountId, issue.key, { body: 'Scheduled.', internal: true });
    expect(store.viewIssue(users.ritaRequester.accountId, issue.key).comments).toHaveLength(0);
    const agentView = store.viewIssue(users.alanAgent.accountId, issue.key);
    expect(agentView.status.name).toBe('In Progress');
    expect(agentView.transitions.map((t) => t.name)).toEqual(['Resolve', 'Provisioning failed', 'Cancel request']);
    expect(agentView.can).toMatchObject({ commentInternal: true, isAgent: true });
    store.transitionIssue(users.alanAgent.accountId, issue.key, '21');
    expect(h.events.map((e) => [e.eventType, e.actorAccountId])).toEqual([
      ['avi:jira:created:issue', users.ritaRequester.accountId],
      ['avi:jira:updated:issue', users.annApprover.accountId],
      ['avi:jira:commented:issue', users.alanAgent.accountId],
      ['avi:jira:updated:issue', users.alanAgent.accountId],
    ]);
    expect(store.search(users.ritaRequester.accountId, 'statusCategory = Done').map((i) => i.key)).toEqual([issue.key]);
    const form = store.getRequestForm(requestTypeIds['Onboard a new employee']);
    expect(form?.requestType.needsApproval).toBe(true);
    expect(form?.fields.find((f) => f.label === 'Department')).toMatchObject({ kind: 'select', required: true, options: expect.arrayContaining([expect.objectContaining({ value: 'Engineering' })]) });
    expect(form?.fields.find((f) => f.label === 'Username')?.required).toBe(false);
  });
});
