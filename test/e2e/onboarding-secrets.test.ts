import { OnboardingDriver } from '../helpers/onboarding-driver';
import { SandboxClient } from '../helpers/sandbox-client';
import {
  ANY_JWT,
  PASSWORD_VALUE,
  captureOktaCredentials,
  jiraHaystacks,
  jwtSecret,
  kvsHaystacks,
  literalSecret,
  logHaystacks,
  pemSecret,
  scan,
  slackHaystacks,
  slackWebhookSecrets,
  type Haystack,
  type SecretPattern,
} from '../helpers/secret-scan';

/**
 * No secret or password anywhere in Jira, the app's logs, Slack or plain KVS values, after a mix
 * of successful, failed, crashed, rate-limited and retried onboarding runs. The secrets exist —
 * as KVS secrets — and the scanner finds each of them when planted, so a clean scan means something.
 */
describe('secrets stay secret', () => {
  let client: SandboxClient;
  let d: OnboardingDriver;
  let credentials: ReturnType<typeof captureOktaCredentials>;
  beforeAll(async () => {
    client = await SandboxClient.start();
    d = new OnboardingDriver(client);
    credentials = captureOktaCredentials(client.sandbox);
  });
  afterAll(async () => {
    credentials.stop();
    await client.close();
  });

  const webhookPaths = () => (client.sandbox.slack.snapshot() as { webhooks: string[] }).webhooks;
  function secrets(): SecretPattern[] {
    const sandbox = client.sandbox;
    return [
      ...pemSecret('the Okta private key', sandbox.oktaSeed.privateKeyPem),
      ...[...credentials.values].flatMap((value, i) =>
        value.startsWith('eyJ') ? jwtSecret(`Okta credential #${i} (token, assertion or proof)`, value) : [literalSecret(`Okta credential #${i}`, value)],
      ),
      literalSecret('the Okta admin API token', sandbox.okta.adminApiToken),
      ...webhookPaths().flatMap(slackWebhookSecrets),
      ...Object.entries(sandbox.seed.users).map(([key, user]) => literalSecret(`the Jira API token of ${key}`, user.token)),
      ANY_JWT,
      PASSWORD_VALUE,
    ];
  }

  test('the scanner finds each kind of secret when one is planted, and nothing in ordinary text', () => {
    const pem = client.sandbox.oktaSeed.privateKeyPem;
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJodG0iOiJQT1NUIiwiaHR1IjoiaHR0cHMifQ.c2lnbmF0dXJlLXBhcnQ';
    const webhook = webhookPaths()[0]!;
    const planted: [string, string][] = [
      ['a PEM in a log line', `saving key ${pem}`],
      ['a PEM inside JSON', JSON.stringify({ key: pem })],
      ['the key body on one line', `key=${body.join('')}`],
      ['one line of the key body', `…${body[3]}…`],
      ['a DPoP proof', `proof: ${jwt}`],
      ['a password field', '{"password":"hunter2!"}'],
      ['a password in words', 'Temporary password: Xy7-kLm'],
      ['a Slack webhook URL', `posting to https://hooks.slack.com${webhook}`],
      ['a Jira API token', `token ${client.user('alanAgent').token}`],
    ];
    for (const [where, text] of planted) expect({ where, found: scan([{ where, text }], secrets()).length > 0 }).toEqual({ where, found: true });

    const ordinary: Haystack[] = [
      { where: 'requester comment', text: 'Okta will send an activation email to a@b.example to set a password; Provisio never sends or stores passwords.' },
      { where: 'agent comment', text: 'Provisio onboarded Jane Doe in Okta.\nOkta user id: 00uA0Adzb2h6Aokp4FnT' },
    ];
    expect(scan(ordinary, secrets())).toEqual([]);
  });

  test('after successful, failed, crashed, rate-limited and retried runs, no secret is in Jira, logs, Slack or plain KVS values', async () => {
    const seed = client.sandbox.oktaSeed;
    // A plain success, then failures of every kind, each reported on the ticket and in Slack.
    await d.raiseAndApprove(d.values(d.person('plain')));
    await d.raiseAndApprove(d.values(d.person('taken'), { Username: seed.takenLogin }));
    await d.raiseAndApprove(d.values(d.person('badmail'), { 'Work email': 'not-an-email' }));
    await d.raiseAndApprove(d.values(d.person('greedy'), { 'Okta groups': ['Okta-Super-Admins'] }));
    // A crash right after the user is created, then the platform's redelivery.
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'okta', method: 'POST', pathPrefix: '/api/v1/users', count: 1, crashAfter: true }] });
    await d.raiseAndApprove(d.values(d.person('crashed')));
    await client.advance(600);
    // A long 429, handed back to the platform.
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'okta', method: 'POST', pathPrefix: '/api/v1/users', count: 1, status: 429, headers: { 'X-Rate-Limit-Reset': String(Math.ceil(Date.now() / 1000) + 90) } }] });
    await d.raiseAndApprove(d.values(d.person('limited')));
    await client.advance(120);
    // A group Okta does not have, then Retry once it exists.
    await d.updateOnboardingSettings((current) => ({ ...current, groupAllowList: [...(current.groupAllowList as string[]), 'Marketing'] }));
    const missing = await d.raiseAndApprove(d.values(d.person('missing'), { 'Okta groups': ['Marketing'] }));
    client.sandbox.okta.store.createGroup({ name: 'Marketing' });
    expect(await d.retry(missing)).toEqual({ ok: true, data: { queued: true } });
    await client.settle();
    // The token expires; the next run gets a new one (and the admin page tests the connection).
    await client.advance(3700);
    await d.raiseAndApprove(d.values(d.person('later')));
    const tested = await client.admin('admin/test-okta');
    expect(tested.ok).toBe(true);

    // The runs really happened, and failed where they should have.
    const runs = kvsHaystacks(client.sandbox).filter((h) => h.where.startsWith('kvs provisioning-run/'));
    expect(runs.map((r) => (JSON.parse(r.text) as { status: string }).status).sort()).toEqual(['failed', 'failed', 'failed', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(d.slackTexts().length).toBeGreaterThanOrEqual(4);

    // There were secrets to leak: Okta tokens were issued and renewed, assertions and proofs sent.
    const jwts = [...credentials.values].filter((v) => v.startsWith('eyJ'));
    expect(jwts.length).toBeGreaterThanOrEqual(10);
    const tokenRequests = d.oktaRequests().filter((r) => r.path === '/oauth2/v1/token' && r.status === 200);
    expect(tokenRequests.length).toBeGreaterThanOrEqual(3);

    const haystacks = [...(await jiraHaystacks(client)), ...logHaystacks(client.sandbox), ...slackHaystacks(client.sandbox), ...kvsHaystacks(client.sandbox)];
    expect(haystacks.filter((h) => h.where.startsWith('jira ')).length).toBeGreaterThanOrEqual(8 * 3);
    expect(scan(haystacks, secrets())).toEqual([]);

    // …because they live as KVS secrets, which plain reads and the UI never see.
    const inspected = client.sandbox.platform.kvs.inspect();
    expect(inspected.secretKeys).toEqual(expect.arrayContaining(['okta-private-key', 'okta-access-token', 'slack-webhook-url']));
    const storedSecrets = client.sandbox.platform.kvs.snapshot().secrets.map((s) => JSON.stringify(s.value));
    expect(storedSecrets.some((v) => v.includes(JSON.stringify(seed.privateKeyPem.trim()).slice(1, -1)))).toBe(true);
    expect(storedSecrets.some((v) => webhookPaths().some((p) => v.includes(p)))).toBe(true);
  }, 120_000);
});
