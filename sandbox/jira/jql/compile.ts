/**
 * Turns a parsed query into a predicate and a sort for one caller: values are resolved and
 * checked up front (unknown projects, statuses, users … are 400s, as in Jira), dates are read
 * in the caller's time zone, and negative operators never match empty fields (Jira semantics).
 */
import { ISSUE_TYPES, RESOLUTIONS, STATUSES, STATUS_CATEGORIES } from '../catalog';
import { JqlError } from '../errors';
import { type IssueRecord, type UserRecord } from '../model';
import { canBrowse, projectPermissions } from '../permissions';
import { findIssue, type StoreContext } from '../store/context';
import { findUserByEmail } from '../store/users';
import { parseDateOnly, wallTimeToEpoch } from '../time';
import { type Clause, type Expr, type Literal, type Query } from './ast';
import { DATE_FORMATS_HINT, evaluateDateFunction, parseJqlDate } from './dates';
import { OPERATORS_BY_KIND, resolveField, type JqlField, type SortValue } from './fields';

export interface JqlEnv {
  ctx: StoreContext;
  actor: UserRecord;
  now: number;
}

export type Predicate = (issue: IssueRecord) => boolean;

export interface CompiledQuery {
  predicate: Predicate;
  sortKeys(issue: IssueRecord): SortValue[];
  directions: ('ASC' | 'DESC')[];
}

const MAX_ORDER_BY = 7;

const valueError = (text: string, field: JqlField): JqlError => new JqlError(`The value '${text}' does not exist for the field '${field.name}'.`);

function literalText(lit: Literal): string {
  return lit.kind === 'value' ? lit.text : `${lit.name}(${lit.args.join(', ')})`;
}

function functionError(lit: Literal & { kind: 'function' }, field: JqlField): JqlError {
  return new JqlError(`Unable to find JQL function '${lit.name}(${lit.args.join(', ')})' for field '${field.name}'.`);
}

function matchUsers(env: JqlEnv, lit: Literal, field: JqlField): string[] {
  const { ctx, actor } = env;
  if (lit.kind === 'function') {
    const fn = lit.name.toLowerCase();
    if (fn === 'currentuser') return [actor.accountId];
    if (fn === 'membersof') {
      const group = ctx.state.groups.find((g) => g.name.toLowerCase() === (lit.args[0] ?? '').toLowerCase());
      if (!group) throw new JqlError(`Function 'membersOf' can not generate a list of usernames for group '${lit.args[0] ?? ''}'; the group does not exist.`);
      return [...group.memberIds];
    }
    throw functionError(lit, field);
  }
  const t = lit.text;
  const users = Object.values(ctx.state.users);
  const byId = users.find((u) => u.accountId === t);
  if (byId) return [byId.accountId];
  const byEmail = findUserByEmail(ctx, t);
  if (byEmail) return [byEmail.accountId];
  const byName = users.filter((u) => u.displayName.toLowerCase() === t.toLowerCase());
  if (byName.length) return byName.map((u) => u.accountId);
  throw valueError(t, field);
}

function matchIds<T extends { id: string; name: string }>(items: readonly T[], text: string, field: JqlField, extra?: (t: T) => string[]): string[] {
  const wanted = text.toLowerCase();
  const found = items.filter((x) => x.id === text || x.name.toLowerCase() === wanted || (extra?.(x) ?? []).some((e) => e.toLowerCase() === wanted));
  if (!found.length) throw valueError(text, field);
  return found.map((x) => x.id);
}

