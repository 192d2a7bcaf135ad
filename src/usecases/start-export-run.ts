import { InvalidInputError } from '../domain/errors';
import { beginRun, decideStart, handOver, type RunTrigger } from '../domain/export/export-state';
import { isProjectKey } from '../domain/export/jql';
import type { ExportDeps } from './export-ports';

export type StartOutcome = 'started' | 'resumed' | 'busy' | 'not-due';

export interface ProjectStart {
  project: string;
  outcome: StartOutcome;
  runId?: string;
}

/**
 * Starts (or resumes) the export of each configured project: the hourly scheduled trigger and
 * the admin's "Run now" both come here. A project whose run failed resumes from its checkpoint;
 * one whose run lost its chain of events (nothing checkpointed for a long time) gets a new
 * chain; one running normally is left alone. The state is saved before the event is pushed, so
 * the event always finds the hop token it carries.
 * @throws {InvalidInputError} when the export is not configured or a requested project is not exported.
 */
export async function startExportRun(input: { trigger: RunTrigger; projects?: readonly unknown[] }, deps: Pick<ExportDeps, 'settings' | 'state' | 'queue' | 'newHop' | 'now'>): Promise<ProjectStart[]> {
  const settings = await deps.settings.get();
  if (!settings) throw new InvalidInputError('The Jira → S3 export is not configured yet: choose a bucket and projects first.');
  let projects = settings.projects;
  if (input.projects !== undefined) {
    const bad = input.projects.find((p) => !isProjectKey(p) || !settings.projects.includes(p));
    if (bad !== undefined) throw new InvalidInputError(`"${String(bad).slice(0, 40)}" is not one of the exported projects.`);
    projects = input.projects as string[];
  }
  const out: ProjectStart[] = [];
  for (const project of projects) {
    const { state, version } = await deps.state.get(project);
    const now = deps.now();
    const decision = decideStart(state, { trigger: input.trigger, nowMs: now, scheduleHours: settings.scheduleHours });
    if (decision.kind === 'busy' || decision.kind === 'not-due') {
      out.push({ project, outcome: decision.kind, ...(state.run ? { runId: state.run.runId } : {}) });
      continue;
    }
    const hop = deps.newHop();
    const next = decision.kind === 'begin' ? beginRun(state, { trigger: input.trigger, nowMs: now, overlapMinutes: settings.overlapMinutes, hop }) : handOver(state, hop, now);
    await deps.state.save(next, version);
    const runId = (next.run as { runId: string }).runId;
    await deps.queue.push({ project, runId, hop });
    out.push({ project, outcome: decision.kind === 'begin' ? 'started' : 'resumed', runId });
  }
  return out;
}
