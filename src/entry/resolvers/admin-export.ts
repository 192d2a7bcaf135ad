import { route } from '@forge/api';
import type Resolver from '@forge/resolver';
import { ExportSettingsRepository, ExportStateRepository } from '../../adapters/forge/export-repository';
import { VendingConfigRepository } from '../../adapters/forge/vending-config-repository';
import { JiraClient, JiraRequestError } from '../../adapters/jira/jira-client';
import { InvalidInputError, NotFoundError } from '../../domain/errors';
import {
  DEFAULT_FIELD_REFS,
  DEFAULT_OVERLAP_MINUTES,
  DEFAULT_SCHEDULE_HOURS,
  resolveFieldRefs,
  SCHEDULE_HOURS,
  validateExportSettings,
  type ExportSettings,
  type JiraFieldInfo,
} from '../../domain/export/export-settings';
import type { ProjectExportState } from '../../domain/export/export-state';
import { filterProbeJql } from '../../domain/export/jql';
import { dataKey, dataManifestKey, runIdFor, tombstoneKey } from '../../domain/export/layout';
import { isoUtc } from '../../domain/export/records';
import {
  EXPORT_RESOLVER_KEYS,
  type ExportConfigView,
  type ExportProjectStatus,
  type ExportRunNowResult,
  type ExportSettingsView,
  type ExportStatusView,
  type ExportTestResult,
} from '../../shared/export-contract';
import type { SaveResult } from '../../shared/resolver-contract';
import { startExportRun } from '../../usecases/start-export-run';
import { exportDeps, exportObjectStore } from '../export-composition';
import { respond } from './respond';

const record = (payload: unknown): Record<string, unknown> => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

interface JiraField {
  id: string;
  name: string;
  custom?: boolean;
}

async function jiraFields(jira: JiraClient): Promise<JiraField[]> {
  const fields = await jira.get<JiraField[]>(route`/rest/api/3/field`, 'list the Jira fields');
  return fields.filter((f) => typeof f.id === 'string' && typeof f.name === 'string');
}

async function jiraProjects(jira: JiraClient): Promise<{ key: string; name: string }[]> {
  const page = await jira.get<{ values?: { key: string; name: string }[] }>(route`/rest/api/3/project/search?maxResults=${'100'}`, 'list the Jira projects');
  return (page.values ?? []).map((p) => ({ key: p.key, name: p.name }));
}

function settingsView(s: ExportSettings): ExportSettingsView {
  return {
    bucket: s.bucket,
    prefix: s.prefix,
    ...(s.region ? { region: s.region } : {}),
    projects: [...s.projects],
    fields: s.fields.map((f) => ({ id: f.id, name: f.name })),
    includeComments: s.includeComments,
    scheduleHours: s.scheduleHours,
    overlapMinutes: s.overlapMinutes,
    ...(s.jqlFilter ? { jqlFilter: s.jqlFilter } : {}),
  };
}

function projectStatus(state: ProjectExportState, pendingTombstones: number): ExportProjectStatus {
  const { run, lastRun } = state;
  return {
    project: state.project,
    state: run ? run.status : lastRun ? 'idle' : 'never-run',
    watermark: state.watermarkMs === undefined ? null : isoUtc(state.watermarkMs),
    ...(run
      ? {
          run: {
            runId: run.runId,
            trigger: run.trigger,
            status: run.status,
            windowFrom: isoUtc(run.fromMs),
            windowTo: isoUtc(run.toMs),
            startedAt: run.startedAt,
            checkpointAt: run.checkpointAt,
            pages: run.pages,
            records: run.records,
            duplicates: run.duplicates,
            bytes: run.bytes,
            ...(run.error ? { error: run.error } : {}),
          },
        }
      : {}),
    ...(lastRun
      ? {
          lastRun: {
            runId: lastRun.runId,
            trigger: lastRun.trigger,
            status: lastRun.status,
            windowFrom: isoUtc(lastRun.fromMs),
            windowTo: isoUtc(lastRun.toMs),
            startedAt: lastRun.startedAt,
            finishedAt: lastRun.finishedAt,
            pages: lastRun.pages,
            records: lastRun.records,
            duplicates: lastRun.duplicates,
            tombstones: lastRun.tombstones,
            bytes: lastRun.bytes,
            ...(lastRun.error ? { error: lastRun.error } : {}),
          },
        }
      : {}),
    totals: { ...state.totals },
    errors: state.errors.map((e) => ({ ...e })),
    pendingTombstones,
  };
}

/**
 * The export's admin resolvers, registered on the admin page's resolver. Each one checks that
 * the caller is a Jira administrator first. Project keys, field references and the JQL filter
 * are validated here and checked against Jira (as the app, which is who runs the export).
 */
