/**
 * Dates as the viewer reads them: in their Atlassian locale and time zone (from the bridge's
 * context), falling back to the browser's when the host does not say.
 */
import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';

export interface TimeSettings {
  locale?: string;
  timeZone?: string;
}

let settings: Promise<TimeSettings> | undefined;

function loadTimeSettings(): Promise<TimeSettings> {
  settings ??= view.getContext().then(
    (context) => ({
      ...(typeof context.locale === 'string' && context.locale ? { locale: context.locale.replace('_', '-') } : {}),
      ...(typeof context.timezone === 'string' && context.timezone ? { timeZone: context.timezone } : {}),
    }),
    () => ({}),
  );
  return settings;
}

export function useTimeSettings(): TimeSettings {
  const [value, setValue] = useState<TimeSettings>({});
  useEffect(() => {
    let current = true;
    void loadTimeSettings().then((loaded) => {
      if (current) setValue(loaded);
    });
    return () => {
      current = false;
    };
  }, []);
  return value;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const TIME: Intl.DateTimeFormatOptions = { timeStyle: 'medium' };

/** `iso` as a readable date and time (or only the time); an unparseable value is shown as it is. */
export function formatDateTime(iso: string, time: TimeSettings, style: 'dateTime' | 'time' = 'dateTime'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options = { ...(style === 'time' ? TIME : DATE_TIME) };
  try {
    return new Intl.DateTimeFormat(time.locale, { ...options, ...(time.timeZone ? { timeZone: time.timeZone } : {}) }).format(date);
  } catch {
    // An unknown locale or zone from the host: the browser's own is still better than nothing.
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}
