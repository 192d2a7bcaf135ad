import { rmSync } from 'node:fs';
import { startSandbox } from '../sandbox/sandbox';
async function main() {
  const dir = '/tmp/exp/persist'; rmSync(dir, { recursive: true, force: true });
  let sb = await startSandbox({ port: 0, dataDir: dir });
  const admin = sb.seed.users.adaAdmin.accountId;
  const call = async (fk: string, payload: unknown = {}) => sb.platform.invokeResolver({ moduleKey: 'provisio-admin', functionKey: fk, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: admin });
  for (let i = 0; i < 5; i++) sb.jira.store.createIssue(admin, { project: 'OPS', issueType: { name: 'Task' }, summary: `t${i}` });
  await call('admin/export/run-now'); await sb.platform.settle();
  const n1 = sb.aws.s3.objects('provisio-demo-jira-export').length;
  await sb.close();
  sb = await startSandbox({ port: 0, dataDir: dir });
  const st = (await sb.platform.invokeResolver({ moduleKey: 'provisio-admin', functionKey: 'admin/export/status', payload: {}, context: { extension: { type: 'jira:adminPage' } }, accountId: admin })) as any;
  console.log('objects before', n1, 'after', sb.aws.s3.objects('provisio-demo-jira-export').length, 'OPS watermark', st.data.projects[1].watermark, st.data.projects[1].totals);
  await sb.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
