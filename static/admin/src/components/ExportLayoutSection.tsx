import type { ExportConfigView } from '@shared/export-contract';
import { Section } from './Section';

const KEYS: { key: keyof ExportConfigView['layout']; label: string; hint: string }[] = [
  { key: 'data', label: 'Data', hint: 'One gzipped JSON Lines file per page of issues, partitioned by project and day (Hive style, so Athena prunes by project and dt).' },
  { key: 'manifest', label: 'Manifest', hint: "Written after its data file: the object's key, size, SHA-256, record counts and the run's watermark." },
  { key: 'tombstone', label: 'Tombstone', hint: 'A deleted issue, as a record of its own in its project partition.' },
];

/** For the admin's (and the data team's) reference: how the objects are named, and what to deploy in AWS. */
export function ExportLayoutSection({ config }: { config: ExportConfigView }) {
  const { layout, infraTemplates } = config;
  return (
    <Section id="export-layout" title="What lands in the bucket" description="Example object keys (for project KEY, on 2 January 2026) under the saved prefix.">
      <dl className="export-layout" data-testid="export-layout">
        {KEYS.map(({ key, label, hint }) => (
          <div key={key} className="export-layout-item">
            <dt>{label}</dt>
            <dd>
              <code className="wrap" data-testid={`export-layout-${key}`}>
                {layout[key]}
              </code>
              <span className="field-hint">{hint}</span>
            </dd>
          </div>
        ))}
      </dl>
      <h3 className="subsection-title">What to deploy in AWS</h3>
      <ul className="export-infra" data-testid="export-infra">
        <li>
          <code data-testid="export-infra-bucket-policy">{infraTemplates.bucketPolicy}</code>: the bucket policy that lets Provisio&apos;s role write under the prefix and list the
          bucket, and nothing else.
        </li>
        <li>
          <code data-testid="export-infra-athena-table">{infraTemplates.athenaTable}</code>: the Athena (Glue) table over these files, with project and dt as partitions.
        </li>
      </ul>
      <p className="field-hint">Both are in the infra folder of the Provisio package (see infra/README.md).</p>
    </Section>
  );
}
