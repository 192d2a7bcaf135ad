import { startSandbox } from '../sandbox/sandbox';
async function main() {
  const t0 = Date.now();
  const sb = await startSandbox({ port: 0, startAt: Date.UTC(2026, 2, 2, 9) });
  console.log('started', Date.now() - t0, 'ms', JSON.stringify(sb.endpoints().export));
  const admin = sb.seed.users.adaAdmin.accountId;
  const call = async (fk: string, payload: unknown = {}) => sb.platform.invokeResolver({ moduleKey: 'provisio-admin', functionKey: fk, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: admin });
  for (let i = 0; i < 30; i++) sb.jira.store.createIssue(admin, { project: 'OPS', issueType: { name: 'Task' }, summary: `t${i}` });
  await sb.platform.settle();
  console.log(JSON.stringify(await call('admin/export/run-now')));
  await sb.platform.settle();
  const st = await call('admin/export/status') as any;
  console.log(JSON.stringify(st, null, 1).slice(0, 3000));
  const objs = sb.aws.s3.objects('provisio-demo-jira-export');
  console.log(objs.map((o) => `${o.key} ${o.body.length}`).join('\n'));
  const fails = sb.platform.log.list({}).filter((r: any) => r.outcome !== 'success');
  console.log('failures', JSON.stringify(fails.slice(0, 5), null, 1).slice(0, 3000));
  const exp = sb.platform.log.list({ functionKey: 'on-export-page' });
  console.log(JSON.stringify(exp.map((r: any) => [r.outcome, r.calls, r.logs, r.error])).slice(0, 2000));
  const { gunzipSync } = await import("node:zlib"); const o = objs.find((x) => x.key.endsWith(".gz")); if (o) console.log(gunzipSync(o.body).toString().split("\n")[0]); const m = objs.find((x) => x.key.endsWith(".json")); if (m) console.log(Buffer.from(m.body).toString());
  await sb.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
