import { EVENT } from '../../sandbox/jira';
import { APP_ID, harness, helpValues, onboardingValues, raise, type Harness } from './harness';

interface ApprovalJson {
  id: string;
  finalDecision: string;
  canAnswerApproval: boolean;
}
interface Paged<T> {
  values: T[];
  size: number;
  isLastPage: boolean;
}
interface IssueJson {
  id: string;
  key: string;
  fields: {
    status: { name: string; id: string };
    resolution: { name: string } | null;
    comment?: { comments: { id: string; jsdPublic: boolean }[] };
  };
}
interface ChangeItem {
  field: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

describe('JSM request lifecycle through the REST APIs', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  test('customer request → Waiting for approval → approved by an approver → In Progress, with events in order', async () => {
    const { users } = h.seed;
    const created = await raise(h, users.ritaRequester, 'Onboard a new employee', onboardingValues(h.seed));
    expect(created.currentStatus.status).toBe('Waiting for approval');
    expect(h.events.map((e) => e.eventType)).toEqual([EVENT.created]);
    const createdEvent = h.events[0];
    expect(createdEvent?.payload.atlassianId).toBe(users.ritaRequester.accountId);
    expect(createdEvent?.actorAccountId).toBe(users.ritaRequester.accountId);
    expect(createdEvent?.payload).toMatchObject({
      eventType: EVENT.created,
      issue: {
        id: created.issueId,
        key: created.issueKey,
        fields: {
          summary: 'Onboard Jane Doe',
          creator: { accountId: users.ritaRequester.accountId },
          reporter: { accountId: users.ritaRequester.accountId },
          assignee: null,
          status: { name: 'Waiting for approval' },
          project: { key: 'ITS' },
          issuetype: { name: 'Service Request with Approvals' },
          created: '2026-11-21T05:39:23.000+0000',
        },
      },
    });

    h.clock.advance(5 * 60_000);
    const approvals = await h.as(users.annApprover).get<Paged<ApprovalJson>>(`/rest/servicedeskapi/request/${created.issueKey}/approval`);
    expect(approvals.status).toBe(200);
    const approval = approvals.body.values[0] as ApprovalJson;
    expect(approval).toMatchObject({ finalDecision: 'pending', canAnswerApproval: true });

    const answered = await h.as(users.annApprover).post<ApprovalJson>(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approval.id}`, { decision: 'approve' });
    expect(answered.status).toBe(200);
    expect(answered.body.finalDecision).toBe('approved');

    const issue = await h.as(users.alanAgent).get<IssueJson>(`/rest/api/3/issue/${created.issueKey}`);
    expect(issue.body.fields.status.name).toBe('In Progress');

    expect(h.events.map((e) => e.eventType)).toEqual([EVENT.created, EVENT.updated]);
    const updated = h.events[1];
    expect(updated?.payload.atlassianId).toBe(users.annApprover.accountId);
    expect(updated?.actorAccountId).toBe(users.annApprover.accountId);
    const changelog = updated?.payload.changelog as { id: string; items: ChangeItem[] };
    expect(changelog.items).toContainEqual({
      field: 'status',
      fieldtype: 'jira',
      fieldId: 'status',
      from: '10001',
      fromString: 'Waiting for approval',
      to: '10003',
      toString: 'In Progress',
    });
    const associated = updated?.payload.associatedStatuses as { id: string; name: string }[];
    expect(associated.map((s) => s.name).sort()).toEqual(['In Progress', 'Waiting for approval']);
    expect((updated?.payload.issue as IssueJson).fields.status.name).toBe('In Progress');
    expect((updated?.payload.issue as { fields: { updated: string } }).fields.updated).toBe('2026-11-21T05:44:23.000+0000');
  });

  test('a non-approver cannot approve; a decided approval cannot be answered again', async () => {
    const { users } = h.seed;
    const created = await raise(h, users.ritaRequester, 'Onboard a new employee', onboardingValues(h.seed));
    const approvals = await h.as(users.alanAgent).get<Paged<ApprovalJson>>(`/rest/servicedeskapi/request/${created.issueKey}/approval`);
    const approvalId = approvals.body.values[0]?.id ?? '';
    expect(approvals.body.values[0]?.canAnswerApproval).toBe(false);

    for (const who of [users.alanAgent, users.ritaRequester, users.adaAdmin]) {
      const res = await h.as(who).post<{ errorMessage: string }>(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approvalId}`, { decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.errorMessage).toMatch(/not an approver/);
    }
    const appAttempt = await h.as('app').post(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approvalId}`, { decision: 'approve' });
    expect(appAttempt.status).toBe(403);
    // Carl is not involved, so for him the request does not exist.
    const carl = await h.as(users.carlCustomer).post(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approvalId}`, { decision: 'approve' });
    expect(carl.status).toBe(404);

    const declined = await h.as(users.bobApprover).post<ApprovalJson>(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approvalId}`, { decision: 'decline' });
    expect(declined.body.finalDecision).toBe('declined');
    const again = await h.as(users.annApprover).post(`/rest/servicedeskapi/request/${created.issueKey}/approval/${approvalId}`, { decision: 'approve' });
    expect(again.status).toBe(409);

    const issue = await h.as(users.alanAgent).get<IssueJson>(`/rest/api/3/issue/${created.issueKey}`);
    expect(issue.body.fields.status.name).toBe('Declined');
    expect(issue.body.fields.resolution?.name).toBe('Declined');
    expect(h.events.filter((e) => e.eventType === EVENT.updated)).toHaveLength(1);
    expect(h.events[1]?.payload.atlassianId).toBe(users.bobApprover.accountId);
  });

  test('customers see only their own requests (JSM list, issue GET and JQL search)', async () => {
    const { users } = h.seed;
    const ritas = await raise(h, users.ritaRequester, 'Get IT help', helpValues('Rita: printer broken'));
    const carls = await raise(h, users.carlCustomer, 'Get IT help', helpValues('Carl: laptop slow'));

    const mine = await h.as(users.ritaRequester).get<Paged<{ issueKey: string }>>('/rest/servicedeskapi/request');
    expect(mine.body.values.map((v) => v.issueKey)).toEqual([ritas.issueKey]);
    expect((await h.as(users.ritaRequester).get(`/rest/servicedeskapi/request/${carls.issueKey}`)).status).toBe(404);
    expect((await h.as(users.ritaRequester).get(`/rest/api/3/issue/${carls.issueKey}`)).status).toBe(404);

    const search = await h.as(users.ritaRequester).get<{ issues: { id: string }[] }>(`/rest/api/3/search/jql?jql=${encodeURIComponent('project = ITS')}`);
    expect(search.body.issues.map((i) => i.id)).toEqual([ritas.issueId]);

    const agent = await h.as(users.alanAgent).get<{ issues: { id: string }[] }>(`/rest/api/3/search/jql?jql=${encodeURIComponent('project = ITS ORDER BY key ASC')}`);
    expect(agent.body.issues.map((i) => i.id)).toEqual([ritas.issueId, carls.issueId]);

    // Approvers see the requests they must approve.
    const onboarding = await raise(h, users.carlCustomer, 'Onboard a new employee', onboardingValues(h.seed));
    const pending = await h.as(users.annApprover).get<Paged<{ issueKey: string }>>('/rest/servicedeskapi/request?requestOwnership=APPROVER&approvalStatus=MY_PENDING_APPROVAL');
    expect(pending.body.values.map((v) => v.issueKey)).toEqual([onboarding.issueKey]);
    expect((await h.as(users.annApprover).get(`/rest/api/3/issue/${onboarding.issueKey}`)).status).toBe(200);
    expect((await h.as(users.annApprover).get(`/rest/api/3/issue/${ritas.issueKey}`)).status).toBe(404);
  });

  test('internal comments are hidden from the customer on every API', async () => {
    const { users } = h.seed;
    const req = await raise(h, users.ritaRequester, 'Get IT help', helpValues('VPN down'));
    const internal = await h.as(users.alanAgent).post<{ id: string; public: boolean }>(`/rest/servicedeskapi/request/${req.issueKey}/comment`, { body: 'Looks like the cert expired.', public: false });
    expect(internal.status).toBe(201);
    expect(internal.body.public).toBe(false);
    const publicReply = await h.as(users.alanAgent).post<{ id: string }>(`/rest/servicedeskapi/request/${req.issueKey}/comment`, { body: 'Working on it.', public: true });
    // REST v3 internal note through the sd.public.comment property.
    const v3Internal = await h.as('app').post<{ id: string; jsdPublic: boolean; properties: { key: string; value: unknown }[] }>(`/rest/api/3/issue/${req.issueKey}/comment`, {
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Provisioning log attached.' }] }] },
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    });
    expect(v3Internal.status).toBe(201);
    expect(v3Internal.body.jsdPublic).toBe(false);
    expect(v3Internal.body.properties).toContainEqual({ key: 'sd.public.comment', value: { internal: true } });

    const customerJsm = await h.as(users.ritaRequester).get<Paged<{ id: string; public: boolean }>>(`/rest/servicedeskapi/request/${req.issueKey}/comment`);
    expect(customerJsm.body.values.map((c) => c.id)).toEqual([publicReply.body.id]);
    const customerV3 = await h.as(users.ritaRequester).get<{ comments: { id: string }[]; total: number }>(`/rest/api/3/issue/${req.issueKey}/comment`);
    expect(customerV3.body.comments.map((c) => c.id)).toEqual([publicReply.body.id]);
    expect(customerV3.body.total).toBe(1);
    const customerIssue = await h.as(users.ritaRequester).get<IssueJson>(`/rest/api/3/issue/${req.issueKey}?fields=comment`);
    expect(customerIssue.body.fields.comment?.comments.map((c) => c.id)).toEqual([publicReply.body.id]);
    expect((await h.as(users.ritaRequester).get(`/rest/api/3/issue/${req.issueKey}/comment/${internal.body.id}`)).status).toBe(404);

    const agentJsm = await h.as(users.graceAgent).get<Paged<{ id: string }>>(`/rest/servicedeskapi/request/${req.issueKey}/comment`);
    expect(agentJsm.body.values).toHaveLength(3);

    const customerInternal = await h.as(users.ritaRequester).post(`/rest/servicedeskapi/request/${req.issueKey}/comment`, { body: 'secret', public: false });
    expect(customerInternal.status).toBe(403);
    const commented = h.events.filter((e) => e.eventType === EVENT.commented);
    expect(commented).toHaveLength(3);
    expect((commented[0]?.payload.comment as { jsdPublic: boolean }).jsdPublic).toBe(false);
  });

  test('agent transitions: only those available from the current status are listed; resolutions are set', async () => {
    const { users } = h.seed;
    const req = await raise(h, users.ritaRequester, 'Get IT help', helpValues('Need a monitor'));
    expect(req.currentStatus.status).toBe('Open');
    const names = async (who: Parameters<Harness['as']>[0]): Promise<string[]> =>
      (await h.as(who).get<{ transitions: { name: string }[] }>(`/rest/api/3/issue/${req.issueKey}/transitions`)).body.transitions.map((t) => t.name);
    expect(await names(users.alanAgent)).toEqual(['Start progress', 'Cancel request']);
    expect(await names(users.ritaRequester)).toEqual([]);
    expect(await names('app')).toEqual(['Start progress', 'Cancel request']);

    const bad = await h.as(users.alanAgent).post<{ errorMessages: string[] }>(`/rest/api/3/issue/${req.issueKey}/transitions`, { transition: { id: '21' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/not valid/);
    expect((await h.as(users.ritaRequester).post(`/rest/api/3/issue/${req.issueKey}/transitions`, { transition: { id: '11' } })).status).toBe(400);

    expect((await h.as('app').post(`/rest/api/3/issue/${req.issueKey}/transitions`, { transition: { id: '11' } })).status).toBe(204);
    expect(await names(users.alanAgent)).toEqual(['Resolve', 'Provisioning failed', 'Cancel request']);
    expect((await h.as('app').post(`/rest/api/3/issue/${req.issueKey}/transitions`, { transition: { id: '31' } })).status).toBe(204);
    expect(await names('app')).toEqual(['Resolve', 'Retry', 'Cancel request']);
    await h.as('app').post(`/rest/api/3/issue/${req.issueKey}/transitions`, {
      transition: { id: '21' },
      update: { comment: [{ add: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Done by Provisio' }] }] } } }] },
    });
    const issue = await h.as(users.alanAgent).get<IssueJson>(`/rest/api/3/issue/${req.issueKey}`);
    expect(issue.body.fields.status.name).toBe('Done');
    expect(issue.body.fields.resolution?.name).toBe('Done');
    expect(await names(users.alanAgent)).toEqual([]);
    const last = h.events.filter((e) => e.eventType === EVENT.updated).pop();
    expect(last?.actorAccountId).toBe(APP_ID);
    expect((last?.payload.changelog as { items: ChangeItem[] }).items.map((i) => i.fieldId)).toEqual(['resolution', 'status']);
    expect(h.events[h.events.length - 1]?.eventType).toBe(EVENT.commented);
  });

  test('request validation answers JSM errors: required fields, valid select values, unknown fields', async () => {
    const { users, serviceDeskId, requestTypeIds, customFieldIds } = h.seed;
    const post = (values: Record<string, unknown>) =>
      h.as(users.ritaRequester).post<{ errorMessage: string; i18nErrorMessage: { i18nKey: string } }>('/rest/servicedeskapi/request', {
        serviceDeskId,
        requestTypeId: requestTypeIds['Onboard a new employee'],
        requestFieldValues: values,
      });
    const missing = await post({ summary: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.errorMessage).toMatch(/First name is required/);
    const badSelect = await post({ ...onboardingValues(h.seed), [customFieldIds['Department'] as string]: { value: 'Legal' } });
    expect(badSelect.status).toBe(400);
    expect(badSelect.body.errorMessage).toMatch(/Option value 'Legal' is not valid/);
    const badDate = await post({ ...onboardingValues(h.seed), [customFieldIds['Start date'] as string]: '01/12/2026' });
    expect(badDate.body.errorMessage).toMatch(/Error parsing date string/);
    const unknown = await post({ ...onboardingValues(h.seed), [customFieldIds['Duration'] as string]: 5 });
    expect(unknown.status).toBe(400);
    const onBehalf = await h.as(users.ritaRequester).post('/rest/servicedeskapi/request', {
      serviceDeskId,
      requestTypeId: requestTypeIds['Get IT help'],
      requestFieldValues: helpValues('x'),
      raiseOnBehalfOf: users.carlCustomer.accountId,
    });
    expect(onBehalf.status).toBe(400);
    expect(h.events).toHaveLength(0);

    const byAgent = await h.as(users.alanAgent).post<{ reporter: { accountId: string } }>('/rest/servicedeskapi/request', {
      serviceDeskId,
      requestTypeId: requestTypeIds['Get IT help'],
      requestFieldValues: helpValues('For Carl'),
      raiseOnBehalfOf: users.carlCustomer.accountId,
      requestParticipants: [users.ritaRequester.accountId],
    });
    expect(byAgent.status).toBe(201);
    expect(byAgent.body.reporter.accountId).toBe(users.carlCustomer.accountId);
    expect((await h.as(users.ritaRequester).get('/rest/servicedeskapi/request')).text).toContain('For Carl');
  });

  test('group membership changes need a site admin: the app user gets 403', async () => {
    const { users, groups } = h.seed;
    const path = `/rest/api/3/group/user?groupId=${groups.jsmUsers.groupId}`;
    const asApp = await h.as('app').post<{ errorMessages: string[] }>(path, { accountId: users.ritaRequester.accountId });
    expect(asApp.status).toBe(403);
    expect(asApp.body.errorMessages[0]).toMatch(/relevant permissions/);
    expect((await h.as(users.alanAgent).post(path, { accountId: users.ritaRequester.accountId })).status).toBe(403);
    expect((await h.as(users.adaAdmin).post(path, { accountId: users.ritaRequester.accountId })).status).toBe(201);
    const members = await h.as(users.alanAgent).get<{ values: { accountId: string }[]; total: number }>(`/rest/api/3/group/member?groupId=${groups.jsmUsers.groupId}`);
    expect(members.body.values.map((u) => u.accountId)).toContain(users.ritaRequester.accountId);
    expect((await h.as('app').del(`${path}&accountId=${users.ritaRequester.accountId}`)).status).toBe(403);
    expect((await h.as(users.adaAdmin).del(`${path}&accountId=${users.ritaRequester.accountId}`)).status).toBe(200);
  });

  test('permissions: mypermissions and permissions/check (authorize()) reflect roles', async () => {
    const { users, projects } = h.seed;
    const my = await h.as('app').get<{ permissions: Record<string, { havePermission: boolean }> }>(
      `/rest/api/3/mypermissions?projectKey=ITS&permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS,SERVICEDESK_AGENT,DELETE_ISSUES,ADMINISTER`,
    );
    expect(my.body.permissions.BROWSE_PROJECTS?.havePermission).toBe(true);
    expect(my.body.permissions.ADMINISTER_PROJECTS?.havePermission).toBe(true);
    expect(my.body.permissions.SERVICEDESK_AGENT?.havePermission).toBe(true);
    expect(my.body.permissions.DELETE_ISSUES?.havePermission).toBe(false);
    expect(my.body.permissions.ADMINISTER?.havePermission).toBe(false);

    const req = await raise(h, users.ritaRequester, 'Get IT help', helpValues('mine'));
    const other = await raise(h, users.carlCustomer, 'Get IT help', helpValues('not hers'));
    const check = await h.as(users.ritaRequester).post<{ projectPermissions: { permission: string; issues: number[]; projects: number[] }[] }>('/rest/api/3/permissions/check', {
      accountId: users.ritaRequester.accountId,
      projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'], issues: [Number(req.issueId), Number(other.issueId)], projects: [Number(projects.its.id)] }],
    });
    expect(check.status).toBe(200);
    expect(check.body.projectPermissions).toEqual([
      { permission: 'BROWSE_PROJECTS', projects: [Number(projects.its.id)], issues: [Number(req.issueId)] },
      { permission: 'EDIT_ISSUES', projects: [], issues: [] },
    ]);
    const forOther = await h.as(users.ritaRequester).post('/rest/api/3/permissions/check', { accountId: users.alanAgent.accountId, globalPermissions: ['ADMINISTER'] });
    expect(forOther.status).toBe(403);
  });
});

describe('assignment, edits and deletion emit Jira events', () => {
  test('assign → updated then assigned; delete → deleted', async () => {
    const h = harness();
    const { users } = h.seed;
    const req = await raise(h, users.ritaRequester, 'Get IT help', helpValues('Keyboard'));
    h.events.length = 0;
    expect((await h.as(users.alanAgent).put(`/rest/api/3/issue/${req.issueKey}/assignee`, { accountId: users.graceAgent.accountId })).status).toBe(204);
    expect(h.events.map((e) => e.eventType)).toEqual([EVENT.updated, EVENT.assigned]);
    expect(h.events[1]?.payload).toMatchObject({
      atlassianId: users.alanAgent.accountId,
      associatedUsers: [{ accountId: users.graceAgent.accountId }],
      issue: { fields: { assignee: { accountId: users.graceAgent.accountId } } },
      changelog: { items: [{ field: 'assignee', from: null, to: users.graceAgent.accountId, toString: 'Grace Agent' }] },
    });
    expect((await h.as(users.alanAgent).put(`/rest/api/3/issue/${req.issueKey}/assignee`, { accountId: users.ritaRequester.accountId })).status).toBe(400);
    // Editing nothing changes nothing and emits nothing.
    expect((await h.as(users.alanAgent).put(`/rest/api/3/issue/${req.issueKey}`, { fields: { summary: 'Keyboard' } })).status).toBe(204);
    expect(h.events).toHaveLength(2);
    expect((await h.as(users.ritaRequester).put(`/rest/api/3/issue/${req.issueKey}`, { fields: { summary: 'mine' } })).status).toBe(403);

    expect((await h.as('app').del(`/rest/api/3/issue/${req.issueKey}`)).status).toBe(403);
    expect((await h.as(users.adaAdmin).del(`/rest/api/3/issue/${req.issueKey}`)).status).toBe(204);
    expect(h.events[h.events.length - 1]).toMatchObject({ eventType: EVENT.deleted, actorAccountId: users.adaAdmin.accountId, payload: { issue: { key: req.issueKey } } });
    expect((await h.as(users.adaAdmin).get(`/rest/api/3/issue/${req.issueKey}`)).status).toBe(404);
  });
});
