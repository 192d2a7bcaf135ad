/** Changelog entries: every recorded change bumps `updated`, like Jira. */
import { type ChangeItem, type HistoryRecord, type IssueRecord } from '../model';
import { nextId, now, type StoreContext } from './context';

export function recordHistory(ctx: StoreContext, issue: IssueRecord, actorId: string, items: ChangeItem[]): HistoryRecord {
  const at = now(ctx);
  const history: HistoryRecord = { id: nextId(ctx, 'history'), authorId: actorId, created: at, items };
  issue.histories.push(history);
  issue.updated = at;
  return history;
}

export function jiraItem(fieldId: string, from: string | null, fromString: string | null, to: string | null, toString: string | null): ChangeItem {
  return { field: fieldId, fieldtype: 'jira', fieldId, from, fromString, to, toString };
}
