import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxClient } from '../helpers/sandbox-client';

interface Endpoints {
  jira: { url: string; users: { displayName: string; email: string; token: string; accountId: string; roles: string[] }[] };
  okta: { url: string; apiToken: string };
}

/** The sandbox's control API, over HTTP as a test or a demo uses it. */
describe('sandbox control API', () => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await SandboxClient.start();
  });
  afterAll(() => client.close());

  test('GET /__sandbox/endpoints names Jira with every demo user and working credentials', async () => {
    const endpoints = await client.control<Endpoints>('GET', '/__sandbox/endpoints');
    expect(endpoints.jira.url).toBe(client.url);
    const roles = new Set(endpoints.jira.users.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(['admin', 'agent', 'approver', 'customer']);
    expect(endpoints.jira.users.filter((u) => u.roles.includes('approver'))).toHaveLength(2);
    for (const user of endpoints.jira.users) {
      const me = await client.as(user).get<{ accountId: string }>('/rest/api/3/myself');
      expect(me.body.accountId).toBe(user.accountId);
    }
    const okta = await client.okta<unknown[]>('/api/v1/groups');
    expect(okta.status).toBe(200);
  });

  test('the clock reads and advances; bad input is refused', async () => {
    const before = Date.parse((await client.control<{ now: string }>('GET', '/__sandbox/clock')).now);
    const after = Date.parse((await client.control<{ now: string }>('POST', '/__sandbox/clock', { advanceSeconds: 3600 })).now);
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    expect(after - before).toBeLessThan(3600_000 + 5000);
    await expect(client.control('POST', '/__sandbox/clock', { advanceSeconds: -1 })).rejects.toThrow('400');
    await expect(client.control('POST', '/__sandbox/clock', { seconds: 5 })).rejects.toThrow('400');
  });

  test('after settle nothing is running, and every invocation has an outcome and times', async () => {
    const created = await client.as(client.user('ritaRequester')).post<{ issueKey: string }>('/rest/servicedeskapi/request', {
      serviceDeskId: client.sandbox.seed.serviceDeskId,
      requestTypeId: client.sandbox.seed.requestTypeIds['Get IT help'],
      requestFieldValues: { summary: 'Printer', description: 'It is on fire' },
    });
    expect(created.status).toBe(201);
    await client.settle();
    const { invocations } = await client.control<{ invocations: { functionKey: string; outcome: string; start: string; end: string }[] }>('GET', '/__sandbox/invocations');
    expect(invocations.length).toBeGreaterThan(0);
    for (const record of invocations) {
      expect(record.outcome).not.toBe('running');
      expect(Date.parse(record.end)).toBeGreaterThanOrEqual(Date.parse(record.start));
    }
  });

  test('faults: a bad plan is refused with a reason and changes nothing; a good one is listed and cleared', async () => {
    await expect(client.control('POST', '/__sandbox/faults', { productEvents: [{ kind: 'explode', count: 1 }] })).rejects.toThrow(/kind must be one of/);
    await expect(client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', count: 0, status: 500 }] })).rejects.toThrow(/count/);
    expect(await client.control('GET', '/__sandbox/faults')).toEqual({ productEvents: [], queueDeliveries: [], standIns: [] });
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', count: 2, status: 503 }] });
    expect(((await client.control('GET', '/__sandbox/faults')) as { standIns: unknown[] }).standIns).toHaveLength(1);
    await client.control('DELETE', '/__sandbox/faults');
    expect(((await client.control('GET', '/__sandbox/faults')) as { standIns: unknown[] }).standIns).toHaveLength(0);
  });

  test('a Jira fault is what the app sees: its product calls get the injected status', async () => {
    await client.control('POST', '/__sandbox/faults', { standIns: [{ target: 'jira', count: 1, status: 503 }] });
    const result = (await client.sandbox.platform.invokeResolver({
      moduleKey: 'provisio-admin',
      functionKey: 'admin/get-info',
      payload: {},
      context: {},
      accountId: client.user('adaAdmin').accountId,
    })) as { ok: boolean; error?: { message: string } };
    expect(result).toEqual({ ok: false, error: { code: 'UPSTREAM_FAILED', message: expect.stringContaining('503') } });
  });
});

describe('npm start state', () => {
  test('KVS (plain values and secrets) and Jira survive a restart from the data folder', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'provisio-sandbox-'));
    try {
      const first = await SandboxClient.start({ dataDir });
      const created = await first.as(first.user('ritaRequester')).post<{ issueKey: string }>('/rest/servicedeskapi/request', {
        serviceDeskId: first.sandbox.seed.serviceDeskId,
        requestTypeId: first.sandbox.seed.requestTypeIds['Get IT help'],
        requestFieldValues: { summary: 'Keep me', description: 'across restarts' },
      });
      const kvsBefore = first.sandbox.platform.kvs.inspect();
      const userToken = first.user('alanAgent').token;
      await first.close();

      const second = await SandboxClient.start({ dataDir });
      try {
        expect(second.user('alanAgent').token).toBe(userToken);
        const issue = await second.as(second.user('alanAgent')).get<{ fields: { summary: string } }>(`/rest/api/3/issue/${created.body.issueKey}?fields=summary`);
        expect(issue.body.fields.summary).toBe('Keep me');
        const kvsAfter = second.sandbox.platform.kvs.inspect();
        expect(kvsAfter.secretKeys.sort()).toEqual(kvsBefore.secretKeys.sort());
        expect(kvsAfter.values.map((v) => v.key).sort()).toEqual(kvsBefore.values.map((v) => v.key).sort());
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
