/**
 * Every route the stand-in serves is exercised here, and each request body sent and response
 * body received is validated against the official Jira platform / JSM OpenAPI specs. The last
 * tests check the route table: a served route missing from the spec, or never exercised with
 * a validated success response, fails the suite.
 */
import { servedRoutes, type ServedRoute } from '../../sandbox/jira';
import { contractPath, describeWithContracts } from '../helpers/contracts';
import { harness, helpValues, onboardingValues, send, type ApiResponse, type Harness, type Who } from './harness';
import { SpecValidator } from './openapi';

/**
 * Statuses the stand-in answers on purpose although the spec does not declare them.
 * The removed search answers 410 Gone like Jira Cloud does now; the spec still lists it.
 */
const UNDECLARED_BY_DESIGN: Record<string, number> = {
  'GET /rest/api/3/search': 410,
  'POST /rest/api/3/search': 410,
};

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

describeWithContracts('Jira stand-in conforms to the official Jira Cloud platform and JSM specs', () => {
  const routes = servedRoutes();
  const covered = new Map<string, Set<number>>();
  let h: Harness;
  let validator: SpecValidator;

  const routeKey = (r: Pick<ServedRoute, 'method' | 'path'>): string => `${r.method} ${r.path}`;

  function matchRoute(method: string, path: string): ServedRoute {
    const pathname = path.split('?')[0] ?? path;
    // A literal segment beats a parameter (`/project/search` over `/project/{projectIdOrKey}`), as in the router.
    const params = (r: ServedRoute): number => (r.path.match(/\{/g) ?? []).length;
    const matches = routes.filter((r) => r.method === method && templateRegex(r.path).test(pathname)).sort((a, b) => params(a) - params(b));
    if (matches.length === 0) throw new Error(`${method} ${pathname} matches no served route`);
    return matches[0] as ServedRoute;
  }

  /** Sends the request, validating the body sent and the body received against the spec. */
  async function check<T = unknown>(who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, expectStatus?: number): Promise<ApiResponse<T>> {
    const route = matchRoute(method, path);
    if (body !== undefined && route.path !== '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}') {
      expect({ request: `${method} ${path}`, errors: validator.validateRequest(route.spec, route.path, method, body) }).toEqual({ request: `${method} ${path}`, errors: [] });
    }
    const res = await send<T>(h.standIn, who, method, path, body);
    if (expectStatus !== undefined) expect({ call: `${method} ${path}`, status: res.status, body: res.text.slice(0, 300) }).toMatchObject({ status: expectStatus });
    const key = routeKey(route);
    if (UNDECLARED_BY_DESIGN[key] === res.status) {
      expect(res.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    } else {
      const result = validator.validateResponse(route.spec, route.path, method, res.status, res.body);
      expect({ call: `${method} ${path}`, status: res.status, declared: result.declared, errors: result.errors }).toEqual({
        call: `${method} ${path}`,
        status: res.status,
        declared: true,
        errors: [],
      });
    }
    const statuses = covered.get(key) ?? new Set<number>();
    statuses.add(res.status);
    covered.set(key, statuses);
    return res;
  }

  beforeAll(() => {
    h = harness();
    validator = new SpecValidator({
      platform: contractPath('jira', 'jira-platform-swagger-v3.v3.json'),
      jsm: contractPath('jira', 'jira-service-management-swagger.v3.json'),
    });
  });

  test('users and groups', async () => {
    const { users, groups } = h.seed;
    await check(users.adaAdmin, 'GET', '/rest/api/3/myself?expand=groups,applicationRoles', undefined, 200);
    await check('app', 'GET', '/rest/api/3/myself', undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/user?accountId=${encodeURIComponent(users.ritaRequester.accountId)}&expand=groups`, undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/user?accountId=712020:nobody', undefined, 404);
    await check(users.alanAgent, 'GET', '/rest/api/3/user/search?query=ann', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/users/search?maxResults=3', undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/group/member?groupId=${groups.jsmUsers.groupId}&maxResults=2`, undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/group/member?groupId=nope', undefined, 404);
    await check(users.adaAdmin, 'POST', `/rest/api/3/group/user?groupId=${groups.jiraAdmins.groupId}`, { accountId: users.graceAgent.accountId }, 201);
    await check('app', 'POST', `/rest/api/3/group/user?groupId=${groups.jiraAdmins.groupId}`, { accountId: users.alanAgent.accountId }, 403);
    await check(users.adaAdmin, 'DELETE', `/rest/api/3/group/user?groupId=${groups.jiraAdmins.groupId}&accountId=${users.graceAgent.accountId}`, undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/groups/picker?query=jira', undefined, 200);
    const info = await check<{ baseUrl: string }>('app', 'GET', '/rest/api/3/serverInfo', undefined, 200);
    expect(info.body.baseUrl).toMatch(/^https?:\/\/[^/]+$/);
  });

  test('permissions', async () => {
    const { users, projects } = h.seed;
    await check('app', 'GET', '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,ADMINISTER,SERVICEDESK_AGENT', undefined, 200);
    await check(users.ritaRequester, 'GET', '/rest/api/3/mypermissions?projectKey=ITS&permissions=BROWSE_PROJECTS,EDIT_ISSUES', undefined, 200);
    await check('app', 'GET', '/rest/api/3/mypermissions', undefined, 400);
    await check('app', 'GET', '/rest/api/3/mypermissions?projectKey=NOPE&permissions=BROWSE_PROJECTS', undefined, 404);
    await check(
      'app',
      'POST',
      '/rest/api/3/permissions/check',
      { accountId: users.ritaRequester.accountId, globalPermissions: ['ADMINISTER'], projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'CREATE_ISSUES'], projects: [Number(projects.its.id)] }] },
      200,
    );
    await check(users.ritaRequester, 'POST', '/rest/api/3/permissions/check', { accountId: users.adaAdmin.accountId, globalPermissions: ['ADMINISTER'] }, 403);
    await check('app', 'POST', '/rest/api/3/permissions/check', { projectPermissions: [{ permissions: ['NOT_A_PERMISSION'] }] }, 400);
  });

  test('projects, fields, statuses', async () => {
    const { users } = h.seed;
    await check(users.alanAgent, 'GET', '/rest/api/3/project/search?expand=description,lead,issueTypes,url,insight&maxResults=1', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/project/ITS', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/project/OPS?expand=insight', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/project/NOPE', undefined, 404);
    await check(users.alanAgent, 'GET', '/rest/api/3/field', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/status', undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/statuscategory', undefined, 200);
  });

  test('service desks and request types', async () => {
    const { users, serviceDeskId, requestTypeIds } = h.seed;
    await check(users.ritaRequester, 'GET', '/rest/servicedeskapi/servicedesk', undefined, 200);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/servicedesk/${serviceDeskId}`, undefined, 200);
    await check(users.ritaRequester, 'GET', '/rest/servicedeskapi/servicedesk/999', undefined, 404);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype?limit=2`, undefined, 200);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype/${requestTypeIds['New AWS account']}`, undefined, 200);
    for (const id of Object.values(requestTypeIds)) {
      await check(users.alanAgent, 'GET', `/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype/${id}/field`, undefined, 200);
    }
  });

  test('customer requests of every request type, comments, approvals, status, participants', async () => {
    const { users, serviceDeskId, requestTypeIds, customFieldIds: f } = h.seed;
    const create = (who: Who, requestType: keyof typeof requestTypeIds, values: Record<string, unknown>, status = 201) =>
      check<{ issueKey: string }>(who, 'POST', '/rest/servicedeskapi/request', { serviceDeskId, requestTypeId: requestTypeIds[requestType], requestFieldValues: values }, status);
    const help = await create(users.ritaRequester, 'Get IT help', helpValues('Printer'));
    const onboarding = await create(users.ritaRequester, 'Onboard a new employee', onboardingValues(h.seed));
    await create(users.carlCustomer, 'New AWS account', {
      summary: 'Sandbox account',
      [f['Account name'] as string]: 'sandbox-42',
      [f['Account email'] as string]: 'aws-sandbox-42@provisio-demo.example',
      [f['Organizational unit'] as string]: 'ou-sandbox',
      [f['Environment'] as string]: { value: 'dev' },
      [f['Cost center'] as string]: 'CC-100',
      [f['Account owner'] as string]: users.carlCustomer.accountId,
      [f['Approvers'] as string]: users.annApprover.accountId,
    });
    await create(users.carlCustomer, 'Temporary elevated access', {
      summary: 'Prod access',
      [f['Access target'] as string]: 'prod-admins',
      [f['Duration'] as string]: 60,
      [f['Start time'] as string]: '2026-11-22T09:00:00.000+0000',
      [f['Justification'] as string]: 'Incident 7',
    });
    await create(users.alanAgent, 'Secret change', {
      summary: 'Rotate',
      [f['Secret ARNs'] as string]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:a\narn:aws:secretsmanager:eu-west-1:123456789012:secret:b',
      [f['Change window start'] as string]: '2026-11-22T10:00:00Z',
      [f['Change window end'] as string]: '2026-11-22T11:00:00Z',
      [f['Reason'] as string]: 'Rotation',
    });
    await create(users.ritaRequester, 'Onboard a new employee', { summary: 'missing everything' }, 400);

    const all = 'expand=participant,status,sla,requestType,serviceDesk,attachment,action,comment';
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request?${all}`, undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/servicedeskapi/request?requestOwnership=ALL_REQUESTS&limit=2', undefined, 200);
    await check(users.annApprover, 'GET', '/rest/servicedeskapi/request?requestOwnership=APPROVER&approvalStatus=MY_PENDING_APPROVAL', undefined, 200);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request/${onboarding.body.issueKey}?${all}`, undefined, 200);
    await check(users.carlCustomer, 'GET', `/rest/servicedeskapi/request/${onboarding.body.issueKey}`, undefined, 404);

    const key = help.body.issueKey;
    await check(users.alanAgent, 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'internal note', public: false }, 201);
    await check(users.ritaRequester, 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'thanks', public: true }, 201);
    await check(users.ritaRequester, 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'sneaky', public: false }, 403);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request/${key}/comment?expand=renderedBody`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/servicedeskapi/request/${key}/comment?public=false`, undefined, 200);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request/${key}/status`, undefined, 200);

    const ok = onboarding.body.issueKey;
    const approvals = await check<{ values: { id: string }[] }>(users.annApprover, 'GET', `/rest/servicedeskapi/request/${ok}/approval`, undefined, 200);
    const approvalId = approvals.body.values[0]?.id ?? '';
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request/${ok}/approval/${approvalId}`, undefined, 200);
    await check(users.alanAgent, 'POST', `/rest/servicedeskapi/request/${ok}/approval/${approvalId}`, { decision: 'approve' }, 403);
    await check(users.annApprover, 'POST', `/rest/servicedeskapi/request/${ok}/approval/${approvalId}`, { decision: 'approve' }, 200);
    await check(users.bobApprover, 'POST', `/rest/servicedeskapi/request/${ok}/approval/${approvalId}`, { decision: 'decline' }, 409);
    await check(users.annApprover, 'GET', `/rest/servicedeskapi/request/${ok}/approval/999`, undefined, 404);
    await check(users.ritaRequester, 'GET', `/rest/servicedeskapi/request/${ok}/status`, undefined, 200);

    await check(users.alanAgent, 'POST', `/rest/servicedeskapi/request/${key}/participant`, { accountIds: [users.carlCustomer.accountId, users.bobApprover.accountId] }, 200);
    await check(users.carlCustomer, 'GET', `/rest/servicedeskapi/request/${key}/participant`, undefined, 200);
    await check(users.carlCustomer, 'POST', `/rest/servicedeskapi/request/${key}/participant`, { accountIds: [users.annApprover.accountId] }, 403);
    await check(users.ritaRequester, 'DELETE', `/rest/servicedeskapi/request/${key}/participant`, { accountIds: [users.bobApprover.accountId] }, 200);
  });

  test('issues: create, read with every expand, edit, assign, transition, delete', async () => {
    const { users, customFieldIds: f } = h.seed;
    const created = await check<{ id: string; key: string }>(
      users.alanAgent,
      'POST',
      '/rest/api/3/issue',
      {
        fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Export audit trail', description: adf('Monthly export.'), labels: ['audit'] },
        properties: [{ key: 'provisio', value: { v: 1 } }],
      },
      201,
    );
    await check(users.alanAgent, 'POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' } } }, 400);
    await check(users.ritaRequester, 'POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x' } }, 400);
    const key = created.body.key;
    await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Export audit trail (Nov)' }, update: { labels: [{ add: 'export' }] } }, 204);
    await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}?returnIssue=true`, { fields: { description: adf('Updated') } }, 200);
    await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}`, { fields: { priority: { name: 'High' } } }, 400);
    await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}/assignee`, { accountId: users.graceAgent.accountId }, 204);
    // Unassigning leaves `to`/`toString` empty in the changelog, which the spec types as strings.
    await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}`, { fields: { assignee: null } }, 204);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/changelog`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/transitions`, undefined, 200);
    await check(users.alanAgent, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '21' } }, 204);
    await check(users.alanAgent, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '999' } }, 400);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}?expand=changelog,names,renderedFields,schema,transitions&properties=*all`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}?fields=summary,-description&fieldsByKeys=false`, undefined, 200);
    await check(users.alanAgent, 'GET', '/rest/api/3/issue/OPS-999', undefined, 404);

    // A service request read through REST v3 shows every custom field kind.
    const req = await check<{ issueKey: string }>(users.ritaRequester, 'POST', '/rest/servicedeskapi/request', {
      serviceDeskId: h.seed.serviceDeskId,
      requestTypeId: h.seed.requestTypeIds['Temporary elevated access'],
      requestFieldValues: { summary: 'x', [f['Access target'] as string]: 'db', [f['Duration'] as string]: 30, [f['Justification'] as string]: 'why', [f['Start time'] as string]: '2026-11-21T10:00:00Z' },
    }, 201);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${req.body.issueKey}?expand=names,schema,renderedFields`, undefined, 200);
    await check(users.adaAdmin, 'DELETE', `/rest/api/3/issue/${key}`, undefined, 204);
    await check(users.alanAgent, 'DELETE', `/rest/api/3/issue/${req.body.issueKey}`, undefined, 403);
  });

  test('comments, changelog, properties', async () => {
    const { users } = h.seed;
    const created = await check<{ key: string; id: string }>(users.alanAgent, 'POST', '/rest/api/3/issue', { fields: { project: { key: 'ITS' }, issuetype: { name: 'Service Request' }, summary: 'Platform-created' } }, 201);
    const key = created.body.key;
    const comment = await check<{ id: string }>('app', 'POST', `/rest/api/3/issue/${key}/comment?expand=renderedBody`, { body: adf('Provisioned.'), properties: [{ key: 'sd.public.comment', value: { internal: true } }] }, 201);
    await check('app', 'POST', `/rest/api/3/issue/${key}/comment`, { body: 'not adf' }, 400);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/comment?orderBy=-created&expand=renderedBody`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/comment/${comment.body.id}`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/comment/99999`, undefined, 404);

    for (let i = 0; i < 3; i++) await check(users.alanAgent, 'PUT', `/rest/api/3/issue/${key}`, { fields: { summary: `rev ${i}` } }, 204);
    await check(users.alanAgent, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } }, 204);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/changelog?maxResults=2`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/issue/${key}/changelog?startAt=2`, undefined, 200);
    const bulk = await check<{ nextPageToken?: string }>('app', 'POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [key, created.body.id], maxResults: 2 }, 200);
    await check('app', 'POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [key], fieldIds: ['status'], nextPageToken: bulk.body.nextPageToken }, 400);
    await check('app', 'POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [key, created.body.id], maxResults: 2, nextPageToken: bulk.body.nextPageToken }, 200);

    const prop = `/rest/api/3/issue/${key}/properties/provisio.state`;
    await check('app', 'PUT', prop, { step: 'approved', grants: [1, 2] }, 201);
    await check('app', 'PUT', prop, { step: 'done' }, 200);
    await check(users.alanAgent, 'GET', prop, undefined, 200);
    await check(users.ritaRequester, 'PUT', prop, { step: 'hacked' }, 404);
    await check('app', 'DELETE', prop, undefined, 204);
    await check('app', 'GET', prop, undefined, 404);
  });

  test('search', async () => {
    const { users } = h.seed;
    const jql = encodeURIComponent('project in (ITS, OPS) ORDER BY created DESC, key ASC');
    const first = await check<{ nextPageToken?: string }>(users.alanAgent, 'GET', `/rest/api/3/search/jql?jql=${jql}&maxResults=2`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/search/jql?jql=${jql}&maxResults=2&nextPageToken=${encodeURIComponent(first.body.nextPageToken ?? '')}&fields=*all`, undefined, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('summary ~ ')}`, undefined, 400);
    await check(users.alanAgent, 'POST', '/rest/api/3/search/jql', { jql: 'project = ITS', fields: ['summary', 'status', 'assignee', 'comment'], expand: 'names,schema,changelog,renderedFields,transitions', properties: ['provisio'], maxResults: 3 }, 200);
    await check(users.alanAgent, 'POST', '/rest/api/3/search/jql', { jql: 'project = ITS', fields: ['key'] }, 200);
    await check(users.ritaRequester, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = ITS' }, 200);
    await check(users.alanAgent, 'GET', `/rest/api/3/search?jql=${jql}`, undefined, 410);
    await check(users.alanAgent, 'POST', '/rest/api/3/search', { jql: 'project = ITS' }, 410);
  });

  test('every served route is an operation of its official spec', () => {
    const missing = routes.filter((r) => !validator.operation(r.spec, r.path, r.method)).map(routeKey);
    expect(missing).toEqual([]);
  });

  test('every served route was exercised with a validated success response', () => {
    const uncovered = routes
      .filter((r) => {
        const statuses = [...(covered.get(routeKey(r)) ?? [])];
        return !statuses.some((s) => s < 300 || UNDECLARED_BY_DESIGN[routeKey(r)] === s);
      })
      .map(routeKey);
    expect(uncovered).toEqual([]);
  });
});
