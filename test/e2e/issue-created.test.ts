import { SandboxClient } from '../helpers/sandbox-client';

/** Every created issue reaches the pre-flight trigger; issues outside a service desk must be ignored, not fail. */
describe('issue-created trigger', () => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await SandboxClient.start();
  });
  afterAll(() => client.close());

  test('an issue in a software project (no customer request) is ignored without a failed invocation', async () => {
    const agent = client.as(client.user('alanAgent'));
    const types = await agent.get<{ issueTypes: { id: string; name: string }[] }>('/rest/api/3/project/OPS');
    const created = await agent.post<{ key: string }>('/rest/api/3/issue', {
      fields: { project: { key: 'OPS' }, issuetype: { id: types.body.issueTypes[0]?.id }, summary: 'Rotate the build agents' },
    });
    expect(created.status).toBe(201);
    await client.settle();
    const runs = client.sandbox.platform.log.list({ moduleType: 'trigger' }).filter((r) => r.functionKey === 'on-issue-created');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => r.outcome)).toEqual(runs.map(() => 'success'));
  });
});
