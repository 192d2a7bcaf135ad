import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
const handler = { metadata: { handlerProtocol: 'http/1.1' }, updateHttpClientConfig() {}, httpHandlerConfigs: () => ({}), async handle() { return { response: { statusCode: 200, headers: { etag: '"x"' }, body: new Uint8Array() } }; } };
async function main() {
  const c = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'y', sessionToken: 'z' }, requestHandler: handler as any, maxAttempts: 1 });
  const body = gzipSync(Buffer.from('x'.repeat(60000) + Math.random()));
  const sha = createHash('sha256').update(body).digest('base64');
  for (let i = 0; i < 50; i++) await c.send(new PutObjectCommand({ Bucket: 'b', Key: `k${i}`, Body: body, ChecksumSHA256: sha }));
  const t = process.cpuUsage();
  for (let i = 0; i < 500; i++) await c.send(new PutObjectCommand({ Bucket: 'b', Key: `k${i}`, Body: body, ChecksumSHA256: sha }));
  const d = process.cpuUsage(t); console.log('sdk put cpu ms each', (d.user + d.system) / 1000 / 500);
  const t2 = process.cpuUsage(); for (let i = 0; i < 20; i++) new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'y' }, requestHandler: new FetchHttpHandler(), maxAttempts: 1 });
  const d2 = process.cpuUsage(t2); console.log('client create ms', (d2.user + d2.system) / 1000 / 20);
  const text = JSON.stringify({ a: 'x'.repeat(800) }) ; const t3 = process.cpuUsage(); for (let i = 0; i < 100; i++) gzipSync(Buffer.from((text + '\n').repeat(100))); const d3 = process.cpuUsage(t3); console.log('gzip 100 records of 800B ms', (d3.user + d3.system) / 1000 / 100);
}
main();
