/**
 * Recursive-descent JQL parser:
 *   query   := orExpr? (ORDER BY sort (',' sort)*)?
 *   orExpr  := andExpr (OR andExpr)*
 *   andExpr := notExpr (AND notExpr)*
 *   notExpr := NOT notExpr | '(' orExpr ')' | clause
 *   clause  := field op operand
 * Errors carry Jira's wording and position.
 */
import { JqlError } from '../errors';
import { type Clause, type Expr, type FieldRef, type Literal, type Operand, type Operator, type Query, type SortTerm } from './ast';
import { tokenize, where, type Token } from './lexer';

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'EMPTY', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC']);
const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

const describe = (t: Token): string => (t.kind === 'eof' ? 'the end of the query' : `'${t.text}'`);
const fail = (message: string, t: Token): JqlError => new JqlError(`Error in the JQL Query: ${message} ${where(t.pos)}`);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isKeyword(t: Token, kw: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === kw;
  }

  parseQuery(): Query {
    let whereExpr: Expr | null = null;
    if (this.peek().kind !== 'eof' && !this.isKeyword(this.peek(), 'ORDER')) whereExpr = this.parseOr();
    const orderBy: SortTerm[] = [];
    const t = this.peek();
    if (this.isKeyword(t, 'ORDER')) {
      this.next();
      const by = this.next();
      if (!this.isKeyword(by, 'BY')) throw fail(`Expecting 'BY' but got ${describe(by)}.`, by);
      do {
        const field = this.parseField();
        let direction: SortTerm['direction'] = null;
        const d = this.peek();
        if (this.isKeyword(d, 'ASC') || this.isKeyword(d, 'DESC')) direction = this.next().text.toUpperCase() as 'ASC' | 'DESC';
        orderBy.push({ field, direction });
      } while (this.peek().kind === 'comma' && this.next());
    } else if (t.kind !== 'eof') {
      throw fail(`Expecting either 'OR' or 'AND' but got ${describe(t)}.`, t);
    }
    const end = this.peek();
    if (end.kind !== 'eof') throw fail(`Expecting either a ',', 'ASC' or 'DESC' but got ${describe(end)}.`, end);
    return { where: whereExpr, orderBy };
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'OR')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), 'AND')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    const t = this.peek();
    if (this.isKeyword(t, 'NOT')) {
      this.next();
      return { kind: 'not', expr: this.parseNot() };
    }
    if (t.kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.kind !== 'rparen') throw fail(`Expecting ')' but got ${describe(close)}.`, close);
      return inner;
    }
    return this.parseClause();
  }

  private parseField(): FieldRef {
    const t = this.next();
    if ((t.kind !== 'word' && t.kind !== 'string') || (t.kind === 'word' && KEYWORDS.has(t.text.toUpperCase()))) {
      throw fail(`Expecting a field name but got ${describe(t)}.`, t);
    }
    return { name: t.text, pos: t.pos };
  }

  private parseOperator(): Operator {
    const t = this.next();
    if (t.kind === 'op') return t.text as Operator;
    if (this.isKeyword(t, 'IN')) return 'in';
    if (this.isKeyword(t, 'NOT') && this.isKeyword(this.peek(), 'IN')) {
      this.next();
      return 'not in';
    }
    if (this.isKeyword(t, 'IS')) {
      if (this.isKeyword(this.peek(), 'NOT')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    throw fail(`Expecting operator but got ${describe(t)}. ${VALID_OPERATORS}`, t);
  }

  private parseClause(): Clause {
    const field = this.parseField();
    const operator = this.parseOperator();
    const operand = this.parseOperand(operator);
    return { kind: 'clause', field, operator, operand, pos: field.pos };
  }

  private parseOperand(operator: Operator): Operand {
    const t = this.peek();
    if (this.isKeyword(t, 'EMPTY') || this.isKeyword(t, 'NULL')) {
      this.next();
      return { kind: 'empty', pos: t.pos };
    }
    if (operator === 'is' || operator === 'is not') throw fail(`Expecting 'EMPTY' or 'NULL' but got ${describe(t)}.`, t);
    if (t.kind === 'lparen') {
      this.next();
      const values: Literal[] = [];
      if (this.peek().kind !== 'rparen') {
        do values.push(this.parseLiteral());
        while (this.peek().kind === 'comma' && this.next());
      }
      const close = this.next();
      if (close.kind !== 'rparen') throw fail(`Expecting ')' but got ${describe(close)}.`, close);
      return { kind: 'list', values, pos: t.pos };
    }
    if (operator === 'in' || operator === 'not in') {
      return { kind: 'list', values: [this.parseLiteral()], pos: t.pos };
    }
    return { kind: 'single', value: this.parseLiteral() };
  }

  private parseLiteral(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'value', text: t.text, quoted: true, pos: t.pos };
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toUpperCase())) {
      if (this.peek().kind === 'lparen') {
        this.next();
        const args: string[] = [];
        while (this.peek().kind !== 'rparen') {
          const a = this.next();
          if (a.kind === 'eof') throw fail(`Expecting ')' but got ${describe(a)}.`, a);
          if (a.kind !== 'comma') args.push(a.text);
        }
        this.next();
        return { kind: 'function', name: t.text, args, pos: t.pos };
      }
      return { kind: 'value', text: t.text, quoted: false, pos: t.pos };
    }
    throw fail(`Expecting either a value, list or function but got ${describe(t)}.`, t);
  }
}

export function parseJql(jql: string): Query {
  return new Parser(tokenize(jql)).parseQuery();
}
