/**
 * Enhanced search (/rest/api/3/search/jql) over what the caller may browse: bounded queries
 * only, and keyset paging through an opaque nextPageToken that remembers the last row's sort
 * position, so pages stay exact even when issues are added between requests.
 */
import { createHash } from 'node:crypto';
import { JqlError, badRequest } from '../errors';
import { type IssueRecord } from '../model';
import { canBrowse } from '../permissions';
import { type StoreContext, userOrThrow } from '../store/context';
import { compareRows, compileQuery } from './compile';
import { type SortValue } from './fields';
import { parseJql } from './parser';

export const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

interface Row {
  issue: IssueRecord;
  keys: SortValue[];
  id: number;
}

interface TokenBody {
  v: 1;
  h: string;
  k: SortValue[];
  id: number;
}

function queryHash(jql: string, actorId: string): string {
  return createHash('sha256').update(`${actorId}\n${jql}`).digest('hex').slice(0, 16);
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeToken(token: string, hash: string): TokenBody {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    if (body.v === 1 && body.h === hash && Array.isArray(body.k) && typeof body.id === 'number') return body;
  } catch {
    // fall through
  }
  throw badRequest('The provided next page token is invalid or expired.');
}

export interface MatchResult {
  rows: Row[];
  directions: ('ASC' | 'DESC')[];
}

/** All browsable issues matching `jql`, in result order. */
export function matchJql(ctx: StoreContext, actorId: string, jql: string, opts: { requireBounded: boolean }): MatchResult {
  const actor = userOrThrow(ctx, actorId);
  const query = parseJql(jql);
  if (opts.requireBounded && !query.where) throw new JqlError(UNBOUNDED);
  const compiled = compileQuery({ ctx, actor, now: ctx.clock.now() }, query);
  const rows: Row[] = [];
  for (const issue of Object.values(ctx.state.issues)) {
    if (!canBrowse(ctx.state, actorId, issue) || !compiled.predicate(issue)) continue;
    rows.push({ issue, keys: compiled.sortKeys(issue), id: Number(issue.id) });
  }
  rows.sort((a, b) => compareRows(a, b, compiled.directions));
  return { rows, directions: compiled.directions };
}

export function searchIssues(ctx: StoreContext, actorId: string, jql: string): IssueRecord[] {
  return matchJql(ctx, actorId, jql, { requireBounded: false }).rows.map((r) => r.issue);
}

export interface SearchPage {
  issues: IssueRecord[];
  nextPageToken?: string;
}

export function searchPage(ctx: StoreContext, actorId: string, jql: string, maxResults: number, nextPageToken?: string): SearchPage {
  const { rows, directions } = matchJql(ctx, actorId, jql, { requireBounded: true });
  const hash = queryHash(jql, actorId);
  let start = 0;
  if (nextPageToken) {
    const after = decodeToken(nextPageToken, hash);
    start = rows.findIndex((r) => compareRows(r, { keys: after.k, id: after.id }, directions) > 0);
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + maxResults);
  const last = page[page.length - 1];
  const more = start + page.length < rows.length;
  return {
    issues: page.map((r) => r.issue),
    nextPageToken: more && last ? encodeToken({ v: 1, h: hash, k: last.keys, id: last.id }) : undefined,
  };
}

export function approximateCount(ctx: StoreContext, actorId: string, jql: string): number {
  return matchJql(ctx, actorId, jql, { requireBounded: true }).rows.length;
}
