/**
 * JQL date values. Absolute dates are wall-clock times in the *caller's* time zone, as Jira
 * reads them; relative periods (`-5m`, `-2d`, `4w 2d`) count from the sandbox clock's now.
 */
import { wallTimeIn, wallTimeToEpoch, isValidWallTime, type WallTime } from '../time';

const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

function parsePeriod(text: string): number | undefined {
  const m = /^([-+]?)((?:\d+[wdhm]\s*)+)$/.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+)([wdhm])/g)) total += Number(part[1]) * (UNIT_MS[part[2] ?? 'm'] ?? 0);
  return sign * total;
}

function parseAbsolute(text: string): WallTime | undefined {
  const m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const w: WallTime = {
    year: Number(m[1]),
    month: Number(m[3]),
    day: Number(m[4]),
    hour: Number(m[5] ?? 0),
    minute: Number(m[6] ?? 0),
    second: 0,
  };
  return isValidWallTime(w) ? w : undefined;
}

/** The instant a JQL date value denotes, or undefined when it is not a valid date value. */
export function parseJqlDate(text: string, timeZone: string, nowMs: number): number | undefined {
  if (/^-?\d+$/.test(text.trim())) return Number(text.trim());
  const period = parsePeriod(text);
  if (period !== undefined) return nowMs + period;
  const wall = parseAbsolute(text);
  return wall ? wallTimeToEpoch(wall, timeZone) : undefined;
}

/** Date functions: now(), startOfDay(), endOfDay(), startOfWeek(), startOfMonth(), with an optional period. */
export function evaluateDateFunction(name: string, args: readonly string[], timeZone: string, nowMs: number): number | undefined {
  const shift = args[0] !== undefined ? parsePeriod(args[0]) : 0;
  if (shift === undefined) return undefined;
  const at = nowMs + shift;
  const wall = wallTimeIn(at, timeZone);
  const midnight = (w: WallTime): number => wallTimeToEpoch({ ...w, hour: 0, minute: 0, second: 0 }, timeZone);
  switch (name.toLowerCase()) {
    case 'now':
      return at;
    case 'startofday':
      return midnight(wall);
    case 'endofday':
      return midnight(wall) + 86_400_000 - 1;
    case 'startofweek': {
      // Jira weeks start on Sunday.
      const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
      const sunday = wallTimeIn(Date.UTC(wall.year, wall.month - 1, wall.day - weekday, 12), 'UTC');
      return midnight(sunday);
    }
    case 'startofmonth':
      return midnight({ ...wall, day: 1 });
    default:
      return undefined;
  }
}

export const DATE_FORMATS_HINT =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";
