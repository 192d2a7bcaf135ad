import { createJiraStandIn, seedDemo } from '../sandbox/jira';
import { VirtualClock } from '../sandbox/platform/clock';
const clock = new VirtualClock(Date.UTC(2026, 0, 1));
const jira = createJiraStandIn({ clock, onEvent: () => {}, siteUrl: 'http://x', appAccountId: 'app-1' });
const seed = seedDemo(jira);
const admin = seed.users.adaAdmin.accountId;
const N = Number(process.argv[2] ?? 50000);
const ids: string[] = [];
let t = Date.now();
for (let i = 0; i < N; i++) {
  ids.push(jira.store.createIssue(admin, { project: i % 2 ? 'OPS' : 'ITS', issueType: { name: i % 2 ? 'Task' : 'Service Request' }, summary: `Issue ${i}` }).id);
  if (i % 3 === 0) clock.advance(50);
}
console.log('created', N, Date.now() - t, 'ms');
t = Date.now();
for (let i = 0; i < N; i+=1) { jira.store.editIssue(admin, ids[i]!, { fields: { summary: `Edited ${i}` } }); }
console.log('edited', Date.now() - t, 'ms');
async function main() {
  const upper = clock.now() + 1;
  let token: string | undefined; let pages = 0; let n = 0;
  t = Date.now();
  do {
    const res = await jira.fetchAs('app-1', new Request('http://x/rest/api/3/search/jql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ jql: `project = "ITS" AND updated >= 0 AND updated < ${upper} ORDER BY updated ASC, key ASC`, maxResults: 5000, fields: ['summary', 'updated', 'created', 'status', 'labels', 'customfield_10050'], expand: 'changelog,names', ...(token ? { nextPageToken: token } : {}) }) }));
    const body = await res.json() as any;
    if (res.status !== 200) { console.log(res.status, body); break; }
    pages++; n += body.issues.length; token = body.nextPageToken;
    if (pages === 1) console.log(JSON.stringify(body.issues[0]).slice(0, 1500), Object.keys(body));
  } while (token);
  console.log('pages', pages, 'issues', n, Date.now() - t, 'ms');
}
main();
setTimeout(async () => {
  const upper = clock.now() + 1;
  for (const [fields, max] of [[['id'], 1], [['summary','updated'], 100], [['summary','updated','status','labels','created'], 100]] as const) {
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) await jira.fetchAs('app-1', new Request('http://x/rest/api/3/search/jql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jql: `project = "ITS" AND updated >= 0 AND updated < ${upper} ORDER BY updated ASC, key ASC`, maxResults: max, fields, expand: max > 1 ? 'changelog,names' : undefined }) })).then((r) => r.text());
    console.log(fields.join(','), max, (Date.now() - t0) / 10, 'ms/page');
  }
}, 15000);
