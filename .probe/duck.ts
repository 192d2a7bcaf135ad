import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
async function main() {
  const dir = '/tmp/exp/duck/jira';
  mkdirSync(`${dir}/project=OPS/dt=2026-03-02`, { recursive: true });
  mkdirSync(`${dir}/project=ITS/dt=2026-03-03`, { recursive: true });
  const rec = (id: string, p: string, extra: object) => JSON.stringify({ record_type: 'issue', deleted: false, issue_id: id, project: p, updated_ms: 1, fields: { summary: 's', status: { name: 'x', id: '1' } }, changelog: [{ id: '1', items: [{ field: 'a', from: '1' }] }], ...extra });
  writeFileSync(`${dir}/project=OPS/dt=2026-03-02/a.jsonl.gz`, gzipSync(rec('1', 'OPS', {}) + '\n' + rec('2', 'OPS', { comments: [] }) + '\n'));
  writeFileSync(`${dir}/project=ITS/dt=2026-03-03/tombstone-3.jsonl.gz`, gzipSync(JSON.stringify({ record_type: 'tombstone', deleted: true, issue_id: '3', project: 'ITS', updated_ms: 2, fields: null, changelog: [], comments: null }) + '\n'));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const r = await con.runAndReadAll(`select project, dt, count(*) n, count(distinct issue_id) d, sum(len(changelog)) c from read_json_auto('${dir}/project=*/dt=*/*.jsonl.gz', hive_partitioning = true, union_by_name = true) group by all order by 1`);
  console.log(r.getRowObjectsJson());
}
main().catch((e) => { console.error(e); process.exit(1); });