/** Candidate values a literal stands for, in the field's value space. `null` means EMPTY. */
function resolveLiteral(env: JqlEnv, field: JqlField, lit: Literal): (string | number | null)[] {
  const { ctx } = env;
  if (field.kind === 'user' || field.kind === 'users') return matchUsers(env, lit, field);
  if (field.kind === 'datetime' || field.kind === 'date') {
    const ms =
      lit.kind === 'function'
        ? evaluateDateFunction(lit.name, lit.args, env.actor.timeZone, env.now)
        : parseJqlDate(lit.text, env.actor.timeZone, env.now);
    if (ms === undefined) {
      if (lit.kind === 'function') throw functionError(lit, field);
      throw new JqlError(`Date value '${lit.text}' for field '${field.name}' is invalid. ${DATE_FORMATS_HINT}`);
    }
    return [ms];
  }
  if (lit.kind === 'function') throw functionError(lit, field);
  const text = lit.text;
  switch (field.kind) {
    case 'project':
      // Projects the caller cannot browse do not exist as far as JQL is concerned.
      return matchIds(
        ctx.state.projects.filter((p) => projectPermissions(ctx.state, env.actor.accountId, p).has('BROWSE_PROJECTS')),
        text,
        field,
        (p) => [p.key],
      );
    case 'key': {
      const issue = findIssue(ctx, text);
      if (!issue || !canBrowse(ctx.state, env.actor.accountId, issue)) {
        throw new JqlError(`An issue with key '${text}' does not exist for field '${field.name}'.`);
      }
      return [issue.id];
    }
    case 'status':
      return matchIds(STATUSES, text, field);
    case 'statusCategory': {
      const wanted = text.toLowerCase();
      const found = STATUS_CATEGORIES.filter((c) => String(c.id) === text || c.key === wanted || c.name.toLowerCase() === wanted);
      if (!found.length) throw valueError(text, field);
      return found.map((c) => c.key);
    }
    case 'issuetype':
      return matchIds(ISSUE_TYPES, text, field);
    case 'resolution':
      if (text.toLowerCase() === 'unresolved') return [null];
      return matchIds(RESOLUTIONS, text, field);
    case 'option':
    case 'options': {
      const options = field.custom?.options ?? [];
      const found = options.filter((o) => o.id === text || o.value.toLowerCase() === text.toLowerCase());
      if (!found.length) throw valueError(text, field);
      return found.map((o) => o.id);
    }
    case 'requesttype':
      return matchIds(ctx.state.requestTypes, text, field);
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new JqlError(`Value '${text}' is not a valid number for the field '${field.name}'.`);
      return [n];
    }
    case 'labels':
    case 'text':
      return [text];
  }
}

/** Jira-like text match: every term must match a word (exactly, by simple stem, or `term*` prefix); quoted phrases as substrings. */
function textMatches(haystack: string, query: string): boolean {
  const text = haystack.toLowerCase();
  const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => (m[1] ?? '').toLowerCase());
  const rest = query.replace(/"[^"]+"/g, ' ');
  const words = text.split(/[^\p{L}\p{N}_@.*-]+/u).filter(Boolean);
  const terms = rest.toLowerCase().split(/[^\p{L}\p{N}_@.*-]+/u).filter(Boolean);
  const stem = (w: string): string => w.replace(/(ing|ed|es|s)$/, '');
  const termOk = (term: string): boolean => {
    if (term.endsWith('*')) {
      const prefix = term.slice(0, -1);
      return words.some((w) => w.startsWith(prefix));
    }
    return words.some((w) => w === term || stem(w) === stem(term));
  };
  return phrases.every((p) => text.includes(p)) && terms.every(termOk) && (phrases.length > 0 || terms.length > 0);
}

