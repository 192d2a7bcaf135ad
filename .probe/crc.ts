import { checksumOf } from '../sandbox/aws/services/s3/checksums';
const b = new TextEncoder().encode('123456789');
for (const a of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) console.log(a, Buffer.from(checksumOf(a, b), 'base64').toString('hex'));
