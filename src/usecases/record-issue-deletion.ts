import { isProjectKey } from '../domain/export/jql';
import type { ExportDeps } from './export-ports';

export type DeletionOutcome = { kind: 'recorded'; project: string; issueKey: string } | { kind: 'ignored'; why: string };

/**
 * Notes a deleted issue so the project's next run writes its tombstone. Search cannot return what
 * is gone, so the `avi:jira:deleted:issue` event is the only trace; it is kept in storage (not
 * written to S3 from the trigger), so an S3 outage delays the tombstone instead of losing it.
 */
export async function recordIssueDeletion(payload: unknown, deps: Pick<ExportDeps, 'settings' | 'state' | 'now'>): Promise<DeletionOutcome> {
  const issue = (payload as { issue?: { id?: unknown; key?: unknown; fields?: { project?: { key?: unknown } } } } | null)?.issue;
  const issueId = typeof issue?.id === 'string' || typeof issue?.id === 'number' ? String(issue.id) : '';
  const issueKey = typeof issue?.key === 'string' ? issue.key : '';
  const project = issue?.fields?.project?.key;
  if (!/^\d{1,18}$/.test(issueId) || !/^[A-Z][A-Z0-9_]{1,9}-\d{1,12}$/.test(issueKey) || !isProjectKey(project)) return { kind: 'ignored', why: 'the event names no issue' };
  const settings = await deps.settings.get();
  if (!settings?.projects.includes(project)) return { kind: 'ignored', why: `${project} is not exported` };
  await deps.state.addTombstone({ issueId, issueKey, project, deletedAtMs: deps.now() });
  return { kind: 'recorded', project, issueKey };
}
