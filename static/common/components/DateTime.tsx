import { formatDateTime, useTimeSettings } from '../time';

/** A machine-readable <time> showing `iso` in the viewer's locale and zone. */
export function DateTime({ iso, style = 'dateTime', testId }: { iso: string; style?: 'dateTime' | 'time'; testId?: string }) {
  const time = useTimeSettings();
  return (
    <time dateTime={iso} title={iso} data-testid={testId}>
      {formatDateTime(iso, time, style)}
    </time>
  );
}
