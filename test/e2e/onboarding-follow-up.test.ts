import { OnboardingDriver, commentText, isInternal } from '../helpers/onboarding-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/**
 * Follow-up provisioning: once the Okta user exists, the request goes as JSON in a SigV4-signed
 * POST to the customer's API Gateway or Lambda function URL (IAM auth); the result is a comment.
 * The AWS stand-in's endpoints verify the signature and the role's permission.
 */
describe('onboarding follow-up provisioning', () => {
  let client: SandboxClient;
  let driver: OnboardingDriver;
  beforeAll(async () => {
    client = await SandboxClient.start();
    driver = new OnboardingDriver(client);
  });
  afterAll(() => client.close());

  const backends = () => client.sandbox.awsSeed.baselineBackends;
  const received = (url: string) => client.sandbox.aws.backends.requests().filter((r) => r.url.startsWith(url) && r.method === 'POST');

  test.each([
    ['API Gateway', 'apiGateway'],
    ['Lambda function URL', 'lambdaUrl'],
  ] as const)('%s: a verified signed POST of the onboarded user, then an internal comment with the result', async (_label, kind) => {
    const url = backends()[kind];
    await driver.updateOnboardingSettings((current) => ({ ...current, followUpUrl: url }));
    const person = driver.person(`follow${kind.toLowerCase()}`);
    const request = await driver.raiseAndApprove(driver.values(person));

    const user = await driver.oktaUser(person.login);
    expect(user).toBeDefined();
    const posts = received(url).filter((r) => (r.body as { jiraIssue?: string } | undefined)?.jiraIssue === request.issueKey);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ verified: true, principalArn: expect.stringContaining('ProvisioAutomation') });
    expect(posts[0]!.status).toBeGreaterThanOrEqual(200);
    expect(posts[0]!.status).toBeLessThan(300);
    expect(posts[0]?.body).toMatchObject({ source: 'provisio', action: 'okta-onboarding', oktaUserId: user?.id, email: person.login, groups: ['Engineering', 'Contractors'] });
    expect(JSON.stringify(posts[0]?.body)).not.toMatch(/password|secret|token/i);

    const followUpComments = (await driver.comments(request.issueKey)).filter((c) => commentText(c).includes('Follow-up provisioning'));
    expect(followUpComments).toHaveLength(1);
    expect(commentText(followUpComments[0]!)).toContain('accepted the new user');
    expect(isInternal(followUpComments[0]!)).toBe(true);
    expect(await driver.status(request.issueKey)).toBe('Done');
  });

  test('an endpoint that refuses the role fails the run with the reason, after the user was created', async () => {
    const url = backends().apiGateway;
    await driver.updateOnboardingSettings((current) => ({ ...current, followUpUrl: url }));
    const role = client.sandbox.awsSeed.automationRole;
    const allowed = client.sandbox.aws.iam.role(role.arn)?.allowedActions ?? [];
    client.sandbox.aws.iam.setRoleAllowedActions(role.arn, allowed.filter((a) => a !== 'execute-api:Invoke'));
    try {
      const person = driver.person('refused');
      const request = await driver.raiseAndApprove(driver.values(person));
      expect(await driver.oktaUser(person.login)).toBeDefined();
      expect(await driver.status(request.issueKey)).toBe('Provisioning failed');
      const agentNotes = (await driver.comments(request.issueKey)).filter(isInternal).map(commentText).join('\n');
      expect(agentNotes).toContain('refused Provisio');
      expect(agentNotes).toContain('execute-api:Invoke');
    } finally {
      client.sandbox.aws.iam.setRoleAllowedActions(role.arn, allowed);
    }
  });

  test('a follow-up URL that is not an API Gateway or Lambda function URL is refused on save', async () => {
    const config = await client.admin<{ onboarding: Record<string, unknown> }>('admin/get-config');
    if (!config.ok) throw new Error('no config');
    const saved = await client.admin<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/save-onboarding', { ...config.data.onboarding, followUpUrl: 'https://example.com/hook' });
    expect(saved).toEqual({ ok: true, data: { saved: false, fieldErrors: { followUpUrl: expect.stringContaining('API Gateway') } } });
  });
});
