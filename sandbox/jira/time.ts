/**
 * Date formats Jira and JSM use, and wall-clock ↔ instant conversion in IANA time zones
 * (JQL date literals are read in the caller's zone). Every instant comes from the sandbox
 * clock; nothing here reads the current time.
 */

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Jira's REST timestamp, always rendered in UTC: `2026-11-21T05:39:23.000+0000`. */
export function jiraDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}+0000`;
}

/** JSM's `iso8601` form has no milliseconds: `2026-11-21T05:39:23+0000`. */
export function jsmIso(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}+0000`;
}

/** JSM's `friendly` form, e.g. `21/Nov/26 5:39 AM` (UTC). */
export function friendlyDate(epochMs: number): string {
  const d = new Date(epochMs);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const month = MONTHS[d.getUTCMonth()] ?? 'Jan';
  return `${pad(d.getUTCDate())}/${month}/${pad(d.getUTCFullYear() % 100)} ${h12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** JSM DateDTO. */
export interface DateDto {
  iso8601: string;
  jira: string;
  friendly: string;
  epochMillis: number;
}

export function dateDto(epochMs: number): DateDto {
  return { iso8601: jsmIso(epochMs), jira: jiraDateTime(epochMs), friendly: friendlyDate(epochMs), epochMillis: epochMs };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at `epochMs` in `timeZone`. */
export function wallTimeIn(epochMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function utcOfWall(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (UTC+14 → +50400000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return utcOfWall(wallTimeIn(wholeSeconds, timeZone)) - wholeSeconds;
}

/**
 * The instant a wall-clock time denotes in `timeZone`, resolved like java.time (which Jira
 * uses): in an overlap the earlier instant wins; a time inside a gap moves later by the gap.
 */
export function wallTimeToEpoch(wall: WallTime, timeZone: string): number {
  const guess = utcOfWall(wall);
  const DAY = 86_400_000;
  const offsets = [...new Set([zoneOffsetMs(guess - DAY, timeZone), zoneOffsetMs(guess, timeZone), zoneOffsetMs(guess + DAY, timeZone)])];
  const valid = offsets.map((o) => guess - o).filter((t) => utcOfWall(wallTimeIn(t, timeZone)) === guess);
  if (valid.length) return Math.min(...valid);
  return guess - zoneOffsetMs(guess - DAY, timeZone);
}

/** Calendar-valid check for y/m/d h:m (rejects 2026-02-30, 25:00 …). */
export function isValidWallTime(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day;
}

/** `yyyy-MM-dd` of a calendar date, as Jira date fields carry it. */
export function formatDateOnly(w: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Parses a `yyyy-MM-dd` calendar date; undefined when malformed or impossible. */
export function parseDateOnly(s: string): WallTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const w: WallTime = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0 };
  return isValidWallTime(w) ? w : undefined;
}

/**
 * Parses the datetime inputs Jira accepts for datetime fields: ISO-8601 with an offset
 * (`2026-11-21T10:00:00.000+0000`, `+00:00`, or `Z`). A missing offset is rejected, since the
 * instant would be ambiguous.
 */
export function parseDateTimeInput(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (!m) return undefined;
  const w: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
  if (!isValidWallTime(w)) return undefined;
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  const zone = m[8] ?? 'Z';
  let offsetMin = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return utcOfWall(w) + millis - offsetMin * 60_000;
}
