import { CallTap } from '../helpers/call-tap';
import { OnboardingDriver, commentText, isInternal, markerOf, type CreatedRequest } from '../helpers/onboarding-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * When onboarding cannot finish: a readable reason on the ticket (internal and for the
 * requester), the request in "Provisioning failed", a Slack message, nothing half-created in
 * Okta; an existing Okta user with the same login and email is linked, not duplicated; and the
 * panel's Retry resumes from the failed step, for agents only.
 */
describe('onboarding failures, linking and Retry', () => {
  let client: SandboxClient;
  let d: OnboardingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    d = new OnboardingDriver(client);
  });
  afterAll(() => client.close());
  afterEach(() => client.control('DELETE', '/__sandbox/faults'));

  const userCreations = (oktaSince: number) => d.oktaRequests(oktaSince).filter((r) => r.method === 'POST' && r.path === '/api/v1/users');
  const newSlack = (before: number) => d.slackTexts().slice(before);

  /** The two failure comments of a run: internal for agents, public for the requester. */
  async function failureComments(request: CreatedRequest): Promise<{ agents: string[]; requester: string[] }> {
    const comments = (await d.comments(request.issueKey)).filter((c) => markerOf(c)?.startsWith(`${request.issueId}:failure:`));
    return { agents: comments.filter(isInternal).map(commentText), requester: comments.filter((c) => !isInternal(c)).map(commentText) };
  }

  test('a login taken by another Okta user: a readable reason, Provisioning failed, Slack, and no new user', async () => {
    const seed = client.sandbox.oktaSeed;
    const taken = seed.users.find((u) => u.login === seed.takenLogin);
    expect(taken).toBeDefined();
    const oktaSince = d.oktaMark();
    const slackBefore = d.slackTexts().length;
    const usersBefore = client.sandbox.okta.store.listUsers().length;
    const request = await d.raiseAndApprove(d.values({ login: 'tom.new@provisio-demo.example', first: 'Tom', last: 'New' }, { Username: seed.takenLogin }));

    const reason = `The login ${seed.takenLogin} is already used by another Okta user.`;
    expect(await failureComments(request)).toEqual({
      agents: [`Provisio stopped at "Create Okta user ${seed.takenLogin}": ${reason}\nFix the cause, then use Retry in the Provisio panel.`],
      requester: [expect.stringContaining('already used by another Okta user')],
    });
    // The other person's Okta id is nobody's business on the requester's ticket.
    expect(JSON.stringify(await failureComments(request))).not.toContain(taken!.id);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    // Slack links the issue on the site (its address comes from Jira's serverInfo).
    expect(newSlack(slackBefore)).toEqual([`:warning: Provisio could not finish <${client.url}/browse/${request.issueKey}|${request.issueKey}>: ${reason}`]);
    expect(userCreations(oktaSince)).toEqual([]);
    expect(client.sandbox.okta.store.listUsers()).toHaveLength(usersBefore);
    // The taken user is untouched: same email, no new groups.
    expect(await d.oktaGroupNames(taken!.id)).toEqual(['Engineering', 'Everyone']);
    expect(d.run(request.issueId)).toMatchObject({ status: 'failed', failureReason: reason });
    expect(d.run(request.issueId)?.steps.find((s) => s.id === 'create-user')).toMatchObject({ status: 'failed', detail: reason });
  });

  test('an existing Okta user with the same login and email is linked and reported, not duplicated', async () => {
    const login = 'lena.linked@provisio-demo.example';
    const existing = client.sandbox.okta.store.insertUser({ profile: { login, email: login, firstName: 'Lena', lastName: 'Linked' }, status: 'ACTIVE', hasPassword: true });
    const oktaSince = d.oktaMark();
    const request = await d.raiseAndApprove(d.values({ login: login.toUpperCase(), first: 'Lena', last: 'Linked' }));

    expect(userCreations(oktaSince)).toEqual([]);
    const users = await d.oktaUsersFor(login);
    expect(users.map((u) => u.id)).toEqual([existing.id]);
    expect(await d.oktaGroupNames(existing.id)).toEqual(['Contractors', 'Engineering', 'Everyone']);
    expect(await d.status(request.issueKey)).toBe('Done');
    expect(d.run(request.issueId)?.steps.find((s) => s.id === 'create-user')?.detail).toBe(`Linked existing Okta user ${existing.id} (${login})`);
    const agents = (await d.comments(request.issueKey)).filter(isInternal).map(commentText);
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatch(/linked, not created again/);
    expect(agents[0]).toContain(existing.id);
  });

  test('an invalid email: the field is named, nothing is created, and Retry after the fix onboards', async () => {
    const oktaSince = d.oktaMark();
    const slackBefore = d.slackTexts().length;
    const person = d.person('mail');
    const request = await d.raiseAndApprove(d.values(person, { 'Work email': 'not-an-email' }));

    const comments = await failureComments(request);
    expect(comments.requester).toEqual([expect.stringContaining('• Work email: "not-an-email" is not a valid email address')]);
    expect(comments.agents).toEqual([expect.stringContaining('Provisio stopped at "Check the request"')]);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    expect(newSlack(slackBefore)).toEqual([expect.stringContaining('Work email')]);
    expect(d.oktaRequests(oktaSince)).toEqual([]);

    // An agent corrects the field on the issue, then retries from the panel.
    const fixed = await d.agent().put(`/rest/api/3/issue/${request.issueKey}`, { fields: { [d.fieldId('Work email')]: person.login } });
    expect(fixed.status).toBe(204);
    expect(await d.retry(request)).toEqual({ ok: true, data: { queued: true } });
    await client.settle();
    expect(await d.status(request.issueKey)).toBe('Done');
    expect((await d.oktaUsersFor(person.login)).length).toBe(1);
    expect(userCreations(oktaSince)).toHaveLength(1);
  });

  test('a group not on the allow-list: refused before anything is created in Okta', async () => {
    const oktaSince = d.oktaMark();
    const slackBefore = d.slackTexts().length;
    const person = d.person('greedy');
    const request = await d.raiseAndApprove(d.values(person, { 'Okta groups': ['Engineering', 'Okta-Super-Admins'] }));

    const reason = 'These Okta groups are not on Provisio’s allow-list: Okta-Super-Admins. Ask an admin to allow them, or remove them from the request.';
    expect(d.run(request.issueId)).toMatchObject({ status: 'failed', failureReason: reason });
    expect((await failureComments(request)).requester).toEqual([expect.stringContaining(reason)]);
    expect(await d.status(request.issueKey)).toBe('Provisioning failed');
    expect(newSlack(slackBefore)).toEqual([expect.stringContaining('Okta-Super-Admins')]);
    expect(d.oktaRequests(oktaSince)).toEqual([]);
    expect(await d.oktaUsersFor(person.login)).toEqual([]);
  });

  test('when Jira cannot tell its address, the Slack message still goes out, naming the issue without a link', async () => {
    const slackBefore = d.slackTexts().length;
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', method: 'GET', pathPrefix: '/rest/api/3/serverInfo', count: 1, status: 503 }] });
    const request = await d.raiseAndApprove(d.values(d.person('nolink'), { 'Okta groups': ['Okta-Super-Admins'] }));
    expect(d.run(request.issueId)).toMatchObject({ status: 'failed' });
    expect((await client.control<{ standIns: unknown[] }>('GET', '/__sandbox/faults')).standIns).toEqual([]);
    expect(newSlack(slackBefore)).toEqual([expect.stringMatching(new RegExp(`^:warning: Provisio could not finish ${request.issueKey}: These Okta groups are not on`))]);
  });

  describe('Retry from the issue panel', () => {
    afterEach(() =>
      d.updateOnboardingSettings((current) => ({ ...current, groupAllowList: ['Engineering', 'Sales', 'Finance', 'Contractors', 'AWS-Prod-Admins'] })),
    );

    /** A run that stops at its second group: allowed by Provisio, but missing in Okta. */
    async function failedAtMissingGroup(group: string): Promise<{ request: CreatedRequest; login: string }> {
      await d.updateOnboardingSettings((current) => ({ ...current, groupAllowList: [...(current.groupAllowList as string[]), group] }));
      const person = d.person('resume');
      const request = await d.raiseAndApprove(d.values(person, { 'Okta groups': ['Engineering', group] }));
      expect(d.run(request.issueId)).toMatchObject({ status: 'failed', failureReason: `Okta has no group named "${group}".` });
      expect(d.run(request.issueId)?.steps.map((s) => [s.id, s.status])).toEqual([
        ['validate', 'done'],
        ['create-user', 'done'],
        ['add-group:Engineering', 'done'],
        [`add-group:${group}`, 'failed'],
        ['follow-up', 'pending'],
        ['comment-agents', 'pending'],
        ['comment-requester', 'pending'],
        ['resolve', 'pending'],
      ]);
      expect(await d.status(request.issueKey)).toBe('Provisioning failed');
      return { request, login: person.login };
    }

    test('resumes from the failed step: the user and the first group are not redone, and the run completes', async () => {
      const { request, login } = await failedAtMissingGroup('Marketing');
      const user = (await d.oktaUsersFor(login))[0]!;
      const group = client.sandbox.okta.store.createGroup({ name: 'Marketing', description: 'Created after the failure' });
      const engineering = client.sandbox.okta.store.findGroupByName('Engineering')!;
      const oktaSince = d.oktaMark();

      expect(await d.retry(request)).toEqual({ ok: true, data: { queued: true } });
      await client.settle();

      const after = d.oktaRequests(oktaSince);
      expect(after.filter((r) => r.method === 'POST' && r.path === '/api/v1/users')).toEqual([]);
      expect(after.filter((r) => r.method === 'GET' && r.path === '/api/v1/users')).toEqual([]);
      expect(after.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/api/v1/groups/${group.id}/users/${user.id}`]);
      expect(after.some((r) => r.path.includes(engineering.id))).toBe(false);
      expect(await d.oktaGroupNames(user.id)).toEqual(['Engineering', 'Everyone', 'Marketing']);
      expect(await d.status(request.issueKey)).toBe('Done');
      const run = d.run(request.issueId);
      expect(run?.status).toBe('succeeded');
      expect(run?.steps.every((s) => s.status === 'done' || (s.id === 'follow-up' && s.status === 'skipped'))).toBe(true);
      // The failure comments stay, and the success comments are added once.
      const markers = await d.markerCounts(request.issueKey);
      expect(markers).toEqual({
        [`${request.issueId}:failure:1:agents`]: 1,
        [`${request.issueId}:failure:1:requester`]: 1,
        [`${request.issueId}:comment-agents`]: 1,
        [`${request.issueId}:comment-requester`]: 1,
      });
    });

    test('a retry that fails again reports the new failure once more, and a later retry still completes', async () => {
      const { request, login } = await failedAtMissingGroup('Design');
      const slackBefore = d.slackTexts().length;
      expect(await d.retry(request)).toEqual({ ok: true, data: { queued: true } });
      await client.settle();
      expect(d.run(request.issueId)).toMatchObject({ status: 'failed', attempts: 2 });
      expect(newSlack(slackBefore)).toHaveLength(1);
      expect(Object.keys(await d.markerCounts(request.issueKey)).sort()).toEqual([
        `${request.issueId}:failure:1:agents`,
        `${request.issueId}:failure:1:requester`,
        `${request.issueId}:failure:2:agents`,
        `${request.issueId}:failure:2:requester`,
      ]);

      client.sandbox.okta.store.createGroup({ name: 'Design' });
      expect(await d.retry(request)).toEqual({ ok: true, data: { queued: true } });
      await client.settle();
      expect(await d.status(request.issueKey)).toBe('Done');
      expect(await d.oktaGroupNames((await d.oktaUsersFor(login))[0]!.id)).toEqual(['Design', 'Engineering', 'Everyone']);
    });

    test('a customer cannot retry, and a run that did not fail cannot be retried', async () => {
      const { request } = await failedAtMissingGroup('Legal');
      const oktaSince = d.oktaMark();
      const before = d.run(request.issueId);
      for (const user of [client.user('ritaRequester'), client.user('annApprover')]) {
        expect(await d.retry(request, user)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only agents who can transition this request may retry it.' } });
      }
      await client.settle();
      expect(d.run(request.issueId)).toEqual(before);
      expect(d.oktaRequests(oktaSince)).toEqual([]);
      expect(await d.status(request.issueKey)).toBe('Provisioning failed');

      const done = await d.raiseAndApprove(d.values(d.person('fine')));
      expect(await d.status(done.issueKey)).toBe('Done');
      const refused = await d.retry(done);
      expect(refused).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Only a failed run can be retried; this one is succeeded.' } });
    });

    test('a crash right after Retry moved the request still resumes the run', async () => {
      const { request, login } = await failedAtMissingGroup('Research');
      client.sandbox.okta.store.createGroup({ name: 'Research' });
      const tap = CallTap.install(client.sandbox);
      try {
        await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', method: 'POST', pathPrefix: `/rest/api/3/issue/${request.issueKey}/transitions`, count: 1, crashAfter: true }] });
        await expect(d.retry(request)).rejects.toThrow(/crashed/);
        // The crash really came after the move.
        expect(tap.calls.filter((c) => c.functionKey === 'issue-panel-resolver' && c.method === 'POST').map((c) => c.status)).toEqual([204]);
      } finally {
        tap.uninstall();
      }
      await client.advance(600);
      expect(await d.status(request.issueKey)).toBe('Done');
      expect(d.run(request.issueId)?.status).toBe('succeeded');
      expect(await d.oktaGroupNames((await d.oktaUsersFor(login))[0]!.id)).toEqual(['Engineering', 'Everyone', 'Research']);
    });
  });
});
