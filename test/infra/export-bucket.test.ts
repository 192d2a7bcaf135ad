import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { exportBucketPolicy } from '../../sandbox/export-demo';
import { dataKey } from '../../src/domain/export/layout';
import { issueRecord, tombstoneRecord } from '../../src/domain/export/records';

const ROOT = path.resolve(__dirname, '../..');

/** CloudFormation's short-form intrinsics as their long forms. */
const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'If', 'Not', 'Equals', 'Join', 'Condition'];
const customTags: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const resolve = (value: unknown) => ({ [key]: value });
  return [
    { tag: `!${name}`, resolve: (value: string) => resolve(value) } as ScalarTag,
    { tag: `!${name}`, collection: 'seq', resolve: (value: { toJSON(): unknown }) => resolve(value.toJSON()) } as unknown as CollectionTag,
  ];
});

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
const template = parse(readFileSync(path.join(ROOT, 'infra/export-bucket.yaml'), 'utf8'), { customTags }) as { Resources: Record<string, Resource> };
const statements = (template.Resources.ExportBucketPolicy?.Properties.PolicyDocument as { Statement: { Sid: string; Effect: string; Action: string[] | string; Principal: unknown }[] }).Statement;
const tableInput = template.Resources.IssuesTable?.Properties.TableInput as {
  Parameters: Record<string, unknown>;
  PartitionKeys: { Name: string }[];
  StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: { SerializationLibrary: string } };
};

/** The IAM action each S3 command the app's adapter sends is authorised as. */
const ACTION_OF: Record<string, string> = { PutObjectCommand: 's3:PutObject', GetObjectCommand: 's3:GetObject', ListObjectsV2Command: 's3:ListBucket', DeleteObjectCommand: 's3:DeleteObject' };

describe('infra/export-bucket.yaml', () => {
  test('the role may do exactly what the app’s S3 adapter does (write objects, list the prefix), and the sandbox’s bucket policy agrees', () => {
    const sources = readdirSync(path.join(ROOT, 'src/adapters/s3')).map((f) => readFileSync(path.join(ROOT, 'src/adapters/s3', f), 'utf8')).join('\n');
    const sent = [...new Set([...sources.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string))];
    const needed = sent.map((c) => ACTION_OF[c] ?? `unknown ${c}`).sort();
    const granted = statements
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .sort();
    expect(granted).toEqual(needed);
    for (const s of statements.filter((x) => x.Effect === 'Allow')) expect(s.Principal).toEqual({ AWS: { Ref: 'ProvisioRoleArn' } });
    const sandbox = exportBucketPolicy('b', 'jira', 'arn:aws:iam::111111111111:role/ProvisioAutomation').flatMap((s) => s.actions).sort();
    expect(sandbox).toEqual(needed);
  });

  test('the Glue table has a column for every member of the records the app writes, and projects the partition layout the app uses', () => {
    const fields = [{ id: 'summary', name: 'Summary' }];
    const issue = issueRecord({ bean: { id: '1', key: 'OPS-1', fields: { updated: '2026-03-02T09:00:00.000+0000' } }, project: 'OPS', updatedMs: 0, fields, names: {}, changelog: [], comments: [], runId: 'r', exportedAt: 'x' });
    const tombstone = tombstoneRecord({ issueId: '2', issueKey: 'OPS-2', project: 'OPS', deletedAtMs: 0 }, 'r', 'x', true);
    const members = [...new Set([...Object.keys(issue), ...Object.keys(tombstone)])].sort();
    // `project` is also in every record, but Athena takes it from the partition (the values are the same).
    const readable = [...tableInput.StorageDescriptor.Columns.map((c) => c.Name), ...tableInput.PartitionKeys.map((k) => k.Name).filter((k) => k !== 'dt')].sort();
    expect(readable).toEqual(members);
    expect(tableInput.PartitionKeys.map((k) => k.Name)).toEqual(['project', 'dt']);
    expect(tableInput.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    const changelogType = tableInput.StorageDescriptor.Columns.find((c) => c.Name === 'changelog')?.Type ?? '';
    for (const member of ['id:', 'created:', 'author:', 'items:']) expect(changelogType).toContain(member);
    // The projection's location template is the app's data key up to the file name.
    const template = (tableInput.Parameters['storage.location.template'] as { 'Fn::Sub': string })['Fn::Sub'];
    const key = dataKey('${Prefix}', '${!project}', '${!dt}', 'run', 1);
    expect(`s3://\${BucketName}/${key.slice(0, key.lastIndexOf('/') + 1)}`).toBe(template);
    expect(readFileSync(path.join(ROOT, 'infra/export-athena.sql'), 'utf8')).toContain('PARTITIONED BY (project string, dt string)');
  });
});