function compileClause(env: JqlEnv, clause: Clause): Predicate {
  const field = resolveField(env.ctx, clause.field);
  const op = clause.operator;
  if (!OPERATORS_BY_KIND[field.kind].includes(op)) {
    throw new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${field.name}' field.`);
  }
  const zone = env.actor.timeZone;
  // Custom date values are calendar days; compare them as midnight in the caller's zone.
  const valuesOf = (issue: IssueRecord): (string | number)[] =>
    field.kind === 'date'
      ? field.values(issue).flatMap((v) => {
          const d = parseDateOnly(String(v));
          return d ? [wallTimeToEpoch(d, zone)] : [];
        })
      : field.values(issue);

  if (clause.operand.kind === 'empty') {
    if (op === 'is' || op === '=' || op === 'in') return (i) => valuesOf(i).length === 0;
    if (op === 'is not' || op === '!=' || op === 'not in') return (i) => valuesOf(i).length > 0;
    throw new JqlError(`The operator '${op.toUpperCase()}' does not support the EMPTY value.`);
  }
  const literals = clause.operand.kind === 'list' ? clause.operand.values : [clause.operand.value];
  if (clause.operand.kind === 'list' && op !== 'in' && op !== 'not in') {
    throw new JqlError(`The operator '${op.toUpperCase()}' does not support the list value '(${literals.map(literalText).join(', ')})' for field '${field.name}'.`);
  }

  if (op === '~' || op === '!~') {
    const lit = literals[0];
    if (!lit || lit.kind !== 'value') throw new JqlError(`The field '${field.name}' does not support searching for functions.`);
    const match = (i: IssueRecord): boolean => valuesOf(i).some((v) => textMatches(String(v), lit.text));
    return op === '~' ? match : (i) => valuesOf(i).length > 0 && !match(i);
  }

  const candidates = literals.flatMap((l) => resolveLiteral(env, field, l));
  const wantsEmpty = candidates.includes(null);
  const set = new Set(candidates.filter((c) => c !== null).map(String));

  if (op === '=' || op === 'in' || op === '!=' || op === 'not in') {
    const hit = (i: IssueRecord): boolean => {
      const vals = valuesOf(i);
      return (wantsEmpty && vals.length === 0) || vals.some((v) => set.has(String(v)));
    };
    if (op === '=' || op === 'in') return hit;
    return (i) => (valuesOf(i).length > 0 || wantsEmpty) && !hit(i);
  }

  // Ordered comparisons.
  if (field.kind === 'key') {
    const target = findIssue(env.ctx, String(candidates[0]));
    if (!target) return () => false;
    const num = (i: IssueRecord): number => Number(i.key.split('-')[1]);
    const t = num(target);
    const cmp = compareOp(op);
    return (i) => i.projectId === target.projectId && cmp(num(i), t);
  }
  const bound = Number(candidates[0]);
  const cmp = compareOp(op);
  return (i) => valuesOf(i).some((v) => cmp(Number(v), bound));
}

function compareOp(op: string): (a: number, b: number) => boolean {
  switch (op) {
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '<':
      return (a, b) => a < b;
    default:
      return (a, b) => a <= b;
  }
}

function compileExpr(env: JqlEnv, expr: Expr): Predicate {
  switch (expr.kind) {
    case 'clause':
      return compileClause(env, expr);
    case 'and': {
      const l = compileExpr(env, expr.left);
      const r = compileExpr(env, expr.right);
      return (i) => l(i) && r(i);
    }
    case 'or': {
      const l = compileExpr(env, expr.left);
      const r = compileExpr(env, expr.right);
      return (i) => l(i) || r(i);
    }
    case 'not': {
      const inner = compileExpr(env, expr.expr);
      return (i) => !inner(i);
    }
  }
}

export function compileQuery(env: JqlEnv, query: Query): CompiledQuery {
  const predicate = query.where ? compileExpr(env, query.where) : () => true;
  if (query.orderBy.length > MAX_ORDER_BY) throw new JqlError(`The ORDER BY clause can contain a maximum of ${MAX_ORDER_BY} fields.`);
  // Without ORDER BY the stand-in sorts newest key first (Jira's REST default is not documented).
  const terms = query.orderBy.length ? query.orderBy : [{ field: { name: 'key', pos: 0 }, direction: 'DESC' as const }];
  const fields = terms.map((t) => {
    try {
      return resolveField(env.ctx, t.field);
    } catch {
      throw new JqlError(`Not able to sort using field '${t.field.name}'.`);
    }
  });
  return {
    predicate,
    sortKeys: (issue) => fields.map((f) => f.sortKey(issue)),
    directions: terms.map((t) => t.direction ?? 'ASC'),
  };
}

/** Nulls sort last ascending (first descending); numbers numerically; strings by code point. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Total order for paging: the ORDER BY terms, then issue id ascending. Jira leaves ties in
 * index order; the stand-in makes them deterministic so nextPageToken paging is exact.
 */
export function compareRows(a: { keys: SortValue[]; id: number }, b: { keys: SortValue[]; id: number }, directions: readonly ('ASC' | 'DESC')[]): number {
  for (let k = 0; k < directions.length; k++) {
    const c = compareSortValues(a.keys[k] ?? null, b.keys[k] ?? null);
    if (c !== 0) return directions[k] === 'DESC' ? -c : c;
  }
  return a.id - b.id;
}
