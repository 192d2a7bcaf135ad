import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { BatchEncoder, EncodedBatch } from '../../usecases/export-ports';

function encoded(body: Uint8Array): EncodedBatch {
  const digest = createHash('sha256').update(body).digest();
  return { body, sha256Hex: digest.toString('hex'), sha256Base64: digest.toString('base64') };
}

/** gzip (level 6, the zlib default: most of level 9's size at a fraction of its CPU) and SHA-256 for S3's checksum. */
export const gzipBatchEncoder: BatchEncoder = {
  gzip: (text) => encoded(gzipSync(Buffer.from(text, 'utf8'))),
  json: (value) => encoded(Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8')),
};
