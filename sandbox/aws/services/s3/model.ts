import { createHash } from 'node:crypto';
import type { Clock } from '../../../platform/clock';
import { AwsError } from '../../errors';
import { actionMatches } from '../iam/policy';
import type { IamPrincipal } from '../iam/model';
import type { ChecksumAlgorithm } from './checksums';

export interface S3Object {
  key: string;
  body: Uint8Array;
  /** Quoted MD5 hex of the body, as S3 reports a single-part object's ETag. */
  etag: string;
  lastModifiedMs: number;
  contentType: string;
  contentEncoding?: string;
  metadata: Record<string, string>;
  /** The flexible checksum the writer sent (S3 verified it, and returns it when asked). */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** One Allow statement of a bucket policy (the stand-in has no Deny and no Condition). */
export interface BucketPolicyStatement {
  sid?: string;
  /** IAM user or role ARNs; a role also covers its sessions. `*` is anyone authenticated. */
  principals: string[];
  /** `s3:GetObject`, `s3:*`, … */
  actions: string[];
  /** `arn:aws:s3:::bucket` (ListBucket) or `arn:aws:s3:::bucket/prefix/*` (objects). */
  resources: string[];
}

export interface S3Bucket {
  name: string;
  accountId: string;
  region: string;
  createdAtMs: number;
  policy: BucketPolicyStatement[];
  objects: Map<string, S3Object>;
}

export interface S3State {
  buckets: {
    name: string;
    accountId: string;
    region: string;
    createdAtMs: number;
    policy: BucketPolicyStatement[];
    objects: (Omit<S3Object, 'body'> & { body: string })[];
  }[];
}

export interface ListPage {
  contents: S3Object[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

const noSuchBucket = (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, extra: { BucketName: bucket } });

/** S3 buckets and objects, held in memory (bodies as bytes; base64 in snapshots). */
export class S3Model {
  private readonly buckets = new Map<string, S3Bucket>();

  constructor(private readonly clock: Clock) {}

  createBucket(input: { name: string; accountId: string; region?: string; policy?: BucketPolicyStatement[] }): S3Bucket {
    if (this.buckets.has(input.name)) throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { status: 409 });
    const bucket: S3Bucket = { name: input.name, accountId: input.accountId, region: input.region ?? 'us-east-1', createdAtMs: this.clock.now(), policy: input.policy ?? [], objects: new Map() };
    this.buckets.set(input.name, bucket);
    return bucket;
  }

  putBucketPolicy(name: string, policy: BucketPolicyStatement[]): void {
    this.requireBucket(name).policy = policy.map((s) => ({ ...s }));
  }

  bucket(name: string): S3Bucket | undefined {
    return this.buckets.get(name);
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()];
  }

  requireBucket(name: string): S3Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  putObject(bucketName: string, input: Omit<S3Object, 'etag' | 'lastModifiedMs'>): S3Object {
    const bucket = this.requireBucket(bucketName);
    const object: S3Object = { ...input, etag: `"${createHash('md5').update(input.body).digest('hex')}"`, lastModifiedMs: this.clock.now() };
    bucket.objects.set(input.key, object);
    return object;
  }

  getObject(bucketName: string, key: string): S3Object {
    const object = this.requireBucket(bucketName).objects.get(key);
    if (!object) throw new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, extra: { Key: key } });
    return object;
  }

  /** All objects of a bucket in key order (tests and the sandbox inspect exports with it). */
  objects(bucketName: string, prefix = ''): S3Object[] {
    return [...this.requireBucket(bucketName).objects.values()].filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** ListObjectsV2: keys in UTF-8 binary order after `startAfter`/the token, grouped by `delimiter`. */
  list(bucketName: string, opts: { prefix: string; delimiter?: string; maxKeys: number; after?: string }): ListPage {
    const all = this.objects(bucketName, opts.prefix).filter((o) => opts.after === undefined || o.key > opts.after);
    const contents: S3Object[] = [];
    const commonPrefixes: string[] = [];
    let count = 0;
    let lastKey: string | undefined;
    for (const o of all) {
      const rest = o.key.slice(opts.prefix.length);
      const cut = opts.delimiter ? rest.indexOf(opts.delimiter) : -1;
      if (cut >= 0) {
        const common = opts.prefix + rest.slice(0, cut + (opts.delimiter as string).length);
        if (commonPrefixes[commonPrefixes.length - 1] === common) {
          lastKey = o.key;
          continue;
        }
        if (count === opts.maxKeys) return { contents, commonPrefixes, isTruncated: true, ...(lastKey ? { nextContinuationToken: token(lastKey) } : {}) };
        commonPrefixes.push(common);
      } else {
        if (count === opts.maxKeys) return { contents, commonPrefixes, isTruncated: true, ...(lastKey ? { nextContinuationToken: token(lastKey) } : {}) };
        contents.push(o);
      }
      count += 1;
      lastKey = o.key;
    }
    return { contents, commonPrefixes, isTruncated: false };
  }

  /** Whether the bucket's policy allows `principal` the action on the resource (same account, so it alone is enough). */
  policyAllows(principal: IamPrincipal, action: string, bucketName: string, key?: string): boolean {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return false;
    const resource = key === undefined ? `arn:aws:s3:::${bucketName}` : `arn:aws:s3:::${bucketName}/${key}`;
    const who = [principal.arn, ...(principal.roleArn ? [principal.roleArn] : [])];
    return bucket.policy.some(
      (s) =>
        s.principals.some((p) => p === '*' || who.includes(p)) &&
        s.actions.some((a) => actionMatches(a, action)) &&
        s.resources.some((r) => actionMatches(r, resource)),
    );
  }

  snapshot(): S3State {
    return {
      buckets: [...this.buckets.values()].map((b) => ({
        name: b.name,
        accountId: b.accountId,
        region: b.region,
        createdAtMs: b.createdAtMs,
        policy: b.policy,
        objects: [...b.objects.values()].map((o) => ({ ...o, body: Buffer.from(o.body).toString('base64') })),
      })),
    };
  }

  restore(state: S3State): void {
    this.buckets.clear();
    for (const b of state.buckets) {
      const objects = new Map<string, S3Object>(b.objects.map((o) => [o.key, { ...o, body: new Uint8Array(Buffer.from(o.body, 'base64')) }]));
      this.buckets.set(b.name, { name: b.name, accountId: b.accountId, region: b.region, createdAtMs: b.createdAtMs, policy: b.policy, objects });
    }
  }
}

/** Continuation tokens are opaque to clients; this one is the last key returned. */
function token(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

export function keyAfterToken(continuationToken: string): string {
  const key = Buffer.from(continuationToken, 'base64url').toString('utf8');
  if (key === '' || Buffer.from(key, 'utf8').toString('base64url') !== continuationToken) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', { status: 400, extra: { ArgumentName: 'continuation-token' } });
  }
  return key;
}
