import { formatBytes, formatCount } from '../export-format';

export interface ExportRunStatsProps {
  /** Prefixes the test ids (`export-run` → `export-run-records`). */
  testIdPrefix: string;
  stats: { pages?: number; records: number; duplicates?: number; tombstones?: number; bytes: number; runs?: number };
}

const LABELS: { key: keyof ExportRunStatsProps['stats']; label: string }[] = [
  { key: 'runs', label: 'Runs' },
  { key: 'pages', label: 'Pages' },
  { key: 'records', label: 'Records' },
  { key: 'duplicates', label: 'Duplicates skipped' },
  { key: 'tombstones', label: 'Tombstones' },
  { key: 'bytes', label: 'Written' },
];

/** A run's counters side by side; each value carries the raw number in `data-value`. */
export function ExportRunStats({ testIdPrefix, stats }: ExportRunStatsProps) {
  return (
    <dl className="export-stats">
      {LABELS.filter((l) => stats[l.key] !== undefined).map(({ key, label }) => {
        const value = stats[key] as number;
        return (
          <div key={key} className="export-stat">
            <dt>{label}</dt>
            <dd data-testid={`${testIdPrefix}-${key}`} data-value={value} title={key === 'bytes' ? `${formatCount(value)} bytes` : undefined}>
              {key === 'bytes' ? formatBytes(value) : formatCount(value)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
