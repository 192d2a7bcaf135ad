import { EVENT } from '../../sandbox/jira';
import { harness, type Harness } from './harness';

interface History {
  id: string;
  created: string;
  items: { field: string; fieldId: string; fromString?: string; toString?: string }[];
}
interface PageBeanChangelog {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  nextPage?: string;
  values: History[];
}
interface IssueWithChangelog {
  changelog: { startAt: number; maxResults: number; total: number; histories: History[] };
}

describe('changelogs', () => {
  let h: Harness;
  let key: string;
  const EDITS = 300;

  beforeAll(async () => {
    h = harness();
    const created = await h.as(h.seed.users.alanAgent).post<{ key: string }>('/rest/api/3/issue', {
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'edit 0' },
    });
    key = created.body.key;
    for (let i = 1; i <= EDITS; i++) {
      h.clock.advance(1000);
      const res = await h.as(h.seed.users.alanAgent).put(`/rest/api/3/issue/${key}`, { fields: { summary: `edit ${i}` } });
      if (res.status !== 204) throw new Error(res.text);
    }
  });

  test('every edit emitted an updated event with its changelog', () => {
    const updates = h.events.filter((e) => e.eventType === EVENT.updated);
    expect(updates).toHaveLength(EDITS);
    expect(updates[0]?.payload.changelog).toMatchObject({ items: [{ field: 'summary', fieldId: 'summary', fromString: 'edit 0', toString: 'edit 1', from: null, to: null }] });
  });

  test('the changelog embedded by expand=changelog is cut at the 100 most recent, and says so', async () => {
    const res = await h.as('app').get<IssueWithChangelog>(`/rest/api/3/issue/${key}?expand=changelog&fields=summary`);
    expect(res.body.changelog.total).toBe(EDITS);
    expect(res.body.changelog.maxResults).toBe(100);
    expect(res.body.changelog.histories).toHaveLength(100);
    expect(res.body.changelog.histories[0]?.items[0]?.toString).toBe(`edit ${EDITS}`);

    const search = await h.as('app').get<{ issues: IssueWithChangelog[] }>(`/rest/api/3/search/jql?jql=${encodeURIComponent(`key = ${key}`)}&expand=changelog`);
    expect(search.body.issues[0]?.changelog.histories).toHaveLength(100);
    expect(search.body.issues[0]?.changelog.total).toBe(EDITS);
  });

  test('/changelog pages through all entries, oldest first', async () => {
    const all: History[] = [];
    let startAt = 0;
    for (;;) {
      const res = await h.as('app').get<PageBeanChangelog>(`/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=1000`);
      expect(res.body.maxResults).toBe(100);
      expect(res.body.total).toBe(EDITS);
      all.push(...res.body.values);
      if (res.body.isLast) break;
      expect(res.body.nextPage).toContain(`startAt=${startAt + 100}`);
      startAt += res.body.values.length;
    }
    expect(all).toHaveLength(EDITS);
    expect(all.map((x) => x.items[0]?.toString)).toEqual(Array.from({ length: EDITS }, (_, i) => `edit ${i + 1}`));
    expect(all[0]?.created).toBe('2026-11-21T05:39:24.000+0000');
  });

  test('bulkfetch pages by nextPageToken and filters by field', async () => {
    const other = await h.as(h.seed.users.alanAgent).post<{ key: string; id: string }>('/rest/api/3/issue', {
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Bug' }, summary: 'other' },
    });
    await h.as(h.seed.users.alanAgent).put(`/rest/api/3/issue/${other.body.key}`, { fields: { labels: ['x'] } });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await h.as('app').post<{ issueChangeLogs: { issueId: string; changeHistories: History[] }[]; nextPageToken?: string }>('/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: [key, other.body.key],
        maxResults: 120,
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status).toBe(200);
      for (const log of res.body.issueChangeLogs) seen.push(...log.changeHistories.map((c) => `${log.issueId}/${c.id}`));
      token = res.body.nextPageToken;
    } while (token);
    expect(seen).toHaveLength(EDITS + 1);
    expect(new Set(seen).size).toBe(EDITS + 1);

    const labelsOnly = await h.as('app').post<{ issueChangeLogs: { issueId: string; changeHistories: History[] }[] }>('/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: [key, other.body.key],
      fieldIds: ['labels'],
    });
    expect(labelsOnly.body.issueChangeLogs).toEqual([{ issueId: other.body.id, changeHistories: [expect.objectContaining({ items: [expect.objectContaining({ fieldId: 'labels', toString: 'x' })] })] }]);
    expect((await h.as('app').post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: [] })).status).toBe(400);
  });
});
