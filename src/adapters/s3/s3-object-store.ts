import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import type { ObjectStore } from '../../usecases/export-ports';
import { AwsApiError, awsErrorFrom } from '../aws/aws-errors';
import type { AwsSession } from '../aws/aws-session';

/**
 * The export bucket through the official S3 client, on the fetch handler (so every call passes
 * Forge egress) with the role session the AWS connection already uses. Each PUT carries the
 * object's SHA-256 as `x-amz-checksum-sha256`, so S3 refuses a body that changed on the way.
 * `maxAttempts: 1`: a failed write is retried by the export run from its checkpoint, later.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(
    session: AwsSession,
    private readonly bucket: string,
    region: string,
  ) {
    this.client = new S3Client({
      region,
      credentials: session.provider,
      requestHandler: new FetchHttpHandler(),
      maxAttempts: 1,
      // Virtual-hosted addressing needs a DNS label; a bucket name with dots only works path-style over TLS.
      forcePathStyle: bucket.includes('.'),
    });
  }

  async put(key: string, body: Uint8Array, meta: { contentType: string; sha256Base64: string }): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: meta.contentType, ChecksumSHA256: meta.sha256Base64 }));
    } catch (error) {
      throw this.inWords(error, 's3:PutObject');
    }
  }

  /** Lists up to `max` keys under `prefix` (the admin page's connection check). */
  async list(prefix: string, max: number): Promise<{ keys: string[]; truncated: boolean }> {
    try {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: max }));
      return { keys: (out.Contents ?? []).map((o) => o.Key ?? ''), truncated: out.IsTruncated === true };
    } catch (error) {
      throw this.inWords(error, 's3:ListBucket');
    }
  }

  /** S3's refusals name the bucket and what fixes them (the bucket policy, not the role, grants the export). */
  private inWords(error: unknown, action: string): AwsApiError {
    const translated = awsErrorFrom(error, action);
    const fix: Record<string, string> = {
      AccessDenied: `S3 denied ${action} on bucket ${this.bucket} (AccessDenied): the bucket policy must grant Provisio's AWS role this action under the export prefix (deploy infra/export-bucket.yaml).`,
      NoSuchBucket: `The S3 bucket ${this.bucket} does not exist (NoSuchBucket): check the bucket name and region in the export settings.`,
      BadDigest: `S3 refused an export object because its checksum did not match (BadDigest); the run retries it.`,
    };
    const words = fix[translated.awsCode];
    if (!words) return translated;
    return new AwsApiError(words, translated.status, translated.awsCode, translated.awsCode === 'BadDigest', { cause: error });
  }
}
