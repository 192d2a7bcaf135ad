import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsHarness, Credentials } from './aws-harness';
import { inProcessHandler } from './in-process-handler';

export const SCENARIO_BUCKET = 'provisio-conformance-export';

/** An S3 client on the harness's in-process wire (path-style, so the host names the service for the checks). */
export function s3Client(h: AwsHarness, credentials: Credentials, options: { forcePathStyle?: boolean; record?: boolean; handle?: (request: Request) => Promise<Response> } = {}): S3Client {
  const wire = inProcessHandler(options.handle ?? ((r) => h.aws.handle(r)), options.record === false ? undefined : (e) => h.exchanges.push(e));
  return new S3Client({
    region: 'us-east-1',
    credentials,
    forcePathStyle: options.forcePathStyle ?? true,
    maxAttempts: 1,
    // The Node S3 client streams object bodies, so it wants a Readable where the shared handler gives bytes.
    requestHandler: { ...wire, handle: async (request: Parameters<typeof wire.handle>[0]) => {
      const { response } = await wire.handle(request);
      return { response: { ...response, body: Readable.from([Buffer.from(response.body as Uint8Array)]) } };
    } },
  });
}

const failed = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
};

/**
 * Calls every S3 operation the stand-in serves, successfully and in its declared failure modes,
 * with the official client; the model-conformance suite checks each answer against the S3 model.
 */
export async function runS3ConformanceScenario(h: AwsHarness): Promise<void> {
  h.aws.s3.createBucket({ name: SCENARIO_BUCKET, accountId: h.seed.managementAccountId });
  const admin = s3Client(h, h.seed.orgAdmin);
  await admin.send(new PutObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/project=OPS/dt=2026-03-02/a.jsonl.gz', Body: Buffer.from('{"a":1}\n'), ContentType: 'application/gzip' }));
  await admin.send(new PutObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/project=ITS/dt=2026-03-02/b.jsonl.gz', Body: Buffer.from('{"b":2}\n'), ChecksumAlgorithm: 'SHA256' }));
  await admin.send(new PutObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/_manifests/m.json', Body: '{}', Metadata: { run: 'r1' } }));
  const got = await admin.send(new GetObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/project=ITS/dt=2026-03-02/b.jsonl.gz', ChecksumMode: 'ENABLED' }));
  await got.Body?.transformToByteArray();
  const first = await admin.send(new ListObjectsV2Command({ Bucket: SCENARIO_BUCKET, Prefix: 'exports/', Delimiter: '/', MaxKeys: 1 }));
  await admin.send(new ListObjectsV2Command({ Bucket: SCENARIO_BUCKET, Prefix: 'exports/', Delimiter: '/', ContinuationToken: first.NextContinuationToken }));
  await admin.send(new ListObjectsV2Command({ Bucket: SCENARIO_BUCKET, Prefix: 'exports/', StartAfter: 'exports/project=ITS', EncodingType: 'url' }));
  // Declared errors and the common ones.
  await failed(admin.send(new GetObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/missing' })));
  await failed(admin.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })));
  await failed(admin.send(new PutObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/x', Body: 'x', ChecksumSHA256: Buffer.alloc(32).toString('base64') })));
  await failed(s3Client(h, h.seed.provisio).send(new PutObjectCommand({ Bucket: SCENARIO_BUCKET, Key: 'exports/denied', Body: 'x' })));
}
