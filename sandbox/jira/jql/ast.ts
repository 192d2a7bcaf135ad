/** JQL syntax tree. */

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export interface FieldRef {
  name: string;
  pos: number;
}

/** A single value: a (quoted or unquoted) string, or a function call like `currentUser()`. */
export type Literal =
  | { kind: 'value'; text: string; quoted: boolean; pos: number }
  | { kind: 'function'; name: string; args: string[]; pos: number };

export type Operand = { kind: 'single'; value: Literal } | { kind: 'list'; values: Literal[]; pos: number } | { kind: 'empty'; pos: number };

export interface Clause {
  kind: 'clause';
  field: FieldRef;
  operator: Operator;
  operand: Operand;
  pos: number;
}

export type Expr = Clause | { kind: 'and'; left: Expr; right: Expr } | { kind: 'or'; left: Expr; right: Expr } | { kind: 'not'; expr: Expr };

export interface SortTerm {
  field: FieldRef;
  direction: 'ASC' | 'DESC' | null;
}

export interface Query {
  where: Expr | null;
  orderBy: SortTerm[];
}
