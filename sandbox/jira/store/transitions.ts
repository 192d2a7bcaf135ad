/** Workflow transitions: what a user may take, and the status change with its changelog and event. */
import { RESOLUTIONS, findResolution, statusOrThrow } from '../catalog';
import { badRequest } from '../errors';
import { emitUpdated } from '../events';
import { type ChangeItem, type HistoryRecord, type IssueRecord } from '../model';
import { issuePermissions } from '../permissions';
import { resolutionOnEnter, transitionsFrom, type TransitionDef } from '../workflow';
import { now, projectOf, type StoreContext } from './context';
import { jiraItem, recordHistory } from './history';

/** Agent transitions out of the current status, if the user may transition the issue. */
export function availableTransitions(ctx: StoreContext, actorId: string, issue: IssueRecord): TransitionDef[] {
  if (!issuePermissions(ctx.state, actorId, issue).has('TRANSITION_ISSUES')) return [];
  return transitionsFrom(projectOf(ctx, issue).workflowId, issue.statusId, 'agent');
}

/**
 * Moves the issue to `toStatusId`, setting or clearing the resolution as the workflow's
 * post-functions do, records the changelog and emits `avi:jira:updated:issue`.
 */
export function changeStatus(ctx: StoreContext, issue: IssueRecord, actorId: string, toStatusId: string, resolutionId?: string): HistoryRecord {
  const from = statusOrThrow(issue.statusId);
  const to = statusOrThrow(toStatusId);
  const items: ChangeItem[] = [];
  const nextResolution = to.category === 'done' ? (resolutionId ?? resolutionOnEnter(to.id)) : null;
  if (nextResolution !== issue.resolutionId) {
    const before = issue.resolutionId ? findResolution(issue.resolutionId) : undefined;
    const after = nextResolution ? findResolution(nextResolution) : undefined;
    items.push(jiraItem('resolution', before?.id ?? null, before?.name ?? null, after?.id ?? null, after?.name ?? null));
  }
  // Jira lists the status item last, after the fields its post-functions changed.
  items.push(jiraItem('status', from.id, from.name, to.id, to.name));
  const at = now(ctx);
  issue.statusId = to.id;
  issue.resolutionId = nextResolution;
  issue.resolutionDate = nextResolution ? at : null;
  issue.statusLog.push({ statusId: to.id, at });
  const history = recordHistory(ctx, issue, actorId, items);
  emitUpdated(ctx, issue, actorId, history);
  return history;
}

export interface TransitionOptions {
  /** Resolution by id or name, for transitions into a done status. */
  resolution?: { id?: string; name?: string };
}

export function transitionIssue(ctx: StoreContext, actorId: string, issue: IssueRecord, transitionId: string, opts: TransitionOptions = {}): void {
  const t = availableTransitions(ctx, actorId, issue).find((x) => x.id === transitionId);
  if (!t) throw badRequest(`Transition id '${transitionId}' is not valid for this issue.`);
  let resolutionId: string | undefined;
  if (opts.resolution) {
    const wanted = opts.resolution;
    const r = findResolutionBy(wanted);
    if (!r) throw badRequest('', { resolution: `Resolution '${wanted.name ?? wanted.id ?? ''}' does not exist.` });
    if (statusOrThrow(t.to).category !== 'done') throw badRequest('', { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
    resolutionId = r.id;
  }
  changeStatus(ctx, issue, actorId, t.to, resolutionId);
}

function findResolutionBy(wanted: { id?: string; name?: string }): { id: string } | undefined {
  if (wanted.id) return findResolution(wanted.id);
  const name = wanted.name?.toLowerCase();
  return RESOLUTIONS.find((r) => r.name.toLowerCase() === name);
}
