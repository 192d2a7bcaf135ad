import { SandboxClient, type SandboxUser } from '../helpers/sandbox-client';

interface CreatedRequest {
  issueId: string;
  issueKey: string;
}
interface Approval {
  id: string;
}
interface Comment {
  body: unknown;
  properties?: { key: string; value: unknown }[];
}
interface OktaUser {
  id: string;
  status: string;
  profile: { login: string; email: string; firstName: string };
}

/** End to end through the real JSM APIs: request → approve → the Okta stand-in holds the user and groups → both comments → Done. */
describe('onboarding a new employee', () => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await SandboxClient.start();
  });
  afterAll(() => client.close());

  const fieldId = (name: string) => {
    const id = client.sandbox.seed.customFieldIds[name];
    if (!id) throw new Error(`no field ${name}`);
    return id;
  };
  const values = (overrides: Record<string, unknown> = {}) => ({
    summary: 'Onboard Jane Doe',
    [fieldId('First name')]: '  Jane ',
    [fieldId('Last name')]: 'Doe',
    [fieldId('Work email')]: 'Jane.Doe@Provisio-Demo.example',
    [fieldId('Department')]: { value: 'Engineering' },
    [fieldId('Manager')]: client.user('alanAgent').accountId,
    [fieldId('Okta groups')]: ['Engineering', 'Contractors'],
    [fieldId('Start date')]: '2026-12-01',
    ...overrides,
  });

  async function raiseAndApprove(requestValues: Record<string, unknown>, requester: SandboxUser = client.user('ritaRequester')): Promise<CreatedRequest> {
    const seed = client.sandbox.seed;
    const created = await client.as(requester).post<CreatedRequest>('/rest/servicedeskapi/request', {
      serviceDeskId: seed.serviceDeskId,
      requestTypeId: seed.requestTypeIds['Onboard a new employee'],
      requestFieldValues: requestValues,
    });
    expect({ status: created.status, body: created.status === 201 ? undefined : created.body }).toEqual({ status: 201, body: undefined });
    const approver = client.as(client.user('annApprover'));
    const approvals = await approver.get<{ values: Approval[] }>(`/rest/servicedeskapi/request/${created.body.issueKey}/approval`);
    const decided = await approver.post(`/rest/servicedeskapi/request/${created.body.issueKey}/approval/${approvals.body.values[0]?.id}`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    await client.settle();
    return created.body;
  }

  const agent = () => client.as(client.user('alanAgent'));
  const status = async (key: string) => (await agent().get<{ fields: { status: { name: string } } }>(`/rest/api/3/issue/${key}?fields=status`)).body.fields.status.name;
  const comments = async (key: string) => (await agent().get<{ comments: Comment[] }>(`/rest/api/3/issue/${key}/comment?expand=properties`)).body.comments;
  const textOf = (comment: Comment) => JSON.stringify(comment.body);
  const isInternal = (comment: Comment) => comment.properties?.some((p) => p.key === 'sd.public.comment' && (p.value as { internal?: boolean }).internal === true) ?? false;
  const oktaUser = async (login: string) => client.okta<OktaUser>(`/api/v1/users/${encodeURIComponent(login)}`);
  const oktaGroups = async (userId: string) => (await client.okta<{ profile: { name: string } }[]>(`/api/v1/users/${userId}/groups`)).body.map((g) => g.profile.name).sort();

  test('an approved request creates the Okta user with its groups, comments twice and resolves', async () => {
    const request = await raiseAndApprove(values());
    const user = await oktaUser('jane.doe@provisio-demo.example');
    expect(user.status).toBe(200);
    expect(user.body.profile).toMatchObject({ login: 'jane.doe@provisio-demo.example', email: 'jane.doe@provisio-demo.example', firstName: 'Jane' });
    expect(user.body.status).toBe('PROVISIONED'); // activated without a password: Okta emails the activation link
    expect(await oktaGroups(user.body.id)).toEqual(expect.arrayContaining(['Contractors', 'Engineering']));

    const posted = await comments(request.issueKey);
    const internal = posted.filter(isInternal);
    const external = posted.filter((c) => !isInternal(c));
    expect(internal).toHaveLength(1);
    expect(textOf(internal[0]!)).toContain(user.body.id);
    expect(textOf(internal[0]!)).toContain('Ann Approver');
    expect(external).toHaveLength(1);
    expect(textOf(external[0]!)).toContain('activation email');
    expect(await status(request.issueKey)).toBe('Done');

    // The requester sees only the public comment.
    const asRequester = await client.as(client.user('ritaRequester')).get<{ values: unknown[] }>(`/rest/servicedeskapi/request/${request.issueKey}/comment`);
    expect(asRequester.body.values).toHaveLength(1);
  });

  test('an invalid email gets a public comment naming the field, and nothing is created in Okta', async () => {
    const before = client.sandbox.okta.requestLog().filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/users')).length;
    const request = await raiseAndApprove(values({ [fieldId('Work email')]: 'not-an-email', summary: 'Onboard bad email' }));
    const posted = await comments(request.issueKey);
    const external = posted.filter((c) => !isInternal(c));
    expect(external.map(textOf).join('\n')).toContain('Work email');
    expect(await status(request.issueKey)).toBe('Provisioning failed');
    const after = client.sandbox.okta.requestLog().filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/users')).length;
    expect(after).toBe(before);
  });

  test('a group not on the allow-list is refused before anything is created', async () => {
    const request = await raiseAndApprove(values({ [fieldId('Work email')]: 'greg@provisio-demo.example', [fieldId('Okta groups')]: ['Okta-Super-Admins'], summary: 'Onboard Greg' }));
    expect((await oktaUser('greg@provisio-demo.example')).status).toBe(404);
    expect((await comments(request.issueKey)).map(textOf).join('\n')).toContain('Okta-Super-Admins');
    expect(await status(request.issueKey)).toBe('Provisioning failed');
  });
});
