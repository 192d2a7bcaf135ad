import { roleSession } from './aws-role-session';
import { performance } from 'node:perf_hooks';
import { ExportSettingsRepository, ExportStateRepository } from '../adapters/forge/export-repository';
import { ForgeExportQueue } from '../adapters/forge/export-queue';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import { JiraExportIssueSource } from '../adapters/jira/export-issue-source';
import { gzipBatchEncoder } from '../adapters/s3/batch-encoder';
import { S3ObjectStore } from '../adapters/s3/s3-object-store';
import type { ExportSettings } from '../domain/export/export-settings';
import type { ExportDeps } from '../usecases/export-ports';

/**
 * The bucket's client for these settings: the AWS connection's role session (the same role and
 * cached credentials account vending uses; infra/export-bucket.yaml grants it the bucket).
 */
export async function exportObjectStore(settings: ExportSettings, config = new VendingConfigRepository()): Promise<S3ObjectStore> {
  const { connection, session } = await roleSession(config);
  return new S3ObjectStore(session, settings.bucket, settings.region ?? connection.region);
}

/** The composition root of the export: real adapters, built per invocation (never module state). */
export function exportDeps(): ExportDeps {
  const started = performance.now();
  return {
    settings: new ExportSettingsRepository(),
    state: new ExportStateRepository(),
    source: new JiraExportIssueSource(),
    objectStore: (settings) => exportObjectStore(settings),
    encoder: gzipBatchEncoder,
    queue: new ForgeExportQueue(),
    newHop: () => crypto.randomUUID(),
    now: () => Date.now(),
    elapsedMs: () => performance.now() - started,
  };
}
