import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type ChecksumAlgorithm } from '@aws-sdk/client-s3';
import { createAwsStandIn } from '../../sandbox/aws';
import { VirtualClock } from '../../sandbox/platform/clock';
import { createAwsHarness, type AwsHarness } from './helpers/aws-harness';
import { s3Client } from './helpers/s3-scenario';

/**
 * The S3 stand-in with the official S3 client: restXml over path-style and virtual-hosted-style
 * addressing, SigV4 with `x-amz-content-sha256`, the flexible checksums the SDK sends, bucket
 * policies, and ListObjectsV2 paging.
 */
describe('S3 stand-in', () => {
  let h: AwsHarness;
  const bucket = 'provisio-s3-test';

  beforeAll(() => {
    h = createAwsHarness();
    h.aws.s3.createBucket({ name: bucket, accountId: h.seed.managementAccountId });
  });
  afterAll(() => h.close());

  const admin = (options: Parameters<typeof s3Client>[2] = {}) => s3Client(h, h.seed.orgAdmin, { record: false, ...options });
  const bytes = async (client: S3Client, key: string) => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    return { out, body: Buffer.from((await out.Body?.transformToByteArray()) ?? []) };
  };

  test.each([
    ['path-style', true],
    ['virtual-hosted-style', false],
  ])('%s: PutObject then GetObject returns the same bytes, type, metadata and ETag, for keys with = and spaces', async (_label, forcePathStyle) => {
    const client = admin({ forcePathStyle });
    const key = `jira/project=OPS/dt=2026-03-02/a b ü ${String(forcePathStyle)}.jsonl.gz`;
    const body = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/gzip', Metadata: { run: 'r1' } }));
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const { out, body: got } = await bytes(client, key);
    expect(got.equals(body)).toBe(true);
    expect(out).toMatchObject({ ContentType: 'application/gzip', ContentLength: body.length, ETag: put.ETag, Metadata: { run: 'r1' } });
    expect(h.aws.s3.getObject(bucket, key).body).toHaveLength(3000);
  });

  test('over HTTP, under the path prefix the sandbox mounts it at, path-style works', async () => {
    const transport = await h.listen('/__standin/aws');
    const client = new S3Client({ region: 'us-east-1', endpoint: transport.endpoint, forcePathStyle: true, credentials: h.seed.orgAdmin, maxAttempts: 1 });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'http/x.json', Body: '{"ok":true}' }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'http/x.json' }));
    expect(await got.Body?.transformToString()).toBe('{"ok":true}');
  });

  test.each(['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as ChecksumAlgorithm[])('the %s checksum the SDK sends is verified, stored and returned for the SDK to check', async (algorithm) => {
    const client = admin();
    const key = `checksums/${algorithm}`;
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(`body for ${algorithm}`), ChecksumAlgorithm: algorithm }));
    const member = `Checksum${algorithm}` as 'ChecksumCRC32';
    expect(put[member]).toBeTruthy();
    const { out } = await bytes(client, key);
    expect(out[member]).toBe(put[member]);
  });

  test('a checksum that does not match the body is BadDigest; a body changed after signing is XAmzContentSHA256Mismatch', async () => {
    await expect(admin().send(new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'abc', ChecksumSHA256: createHash('sha256').update('abd').digest('base64') }))).rejects.toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
    const tampering = admin({
      handle: async (request) => {
        const body = new Uint8Array(await request.arrayBuffer());
        if (body.length > 0) body[0] = (body[0] ?? 0) ^ 1;
        return h.aws.handle(new Request(request.url, { method: request.method, headers: request.headers, body }));
      },
    });
    await expect(tampering.send(new PutObjectCommand({ Bucket: bucket, Key: 'tampered', Body: 'payload', ChecksumAlgorithm: 'CRC32' }))).rejects.toMatchObject({ name: 'XAmzContentSHA256Mismatch' });
    expect(h.aws.s3.bucket(bucket)?.objects.has('tampered')).toBe(false);
  });

  test('the role may only do what the bucket policy grants it, under its prefix', async () => {
    const role = await h.automationCredentials();
    const client = s3Client(h, role, { record: false });
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'jira/x', Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    h.aws.s3.putBucketPolicy(bucket, [
      { principals: [h.seed.automationRole.arn], actions: ['s3:PutObject', 's3:GetObject'], resources: [`arn:aws:s3:::${bucket}/jira/*`] },
      { principals: [h.seed.automationRole.arn], actions: ['s3:ListBucket'], resources: [`arn:aws:s3:::${bucket}`] },
    ]);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'jira/x', Body: 'x' }));
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/x', Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'jira/' }));
    expect(listed.Contents?.map((o) => o.Key)).toContain('jira/x');
    // The user behind the role has no S3 rights of its own.
    await expect(s3Client(h, h.seed.provisio, { record: false }).send(new GetObjectCommand({ Bucket: bucket, Key: 'jira/x' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('ListObjectsV2 pages with continuation tokens, groups by delimiter, and honours StartAfter', async () => {
    const client = admin();
    for (const key of ['list/a/1', 'list/a/2', 'list/b/1', 'list/c', 'list/d']) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
      expect(page.KeyCount).toBe((page.Contents ?? []).length);
      token = page.NextContinuationToken;
      pages += 1;
    } while (token);
    expect(keys).toEqual(['list/a/1', 'list/a/2', 'list/b/1', 'list/c', 'list/d']);
    expect(pages).toBe(3);
    const grouped = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/a/', 'list/b/']);
    expect(grouped.Contents?.map((o) => o.Key)).toEqual(['list/c', 'list/d']);
    const after = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', StartAfter: 'list/b/1' }));
    expect(after.Contents?.map((o) => o.Key)).toEqual(['list/c', 'list/d']);
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'nope-not-here', Prefix: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'list/zzz' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  test('buckets and objects survive a snapshot and restore byte for byte', async () => {
    await admin().send(new PutObjectCommand({ Bucket: bucket, Key: 'snap/bin', Body: Buffer.from([0, 255, 1, 254]) }));
    const copy = createAwsStandIn({ clock: new VirtualClock(h.clock.now()) });
    copy.restore(JSON.parse(JSON.stringify(h.aws.snapshot())));
    expect(Buffer.from(copy.s3.getObject(bucket, 'snap/bin').body)).toEqual(Buffer.from([0, 255, 1, 254]));
    expect(copy.s3.bucket(bucket)?.policy).toEqual(h.aws.s3.bucket(bucket)?.policy);
  });
});
