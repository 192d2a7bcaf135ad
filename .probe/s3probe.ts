import { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
const origFetch = globalThis.fetch;
globalThis.fetch = (async (input: any, init: any) => {
  const req = new Request(input, init);
  const body = new Uint8Array(await req.arrayBuffer());
  console.log(req.method, req.url, Object.fromEntries(req.headers), 'bodylen', body.length, JSON.stringify(new TextDecoder().decode(body.slice(0, 200))));
  return new Response('<Error><Code>NoSuchKey</Code><Message>x</Message></Error>', { status: 404, headers: { 'content-type': 'application/xml' } });
}) as any;
async function main() {
  for (const forcePathStyle of [false, true]) {
    const c = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x', sessionToken: 'tok' }, requestHandler: new FetchHttpHandler(), maxAttempts: 1, forcePathStyle });
    await c.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: 'a b/c=1/x.jsonl.gz', Body: Buffer.from('hello'), ContentType: 'application/gzip', ChecksumSHA256: undefined })).catch((e) => console.log('err', e.name));
    await c.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'a/x' })).catch((e) => console.log('err', e.name));
    await c.send(new ListObjectsV2Command({ Bucket: 'my-bucket', Prefix: 'p/', ContinuationToken: 'abc' })).catch((e) => console.log('err', e.name));
  }
}
main();
