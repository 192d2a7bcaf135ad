import { invalidSearch } from './errors';

/**
 * The SCIM-style expressions of Okta's `search` and `filter` parameters, e.g.
 * `profile.login eq "a@b.example"`, `status eq "ACTIVE" and lastUpdated gt "2026-01-01T00:00:00.000Z"`.
 */
export type FilterOp = 'eq' | 'ne' | 'sw' | 'co' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'compare'; attr: string; op: FilterOp; value: FilterValue };

const OPS: readonly FilterOp[] = ['eq', 'ne', 'sw', 'co', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'];

type Token = { t: 'word'; v: string } | { t: 'string'; v: string } | { t: '(' } | { t: ')' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ t: ch });
      i += 1;
    } else if (ch === '"') {
      let value = '';
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i += 1;
        value += text[i];
        i += 1;
      }
      if (i >= text.length) throw invalidSearch('Unterminated string in search expression');
      i += 1;
      tokens.push({ t: 'string', v: value });
    } else {
      let word = '';
      while (i < text.length && !/[\s()"]/.test(text[i]!)) {
        word += text[i];
        i += 1;
      }
      tokens.push({ t: 'word', v: word });
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.pos !== this.tokens.length) throw invalidSearch('Unexpected text at the end of the search expression');
    return node;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.pos];
    return token?.t === 'word' ? token.v.toLowerCase() : undefined;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.pos += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.primary();
    while (this.peekWord() === 'and') {
      this.pos += 1;
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  private primary(): FilterNode {
    const token = this.tokens[this.pos];
    if (!token) throw invalidSearch('Incomplete search expression');
    if (token.t === '(') {
      this.pos += 1;
      const inner = this.or();
      if (this.tokens[this.pos]?.t !== ')') throw invalidSearch('Missing closing parenthesis');
      this.pos += 1;
      return inner;
    }
    if (token.t !== 'word') throw invalidSearch('Expected an attribute name');
    this.pos += 1;
    const opToken = this.tokens[this.pos];
    const op = opToken?.t === 'word' ? (opToken.v.toLowerCase() as FilterOp) : undefined;
    if (!op || !OPS.includes(op)) throw invalidSearch(`Unsupported operator after ${token.v}`);
    this.pos += 1;
    if (op === 'pr') return { kind: 'compare', attr: token.v, op, value: null };
    const valueToken = this.tokens[this.pos];
    if (!valueToken || valueToken.t === '(' || valueToken.t === ')') throw invalidSearch(`Missing value for ${token.v} ${op}`);
    this.pos += 1;
    return { kind: 'compare', attr: token.v, op, value: literal(valueToken) };
  }
}

function literal(token: { t: 'word' | 'string'; v: string }): FilterValue {
  if (token.t === 'string') return token.v;
  if (token.v === 'true') return true;
  if (token.v === 'false') return false;
  if (token.v === 'null') return null;
  const n = Number(token.v);
  if (Number.isFinite(n)) return n;
  throw invalidSearch(`Invalid value ${token.v}: strings must be quoted`);
}

export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw invalidSearch('Empty search expression');
  return new Parser(tokenize(text)).parse();
}

/** Which attributes and operators a parameter accepts (`filter` is much narrower than `search`). */
export interface FilterRules {
  attribute(attr: string): boolean;
  op(attr: string, op: FilterOp): boolean;
}

export function checkFilter(node: FilterNode, rules: FilterRules): void {
  if (node.kind !== 'compare') {
    checkFilter(node.left, rules);
    checkFilter(node.right, rules);
    return;
  }
  if (!rules.attribute(node.attr)) throw invalidSearch(`Unsupported attribute: ${node.attr}`);
  if (!rules.op(node.attr, node.op)) throw invalidSearch(`Unsupported operator ${node.op} for ${node.attr}`);
}

/** Reads an attribute of the object being matched; dates come back as epoch ms. */
export type AttributeReader = (attr: string) => FilterValue | undefined;

export function matches(node: FilterNode, read: AttributeReader, dateAttributes: ReadonlySet<string>): boolean {
  if (node.kind !== 'compare') {
    const left = matches(node.left, read, dateAttributes);
    return node.kind === 'and' ? left && matches(node.right, read, dateAttributes) : left || matches(node.right, read, dateAttributes);
  }
  const actual = read(node.attr);
  if (node.op === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return node.op === 'ne' ? node.value !== null : node.op === 'eq' && node.value === null;
  if (dateAttributes.has(node.attr)) {
    const expected = typeof node.value === 'string' ? Date.parse(node.value) : NaN;
    if (Number.isNaN(expected)) throw invalidSearch(`Invalid date for ${node.attr}`);
    return compareOrdered(node.op, Number(actual), expected);
  }
  if (typeof actual === 'string' && typeof node.value === 'string') {
    // Okta matches strings case-insensitively (logins and emails above all).
    const a = actual.toLowerCase();
    const b = node.value.toLowerCase();
    if (node.op === 'sw') return a.startsWith(b);
    if (node.op === 'co') return a.includes(b);
    if (node.op === 'ew') return a.endsWith(b);
    return compareOrdered(node.op, a, b);
  }
  if (node.op === 'sw' || node.op === 'co' || node.op === 'ew') return false;
  return compareOrdered(node.op, actual, node.value as FilterValue);
}

function compareOrdered(op: FilterOp, a: FilterValue, b: FilterValue): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null) return false;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  if (op === 'le') return a <= b;
  return false;
}
