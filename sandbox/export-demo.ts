import type { AwsDemoSeed, AwsStandIn, BucketPolicyStatement } from './aws';
import type { DemoSeed } from './jira';
import type { ForgePlatform } from './platform';

/** The demo's export destination; GET /__sandbox/endpoints names it under `export`. */
export const DEMO_EXPORT = { bucket: 'provisio-demo-jira-export', prefix: 'jira', projects: ['ITS', 'OPS'] } as const;

type Result<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

/**
 * The bucket policy infra/export-bucket.yaml deploys: the app's role may write objects under the
 * prefix and list the bucket, and nothing else (the stand-in evaluates no Condition or Deny).
 */
export function exportBucketPolicy(bucket: string, prefix: string, roleArn: string): BucketPolicyStatement[] {
  return [
    { sid: 'ProvisioExportObjects', principals: [roleArn], actions: ['s3:PutObject'], resources: [`arn:aws:s3:::${bucket}/${prefix ? `${prefix}/` : ''}*`] },
    { sid: 'ProvisioExportList', principals: [roleArn], actions: ['s3:ListBucket'], resources: [`arn:aws:s3:::${bucket}`] },
  ];
}

export function exportDemoInfo(): { bucket: string; prefix: string; projects: string[] } {
  return { bucket: DEMO_EXPORT.bucket, prefix: DEMO_EXPORT.prefix, projects: [...DEMO_EXPORT.projects] };
}

/**
 * The export out of the box: the customer's bucket (with the policy for the app's role) in the
 * AWS stand-in, then the app's export settings saved through its own admin resolver, as a Jira
 * admin would, so the hourly run works right after `npm start`. Fields are chosen by id and by
 * name (custom ones too), as an admin may.
 */
export async function configureExportForDemo(deps: { platform: ForgePlatform; jiraSeed: DemoSeed; aws: AwsStandIn; awsSeed: AwsDemoSeed }): Promise<void> {
  const { platform, jiraSeed, aws, awsSeed } = deps;
  if (!aws.s3.bucket(DEMO_EXPORT.bucket)) {
    aws.s3.createBucket({
      name: DEMO_EXPORT.bucket,
      accountId: awsSeed.managementAccountId,
      region: awsSeed.region,
      policy: exportBucketPolicy(DEMO_EXPORT.bucket, DEMO_EXPORT.prefix, awsSeed.automationRole.arn),
    });
  }
  const moduleKey = platform.manifest.uiModules.find((m) => m.type === 'jira:adminPage')?.key;
  if (!moduleKey) throw new Error('the manifest has no jira:adminPage module');
  const call = async <T>(functionKey: string, payload: unknown = {}): Promise<T> => {
    const result = (await platform.invokeResolver({ moduleKey, functionKey, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: jiraSeed.users.adaAdmin.accountId })) as Result<T>;
    if (!result.ok) throw new Error(`demo configuration failed at ${functionKey}: ${result.error.message}`);
    return result.data;
  };
  const costCenter = jiraSeed.customFieldIds['Cost center'];
  const saved = await call<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/export/save', {
    bucket: DEMO_EXPORT.bucket,
    prefix: DEMO_EXPORT.prefix,
    projects: [...DEMO_EXPORT.projects],
    fieldRefs: ['summary', 'status', 'issuetype', 'assignee', 'reporter', 'created', 'resolutiondate', 'labels', 'Request Type', 'Department', ...(costCenter ? [costCenter] : [])],
    includeComments: true,
    scheduleHours: 1,
    overlapMinutes: 10,
  });
  if (!saved.saved) throw new Error(`demo configuration of the export was refused: ${JSON.stringify(saved.fieldErrors)}`);
}
