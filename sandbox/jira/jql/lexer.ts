/** JQL tokenizer. Keywords are recognised by the parser, case-insensitively, from `word` tokens. */
import { JqlError } from '../errors';

export type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset in the query. */
  pos: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];
/** Characters that end an unquoted word. */
const BREAKS = new Set([' ', '\t', '\n', '\r', '=', '!', '<', '>', '~', '(', ')', ',', '"', "'", '&', '|']);

export function where(pos: number): string {
  return `(line 1, character ${pos + 1})`;
}

export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i++;
      continue;
    }
    if (jql.startsWith('&&', i) || jql.startsWith('||', i)) {
      tokens.push({ kind: 'word', text: jql.startsWith('&&', i) ? 'AND' : 'OR', pos: i });
      i += 2;
      continue;
    }
    const op = OPERATORS.find((o) => jql.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '!') {
      tokens.push({ kind: 'word', text: 'NOT', pos: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      let closed = false;
      while (i < jql.length) {
        const ch = jql[i] as string;
        if (ch === '\\') {
          const next = jql[i + 1];
          if (next === undefined) break;
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(jql.slice(i + 2, i + 6))) {
            text += String.fromCharCode(parseInt(jql.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
          continue;
        }
        if (ch === c) {
          closed = true;
          i++;
          break;
        }
        text += ch;
        i++;
      }
      if (!closed) throw new JqlError(`Error in the JQL Query: The quoted string '${text}' has not been completed. ${where(start)}`);
      tokens.push({ kind: 'string', text, pos: start });
      continue;
    }
    if (c === '&' || c === '|') {
      throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead. ${where(i)}`);
    }
    const start = i;
    while (i < jql.length && !BREAKS.has(jql[i] as string)) i++;
    tokens.push({ kind: 'word', text: jql.slice(start, i), pos: start });
  }
  tokens.push({ kind: 'eof', text: '', pos: jql.length });
  return tokens;
}