export function registerExportAdminResolvers(resolver: Resolver, requireJiraAdmin: () => Promise<JiraClient>): void {
  resolver.define(EXPORT_RESOLVER_KEYS.getConfig, () =>
    respond<ExportConfigView>(async () => {
      const jira = await requireJiraAdmin();
      const [settings, connection, projects, fields] = await Promise.all([
        new ExportSettingsRepository().get(),
        new VendingConfigRepository().connection().catch(() => undefined),
        jiraProjects(jira),
        jiraFields(jira),
      ]);
      const sampleRun = runIdFor(Date.UTC(2026, 0, 2, 10));
      const prefix = settings?.prefix ?? 'jira';
      return {
        ...(settings ? { settings: settingsView(settings) } : {}),
        awsConnected: connection !== undefined,
        ...(connection ? { awsRegion: connection.region } : {}),
        jiraProjects: projects,
        jiraFields: fields.map((f) => ({ id: f.id, name: f.name, custom: f.custom === true })),
        scheduleOptions: [...SCHEDULE_HOURS],
        defaults: { fieldRefs: [...DEFAULT_FIELD_REFS], scheduleHours: DEFAULT_SCHEDULE_HOURS, overlapMinutes: DEFAULT_OVERLAP_MINUTES },
        infraTemplates: { bucketPolicy: 'infra/export-bucket.yaml', athenaTable: 'infra/export-athena.sql' },
        layout: {
          data: dataKey(prefix, 'KEY', '2026-01-02', sampleRun, 1),
          manifest: dataManifestKey(prefix, 'KEY', '2026-01-02', sampleRun, 1),
          tombstone: tombstoneKey(prefix, 'KEY', '2026-01-02', '10042'),
        },
      };
    }),
  );

  resolver.define(EXPORT_RESOLVER_KEYS.save, ({ payload }) =>
    respond<SaveResult>(async () => {
      await requireJiraAdmin();
      const parsed = validateExportSettings(record(payload));
      if (!parsed.ok) return { saved: false, fieldErrors: parsed.errors as Record<string, string> };
      const input = parsed.value;
      // The export runs as the app: the app must see each project, the fields, and accept the filter.
      const app = JiraClient.forApp();
      const fieldErrors: Record<string, string> = {};
      for (const key of input.projects) {
        try {
          await app.get(route`/rest/api/3/project/${key}`, `read project ${key}`);
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          fieldErrors.projects = `Jira has no project ${key}, or Provisio may not see it.`;
          break;
        }
      }
      const catalog: JiraFieldInfo[] = (await jiraFields(app)).map((f) => ({ id: f.id, name: f.name }));
      const resolved = resolveFieldRefs(input.fieldRefs, catalog);
      if ('error' in resolved) fieldErrors.fieldRefs = resolved.error;
      if (input.jqlFilter && !fieldErrors.projects) {
        try {
          await app.post(route`/rest/api/3/search/jql`, { jql: filterProbeJql(input.projects[0] as string, input.jqlFilter), fields: ['id'], maxResults: 1 }, 'check the JQL filter');
        } catch (error) {
          if (!(error instanceof JiraRequestError) || error.status !== 400) throw error;
          fieldErrors.jqlFilter = `Jira does not accept this filter: ${error.message.replace(/^.*?: /, '')}`;
        }
      }
      if (Object.keys(fieldErrors).length > 0 || 'error' in resolved) return { saved: false, fieldErrors };
      const { fieldRefs: _refs, ...rest } = input;
      await new ExportSettingsRepository().save({ ...rest, fields: resolved.fields });
      return { saved: true };
    }),
  );

  resolver.define(EXPORT_RESOLVER_KEYS.status, () =>
    respond<ExportStatusView>(async () => {
      await requireJiraAdmin();
      const settings = await new ExportSettingsRepository().get();
      if (!settings) return { configured: false, scheduleHours: DEFAULT_SCHEDULE_HOURS, projects: [] };
      const states = new ExportStateRepository();
      const projects = await Promise.all(
        settings.projects.map(async (project) => {
          const [{ state }, pending] = await Promise.all([states.get(project), states.pendingTombstones(project, 500)]);
          return projectStatus(state, pending.length);
        }),
      );
      return { configured: true, scheduleHours: settings.scheduleHours, projects };
    }),
  );

  resolver.define(EXPORT_RESOLVER_KEYS.runNow, ({ payload }) =>
    respond<ExportRunNowResult>(async () => {
      await requireJiraAdmin();
      const projects = record(payload).projects;
      if (projects !== undefined && !Array.isArray(projects)) throw new InvalidInputError('projects must be a list of project keys.');
      const starts = await startExportRun({ trigger: 'manual', ...(projects ? { projects } : {}) }, exportDeps());
      return { starts };
    }),
  );

  resolver.define(EXPORT_RESOLVER_KEYS.test, () =>
    respond<ExportTestResult>(async () => {
      await requireJiraAdmin();
      const settings = await new ExportSettingsRepository().get();
      if (!settings) return { ok: false, message: 'Save the export settings first.' };
      try {
        const store = await exportObjectStore(settings);
        const listed = await store.list(settings.prefix ? `${settings.prefix}/` : '', 5);
        return { ok: true, message: `Provisio can read s3://${settings.bucket}/${settings.prefix}.`, sampleKeys: listed.keys };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : 'The bucket could not be reached.' };
      }
    }),
  );
}
