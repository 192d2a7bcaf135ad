/**
 * The Jira → S3 export's admin API, shared by the admin resolver and the Custom UI. Every call
 * answers the ResolverResult envelope of resolver-contract.ts and needs a Jira administrator.
 */
export const EXPORT_RESOLVER_KEYS = {
  /** → ExportConfigView */
  getConfig: 'admin/export/get-config',
  /** ExportSaveInput → SaveResult (fieldErrors keyed by ExportSaveInput member) */
  save: 'admin/export/save',
  /** → ExportStatusView */
  status: 'admin/export/status',
  /** ExportRunNowInput → ExportRunNowResult */
  runNow: 'admin/export/run-now',
  /** → ExportTestResult: lists the bucket under the prefix with the AWS connection's role */
  test: 'admin/export/test',
} as const;

export interface ExportFieldView {
  id: string;
  name: string;
}

export interface ExportSettingsView {
  bucket: string;
  prefix: string;
  region?: string;
  projects: string[];
  /** Resolved fields, in the order chosen. */
  fields: ExportFieldView[];
  includeComments: boolean;
  /** 0 = only on Run now; otherwise every N hours (the trigger checks hourly). */
  scheduleHours: number;
  overlapMinutes: number;
  jqlFilter?: string;
}

export interface ExportConfigView {
  settings?: ExportSettingsView;
  /** The export writes with the AWS connection's role; without a connection nothing can run. */
  awsConnected: boolean;
  awsRegion?: string;
  /** Jira projects the app can see, to choose from. */
  jiraProjects: { key: string; name: string }[];
  /** Jira fields, to choose from (custom ones by name and id). */
  jiraFields: { id: string; name: string; custom: boolean }[];
  scheduleOptions: number[];
  defaults: { fieldRefs: string[]; scheduleHours: number; overlapMinutes: number };
  /** What the customer deploys: the bucket policy for the role, and the Athena/Glue table. */
  infraTemplates: { bucketPolicy: string; athenaTable: string };
  /** Example object keys, so the page can show the layout. */
  layout: { data: string; manifest: string; tombstone: string };
}

export interface ExportSaveInput {
  bucket: string;
  prefix?: string;
  region?: string;
  projects: string[];
  /** Field ids (`customfield_10050`, `summary`) or names (`Cost center`); omitted → the defaults. */
  fieldRefs?: string[];
  includeComments?: boolean;
  scheduleHours?: number;
  overlapMinutes?: number;
  /** Extra JQL ANDed onto every project's query; checked with Jira before saving. */
  jqlFilter?: string;
}

export interface ExportRunView {
  runId: string;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'failed';
  windowFrom: string;
  windowTo: string;
  startedAt: string;
  checkpointAt: string;
  pages: number;
  records: number;
  duplicates: number;
  bytes: number;
  error?: string;
}

export interface ExportLastRunView {
  runId: string;
  trigger: 'schedule' | 'manual';
  status: 'succeeded' | 'failed';
  windowFrom: string;
  windowTo: string;
  startedAt: string;
  finishedAt: string;
  pages: number;
  records: number;
  duplicates: number;
  tombstones: number;
  bytes: number;
  error?: string;
}

export interface ExportProjectStatus {
  project: string;
  /** 'never-run': no run yet; 'idle': last run done; 'running'; 'failed': stopped, resumes on the next start. */
  state: 'never-run' | 'idle' | 'running' | 'failed';
  /** Everything updated before this instant is exported (ISO 8601, UTC). */
  watermark: string | null;
  run?: ExportRunView;
  lastRun?: ExportLastRunView;
  totals: { records: number; tombstones: number; bytes: number; runs: number };
  /** Newest last; transient ones were retried automatically. */
  errors: { at: string; runId?: string; message: string; transient: boolean }[];
  pendingTombstones: number;
}

export interface ExportStatusView {
  configured: boolean;
  scheduleHours: number;
  projects: ExportProjectStatus[];
}

export interface ExportRunNowInput {
  /** Only these exported projects; omitted → all of them. */
  projects?: string[];
}

export interface ExportRunNowResult {
  /** 'busy': a run is already going; 'resumed': a failed or stalled run continues from its checkpoint. */
  starts: { project: string; outcome: 'started' | 'resumed' | 'busy' | 'not-due'; runId?: string }[];
}

export interface ExportTestResult {
  ok: boolean;
  message: string;
  /** Keys found under the prefix (at most 5). */
  sampleKeys?: string[];
}
