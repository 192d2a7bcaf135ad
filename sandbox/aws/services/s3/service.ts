import { createHash } from 'node:crypto';
import { AwsError } from '../../errors';
import { timestamp, type OperationOutput } from '../../protocols/values';
import type { ServiceDefinition } from '../service';
import { CHECKSUM_ALGORITHMS, checksumOf, type ChecksumAlgorithm } from './checksums';
import { keyAfterToken, type S3Model, type S3Object } from './model';
import { s3RestXmlProtocol } from './protocol';

const MAX_KEY_BYTES = 1024;
const MAX_LIST_KEYS = 1000;

const bytesOf = (body: unknown): Uint8Array => (body instanceof Uint8Array ? body : new Uint8Array());

function checksumOutput(object: S3Object): OperationOutput {
  return object.checksum ? { [`Checksum${object.checksum.algorithm}`]: object.checksum.value, ChecksumType: 'FULL_OBJECT' } : {};
}

/**
 * S3 (PutObject, GetObject, ListObjectsV2) in the stand-in, SigV4-verified over the path as
 * sent (S3 does not normalise it), authorised by the caller's identity policy or the bucket's
 * policy, and checking every integrity claim the client makes: `x-amz-content-sha256` (in the
 * verifier), `Content-MD5` and the flexible checksums (`x-amz-checksum-crc32` … `-sha256`).
 */
export function s3Service(model: S3Model): ServiceDefinition {
  return {
    name: 's3',
    endpointPrefix: 's3',
    signingName: 's3',
    actionPrefix: 's3',
    normalizePath: false,
    protocol: s3RestXmlProtocol((name) => model.bucket(name) !== undefined),
    // ListObjectsV2 is authorised as s3:ListBucket on the bucket; object operations by their own names on the object.
    iamAction: (operation) => (operation === 'ListObjectsV2' ? 's3:ListBucket' : `s3:${operation}`),
    resourcePolicyAllows: (principal, action, input) =>
      model.policyAllows(principal, action, String(input.Bucket ?? ''), action === 's3:ListBucket' ? undefined : String(input.Key ?? '')),
    accessDenied: (principal, action, input) => {
      const resource = action === 's3:ListBucket' ? `arn:aws:s3:::${String(input.Bucket)}` : `arn:aws:s3:::${String(input.Bucket)}/${String(input.Key)}`;
      return new AwsError('AccessDenied', `User: ${principal.arn} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy or bucket policy allows the ${action} action`, { status: 403 });
    },
    operations: {
      PutObject: (input) => {
        const bucket = String(input.Bucket);
        const key = String(input.Key);
        model.requireBucket(bucket);
        if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new AwsError('KeyTooLongError', 'Your key is too long', { status: 400 });
        const body = bytesOf(input.Body);
        if (typeof input.ContentMD5 === 'string' && createHash('md5').update(body).digest('base64') !== input.ContentMD5) {
          throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', { status: 400 });
        }
        let checksum: S3Object['checksum'];
        for (const algorithm of CHECKSUM_ALGORITHMS) {
          const claimed = input[`Checksum${algorithm}`];
          if (typeof claimed !== 'string') continue;
          if (checksumOf(algorithm, body) !== claimed) {
            throw new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, { status: 400 });
          }
          checksum ??= { algorithm, value: claimed };
        }
        const declared = typeof input.ChecksumAlgorithm === 'string' ? (input.ChecksumAlgorithm as ChecksumAlgorithm) : undefined;
        if (declared && !CHECKSUM_ALGORITHMS.includes(declared)) throw new AwsError('InvalidRequest', `Checksum algorithm ${declared} is not supported.`, { status: 400 });
        if (declared && checksum?.algorithm !== declared) {
          throw new AwsError('InvalidRequest', `x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.`, { status: 400 });
        }
        // S3 computes a CRC64NVME for objects uploaded without a checksum.
        checksum ??= { algorithm: 'CRC64NVME', value: checksumOf('CRC64NVME', body) };
        const object = model.putObject(bucket, {
          key,
          body,
          contentType: String(input.ContentType ?? 'binary/octet-stream'),
          ...(typeof input.ContentEncoding === 'string' ? { contentEncoding: input.ContentEncoding } : {}),
          metadata: (input.Metadata ?? {}) as Record<string, string>,
          checksum,
        });
        return { ETag: object.etag, ServerSideEncryption: 'AES256', ...checksumOutput(object) };
      },

      GetObject: (input) => {
        const object = model.getObject(String(input.Bucket), String(input.Key));
        return {
          Body: Buffer.from(object.body).toString('base64'),
          AcceptRanges: 'bytes',
          ContentLength: object.body.length,
          ContentType: object.contentType,
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
          ETag: object.etag,
          LastModified: timestamp(object.lastModifiedMs),
          ServerSideEncryption: 'AES256',
          Metadata: { ...object.metadata },
          ...(input.ChecksumMode === 'ENABLED' ? checksumOutput(object) : {}),
        };
      },

      ListObjectsV2: (input) => {
        const bucket = String(input.Bucket);
        model.requireBucket(bucket);
        const maxKeys = input.MaxKeys === undefined ? MAX_LIST_KEYS : Number(input.MaxKeys);
        if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', { status: 400, extra: { ArgumentName: 'max-keys', ArgumentValue: String(input.MaxKeys) } });
        const encodingType = typeof input.EncodingType === 'string' ? input.EncodingType : undefined;
        if (encodingType !== undefined && encodingType !== 'url') throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', { status: 400, extra: { ArgumentName: 'encoding-type', ArgumentValue: encodingType } });
        const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
        const delimiter = typeof input.Delimiter === 'string' && input.Delimiter !== '' ? input.Delimiter : undefined;
        const startAfter = typeof input.StartAfter === 'string' && input.StartAfter !== '' ? input.StartAfter : undefined;
        const token = typeof input.ContinuationToken === 'string' ? input.ContinuationToken : undefined;
        const after = token !== undefined ? keyAfterToken(token) : startAfter;
        const page = model.list(bucket, { prefix, ...(delimiter ? { delimiter } : {}), maxKeys: Math.min(maxKeys, MAX_LIST_KEYS), ...(after !== undefined ? { after } : {}) });
        const enc = (s: string) => (encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
        return {
          Name: bucket,
          Prefix: enc(prefix),
          ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
          MaxKeys: maxKeys,
          KeyCount: page.contents.length + page.commonPrefixes.length,
          IsTruncated: page.isTruncated,
          ...(token !== undefined ? { ContinuationToken: token } : {}),
          ...(page.nextContinuationToken ? { NextContinuationToken: page.nextContinuationToken } : {}),
          ...(startAfter !== undefined ? { StartAfter: enc(startAfter) } : {}),
          ...(encodingType ? { EncodingType: encodingType } : {}),
          Contents: page.contents.map((o) => ({
            Key: enc(o.key),
            LastModified: timestamp(o.lastModifiedMs),
            ETag: o.etag,
            ...(o.checksum ? { ChecksumAlgorithm: [o.checksum.algorithm], ChecksumType: 'FULL_OBJECT' } : {}),
            Size: o.body.length,
            StorageClass: 'STANDARD',
          })),
          CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
        };
      },
    },
  };
}
