import { InvalidInputError } from '../errors';

/**
 * The only JQL the exporter sends, and the checks that keep anything else out of it. Project
 * keys and the admin's filter come from configuration or a request; neither reaches JQL unless
 * it passed these checks, and the builder checks again, so a caller cannot skip validation.
 */

/** Jira's default project key pattern: a capital letter, then capitals, digits or `_`; 2–10 characters. */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;
export const MAX_FILTER_LENGTH = 2000;

export function isProjectKey(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_KEY.test(value);
}

export interface ExportWindow {
  project: string;
  /** Inclusive lower bound, epoch ms. */
  fromMs: number;
  /** Exclusive upper bound, epoch ms. */
  toMs: number;
  /** An admin filter that passed `checkJqlFilter`. */
  filter?: string;
}

/**
 * `project = "KEY" AND updated >= <ms> AND updated < <ms> [AND (<filter>)] ORDER BY updated ASC, key ASC`.
 * Times are epoch milliseconds: Jira reads a `yyyy-MM-dd HH:mm` literal in the searching user's
 * time zone (the app user's, for asApp calls), which silently shifts a window by up to ±14 h;
 * an epoch-ms literal means one instant whatever that zone is. The window is half-open, so
 * consecutive windows neither overlap nor leave a gap; `key` breaks ties between equal times,
 * so the order is total and a page boundary is a well-defined position.
 */
export function exportJql(window: ExportWindow): string {
  if (!isProjectKey(window.project)) throw new InvalidInputError(`"${String(window.project).slice(0, 40)}" is not a Jira project key.`);
  for (const [name, ms] of [['fromMs', window.fromMs], ['toMs', window.toMs]] as const) {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new InvalidInputError(`The export window's ${name} must be a non-negative whole number of milliseconds.`);
  }
  if (window.toMs <= window.fromMs) throw new InvalidInputError('The export window is empty.');
  let where = `project = "${window.project}" AND updated >= ${window.fromMs} AND updated < ${window.toMs}`;
  if (window.filter !== undefined) {
    const problem = checkJqlFilter(window.filter);
    if (problem) throw new InvalidInputError(`The export filter is not allowed: ${problem}`);
    where += ` AND (${window.filter})`;
  }
  return `${where} ORDER BY updated ASC, key ASC`;
}

/** The probe used to check a filter against Jira when an admin saves it (any result, as few fields as possible). */
export function filterProbeJql(project: string, filter: string): string {
  return exportJql({ project, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, filter }).replace(/ ORDER BY .*$/, '');
}

type Token = { kind: 'word' | 'string' | 'op' | 'open' | 'close' | 'comma'; text: string };

const OPERATORS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'];
const WORD = /^[A-Za-z0-9_.\-+[\]]+/;

/**
 * Checks an admin's JQL filter before it is ANDed onto the export query. Allowed: field names,
 * values, quoted strings, `cf[123]`, comparison operators, AND/OR/NOT/IN/IS/EMPTY, function calls
 * and balanced parentheses. Refused: ORDER BY (the export owns the order), unbalanced parentheses
 * or quotes (they could close the export's own parenthesis and widen the query), control
 * characters and anything else JQL has no use for. Returns what is wrong, or undefined.
 * Jira still has the final word: the admin page runs the filter once before saving it.
 */
export function checkJqlFilter(filter: string): string | undefined {
  if (filter.trim() === '') return 'it is empty.';
  if (filter.length > MAX_FILTER_LENGTH) return `it is longer than ${MAX_FILTER_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(filter.replace(/[ \t]/g, ' '))) return 'it contains control characters or line breaks.';
  const tokens: Token[] = [];
  let rest = filter;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const c = rest[0] as string;
    if (c === '"' || c === "'") {
      const end = closingQuote(rest, c);
      if (end < 0) return 'a quoted value is not closed.';
      tokens.push({ kind: 'string', text: rest.slice(0, end + 1) });
      rest = rest.slice(end + 1);
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'open' : c === ')' ? 'close' : 'comma', text: c });
      rest = rest.slice(1);
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      rest = rest.slice(op.length);
      continue;
    }
    const word = WORD.exec(rest);
    if (!word) return `"${c}" has no place in a JQL filter.`;
    tokens.push({ kind: 'word', text: word[0] });
    rest = rest.slice(word[0].length);
  }
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (token.kind === 'open') depth += 1;
    if (token.kind === 'close') depth -= 1;
    if (depth < 0) return 'a ")" has no matching "(".';
    if (token.kind === 'word' && token.text.toUpperCase() === 'ORDER' && tokens[i + 1]?.text.toUpperCase() === 'BY') {
      return 'ORDER BY is not allowed: the export orders by updated and key itself.';
    }
  }
  if (depth !== 0) return 'a "(" is not closed.';
  return undefined;
}

/** Index of the quote closing the string that starts at 0, honouring backslash escapes; -1 if none. */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return -1;
}
