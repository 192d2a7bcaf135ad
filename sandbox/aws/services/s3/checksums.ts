import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The flexible checksums S3 accepts (`x-amz-checksum-<algorithm>`), each as S3 sends it: base64 of the big-endian digest. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export const checksumHeader = (algorithm: ChecksumAlgorithm): string => `x-amz-checksum-${algorithm.toLowerCase()}`;

function tableCrc32(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32C_TABLE = tableCrc32(0x82f63b78);

function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC32C_TABLE[(crc ^ b) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones.
const CRC64_TABLE = (() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const table: bigint[] = [];
  for (let n = 0n; n < 256n; n += 1n) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    table.push(c);
  }
  return table;
})();

function crc64nvme(bytes: Uint8Array): bigint {
  let crc = 0xffffffffffffffffn;
  for (const b of bytes) crc = (CRC64_TABLE[Number((crc ^ BigInt(b)) & 0xffn)] as bigint) ^ (crc >> 8n);
  return crc ^ 0xffffffffffffffffn;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** The checksum of `bytes` as S3 writes it in `x-amz-checksum-*` headers. */
export function checksumOf(algorithm: ChecksumAlgorithm, bytes: Uint8Array): string {
  switch (algorithm) {
    case 'CRC32':
      return u32(crc32(bytes)).toString('base64');
    case 'CRC32C':
      return u32(crc32c(bytes)).toString('base64');
    case 'CRC64NVME': {
      const out = Buffer.alloc(8);
      out.writeBigUInt64BE(crc64nvme(bytes));
      return out.toString('base64');
    }
    case 'SHA1':
      return createHash('sha1').update(bytes).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(bytes).digest('base64');
  }
}
