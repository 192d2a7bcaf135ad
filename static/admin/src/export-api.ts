/** Typed wrappers around the bridge's `invoke` for the Jira → S3 export's admin resolvers. */
import { callResolver } from '@common/resolver-call';
import {
  EXPORT_RESOLVER_KEYS,
  type ExportConfigView,
  type ExportRunNowInput,
  type ExportRunNowResult,
  type ExportSaveInput,
  type ExportStatusView,
  type ExportTestResult,
} from '@shared/export-contract';
import type { ResolverResult, SaveResult } from '@shared/resolver-contract';

export function getExportConfig(): Promise<ResolverResult<ExportConfigView>> {
  return callResolver<ExportConfigView>(EXPORT_RESOLVER_KEYS.getConfig);
}

/** Checked by the resolver (and the JQL filter by Jira); nothing is saved unless all of it is valid. */
export function saveExport(input: ExportSaveInput): Promise<ResolverResult<SaveResult>> {
  return callResolver<SaveResult>(EXPORT_RESOLVER_KEYS.save, { ...input });
}

/** Each exported project's state: watermark, the run going on, the last run, errors. */
export function getExportStatus(): Promise<ResolverResult<ExportStatusView>> {
  return callResolver<ExportStatusView>(EXPORT_RESOLVER_KEYS.status);
}

/** Starts (or resumes) a run of every exported project, or only of `input.projects`. */
export function runExportNow(input: ExportRunNowInput = {}): Promise<ResolverResult<ExportRunNowResult>> {
  return callResolver<ExportRunNowResult>(EXPORT_RESOLVER_KEYS.runNow, input.projects ? { projects: [...input.projects] } : {});
}

/** Lists the bucket under the saved prefix with the AWS connection's role. */
export function testExport(): Promise<ResolverResult<ExportTestResult>> {
  return callResolver<ExportTestResult>(EXPORT_RESOLVER_KEYS.test);
}
