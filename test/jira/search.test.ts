import { START, harness, helpValues, raise, type Harness } from './harness';

interface SearchJson {
  issues: { id: string; key?: string; fields?: Record<string, unknown> }[];
  nextPageToken?: string;
  isLast: boolean;
  total?: number;
}
interface ErrorJson {
  errorMessages: string[];
  errors: Record<string, string>;
}

const q = (jql: string, extra = ''): string => `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}${extra}`;

async function createOpsIssues(h: Harness, count: number, stepMs = 60_000): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await h.as(h.seed.users.alanAgent).post<{ id: string }>('/rest/api/3/issue', {
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: `Audit finding ${i}`, labels: i % 2 ? ['odd'] : ['even'] },
    });
    if (res.status !== 201) throw new Error(res.text);
    ids.push(res.body.id);
    h.clock.advance(stepMs);
  }
  return ids;
}

describe('enhanced JQL search', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  test('nextPageToken paging covers every issue exactly once, with no total', async () => {
    const ids = await createOpsIssues(h, 23, 0);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await h.as(h.seed.users.alanAgent).post<SearchJson>('/rest/api/3/search/jql', {
        jql: 'project = OPS ORDER BY summary ASC',
        maxResults: 5,
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('total');
      expect(res.body.issues.length).toBeLessThanOrEqual(5);
      expect(res.body.isLast).toBe(res.body.nextPageToken === undefined);
      seen.push(...res.body.issues.map((i) => i.id));
      token = res.body.nextPageToken;
      pages++;
      // An issue created between pages must not shift the rest of the walk.
      if (pages === 2) await createOpsIssues(h, 1, 0);
    } while (token);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });

  test('fields default to id only; maxResults defaults to 50 and is capped at 5000 (ids) or 100 (fields)', async () => {
    await createOpsIssues(h, 120, 0);
    const ids = await h.as('app').get<SearchJson>(q('project = OPS'));
    expect(ids.body.issues).toHaveLength(50);
    expect(Object.keys(ids.body.issues[0] ?? {})).toEqual(['id']);
    const big = await h.as('app').get<SearchJson>(q('project = OPS', '&maxResults=10000'));
    expect(big.body.issues).toHaveLength(120);
    expect(big.body.isLast).toBe(true);
    const withFields = await h.as('app').get<SearchJson>(q('project = OPS', '&maxResults=10000&fields=summary,status'));
    expect(withFields.body.issues).toHaveLength(100);
    expect(withFields.body.isLast).toBe(false);
    expect(Object.keys(withFields.body.issues[0]?.fields ?? {})).toEqual(['summary', 'status']);
    // Default order is newest key first.
    expect(withFields.body.issues[0]?.key).toBe('OPS-120');
  });

  test('bad JQL answers 400 with Jira-style messages', async () => {
    const cases: [string, RegExp][] = [
      ['project = ', /Expecting either a value, list or function but got the end of the query/],
      ['project ITS', /Expecting operator but got 'ITS'/],
      ['project = ITS AND (status = Open', /Expecting '\)' but got the end of the query/],
      ['nosuchfield = 1', /Field 'nosuchfield' does not exist/],
      ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
      ['status = "Not a status"', /The value 'Not a status' does not exist for the field 'status'/],
      ['summary = "x"', /The operator '=' is not supported by the 'summary' field/],
      ['created > "2026-13-45"', /Date value '2026-13-45' for field 'created' is invalid/],
      ['project = ITS ORDER key', /Expecting 'BY' but got 'key'/],
      ['summary ~ "unterminated', /The quoted string 'unterminated' has not been completed/],
      ['ORDER BY key DESC', /Unbounded JQL queries are not allowed/],
      ['assignee = nobody@nowhere.example', /does not exist for the field 'assignee'/],
      ['project = ITS ORDER BY priority', /Not able to sort using field 'priority'/],
    ];
    for (const [jql, message] of cases) {
      const res = await h.as('app').get<ErrorJson>(q(jql));
      expect({ jql, status: res.status }).toEqual({ jql, status: 400 });
      expect(res.body.errors).toEqual({});
      expect(res.body.errorMessages[0]).toMatch(message);
    }
    const post = await h.as('app').post<ErrorJson>('/rest/api/3/search/jql', { jql: 'project in (ITS, OPS' });
    expect(post.status).toBe(400);
    const count = await h.as('app').post<ErrorJson>('/rest/api/3/search/approximate-count', { jql: 'status = ' });
    expect(count.status).toBe(400);
  });

  test('JQL dates are read in the caller time zone: UTC+14 and UTC-12 users denote the same instant', async () => {
    const { users } = h.seed;
    h.standIn.store.setUserTimeZone(users.adaAdmin.accountId, 'Pacific/Kiritimati'); // UTC+14
    h.standIn.store.setUserTimeZone(users.alanAgent.accountId, 'Etc/GMT+12'); // UTC-12
    // Issues at 05:00Z, 05:39Z (START+39m… created in order below) and 06:30Z.
    h.clock.advance(-39 * 60_000 - 23_000); // 05:00:00Z
    const before = await raise(h, users.ritaRequester, 'Get IT help', helpValues('before'));
    h.clock.advance(40 * 60_000); // 05:40:00Z
    const at = await raise(h, users.ritaRequester, 'Get IT help', helpValues('at'));
    h.clock.advance(50 * 60_000); // 06:30:00Z
    const after = await raise(h, users.ritaRequester, 'Get IT help', helpValues('after'));
    expect(h.clock.now()).toBe(Date.UTC(2026, 10, 21, 6, 30));

    const keys = async (who: typeof users.adaAdmin, jql: string): Promise<string[]> =>
      (await h.as(who).get<SearchJson>(q(`${jql} ORDER BY key ASC`, '&fields=key'))).body.issues.map((i) => i.key ?? '');

    // 05:40Z is 19:40 on 21 Nov in Kiritimati and 17:40 on 20 Nov at UTC-12.
    const kiritimati = await keys(users.adaAdmin, 'project = ITS AND created >= "2026-11-21 19:40" AND created < "2026/11/21 20:30"');
    const minus12 = await keys(users.alanAgent, 'project = ITS AND created >= "2026-11-20 17:40" AND created < "2026/11/20 18:30"');
    expect(kiritimati).toEqual([at.issueKey]);
    expect(minus12).toEqual(kiritimati);

    // The same literal means different instants for them.
    const sameLiteral = 'project = ITS AND created >= "2026-11-21"';
    expect(await keys(users.adaAdmin, sameLiteral)).toEqual([before.issueKey, at.issueKey, after.issueKey]); // since 2026-11-20T10:00Z
    expect(await keys(users.alanAgent, sameLiteral)).toEqual([]); // since 2026-11-21T12:00Z

    // Relative dates and epoch milliseconds count from the sandbox clock.
    expect(await keys(users.alanAgent, 'project = ITS AND created >= -51m')).toEqual([at.issueKey, after.issueKey]);
    expect(await keys(users.alanAgent, `project = ITS AND created < ${Date.UTC(2026, 10, 21, 5, 40)}`)).toEqual([before.issueKey]);
    expect(await keys(users.alanAgent, 'project = ITS AND created >= -1h AND created <= now()')).toEqual([at.issueKey, after.issueKey]);
    expect(START).toBeGreaterThan(0);
  });

  test('operators, functions, custom fields and multi-field ORDER BY', async () => {
    const { users, customFieldIds } = h.seed;
    const a = await raise(h, users.ritaRequester, 'Get IT help', helpValues('Printer on fire'));
    h.clock.advance(1000);
    const b = await raise(h, users.carlCustomer, 'Get IT help', helpValues('printing queue stuck'));
    h.clock.advance(1000);
    const c = await raise(h, users.carlCustomer, 'Temporary elevated access', {
      summary: 'Prod DB access',
      [customFieldIds['Access target'] as string]: 'prod-db',
      [customFieldIds['Duration'] as string]: 90,
      [customFieldIds['Justification'] as string]: 'Incident 42',
    });
    await h.as(users.alanAgent).put(`/rest/api/3/issue/${b.issueKey}/assignee`, { accountId: users.alanAgent.accountId });
    const keys = async (jql: string): Promise<string[]> =>
      (await h.as(users.graceAgent).get<SearchJson>(q(jql, '&fields=key'))).body.issues.map((i) => i.key ?? '');

    expect(await keys('project = ITS AND summary ~ "print*" ORDER BY key')).toEqual([a.issueKey, b.issueKey]);
    expect(await keys('project = ITS AND summary !~ printer ORDER BY key')).toEqual([b.issueKey, c.issueKey]);
    expect(await keys('project = ITS AND assignee is EMPTY ORDER BY key')).toEqual([a.issueKey, c.issueKey]);
    expect(await keys(`assignee = "${users.alanAgent.email}"`)).toEqual([b.issueKey]);
    expect(await keys('project = ITS AND assignee != "Alan Agent"')).toEqual([]);
    expect(await keys('reporter in ("Carl Customer") ORDER BY created DESC')).toEqual([c.issueKey, b.issueKey]);
    expect(await keys('project = ITS AND NOT reporter = "Carl Customer"')).toEqual([a.issueKey]);
    expect(await keys('project = ITS AND (status = "Waiting for approval" OR issuetype = "Service Request") AND statusCategory != Done ORDER BY status DESC, key ASC')).toEqual([
      c.issueKey,
      a.issueKey,
      b.issueKey,
    ]);
    expect(await keys(`cf[${customFieldIds['Duration']?.replace('customfield_', '')}] >= 60`)).toEqual([c.issueKey]);
    expect(await keys(`${customFieldIds['Access target']} ~ "prod*"`)).toEqual([c.issueKey]);
    expect(await keys('"Request Type" = "Temporary elevated access"')).toEqual([c.issueKey]);
    expect(await keys('project = ITS AND resolution = Unresolved ORDER BY key DESC')).toEqual([c.issueKey, b.issueKey, a.issueKey]);
    expect(await keys(`key in (${a.issueKey}, ${c.issueKey}) ORDER BY key DESC`)).toEqual([c.issueKey, a.issueKey]);
    expect(await keys(`project = ITS AND key > ${a.issueKey} ORDER BY key`)).toEqual([b.issueKey, c.issueKey]);
    expect(await keys(`id = ${b.issueId}`)).toEqual([b.issueKey]);
    expect(await keys('assignee = currentUser()')).toEqual([]);
    expect(await keys('assignee in membersOf("jira-servicemanagement-users")')).toEqual([b.issueKey]);

    const count = await h.as(users.ritaRequester).post<{ count: number }>('/rest/api/3/search/approximate-count', { jql: 'project = ITS' });
    expect(count.body).toEqual({ count: 1 });
    // A project the caller cannot browse is an unknown value, as in Jira.
    const hidden = await h.as(users.ritaRequester).get<{ errorMessages: string[] }>(q('project = OPS'));
    expect(hidden.status).toBe(400);
    expect(hidden.body.errorMessages[0]).toMatch(/The value 'OPS' does not exist for the field 'project'/);
  });

  test('the removed /rest/api/3/search answers 410 Gone', async () => {
    const get = await h.as('app').get<ErrorJson>(q('project = ITS').replace('/search/jql', '/search'));
    expect(get.status).toBe(410);
    expect(get.body.errorMessages[0]).toMatch(/search\/jql/);
    expect((await h.as('app').post('/rest/api/3/search', { jql: 'project = ITS' })).status).toBe(410);
  });
});
