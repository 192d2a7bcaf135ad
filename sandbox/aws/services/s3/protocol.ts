import { AwsError } from '../../errors';
import type { ParsedCall, ResponseParts, WireProtocol } from '../../protocols/protocol';
import { Timestamp, type OperationOutput, type OutputValue } from '../../protocols/values';
import { element, escapeXml } from '../../protocols/xml';
import { parseQuery } from '../../sigv4/query';
import { headerValue, type ReceivedRequest } from '../../sigv4/received-request';
import { CHECKSUM_ALGORITHMS, checksumHeader } from './checksums';

export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Virtual-hosted style: `<bucket>.s3.<region>.amazonaws.com`, `<bucket>.s3.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com`. */
const VIRTUAL_HOST = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/;
/** Path style on AWS: `s3.<region>.amazonaws.com/<bucket>/<key>`. */
const PATH_HOST = /^s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/;

/**
 * What a handler returns besides XML members: `Body` (base64 bytes of an object) and header
 * members; the protocol binds members to headers as the S3 Smithy model does (httpHeader,
 * httpPrefixHeaders, httpPayload), and renders the rest as the operation's XML document.
 */
const HEADER_BINDINGS: Record<string, Record<string, string>> = {
  PutObject: {
    ETag: 'ETag',
    ChecksumCRC32: 'x-amz-checksum-crc32',
    ChecksumCRC32C: 'x-amz-checksum-crc32c',
    ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
    ChecksumSHA1: 'x-amz-checksum-sha1',
    ChecksumSHA256: 'x-amz-checksum-sha256',
    ChecksumType: 'x-amz-checksum-type',
    ServerSideEncryption: 'x-amz-server-side-encryption',
    Size: 'x-amz-object-size',
  },
  GetObject: {
    ETag: 'ETag',
    ContentType: 'Content-Type',
    ContentLength: 'Content-Length',
    ContentEncoding: 'Content-Encoding',
    LastModified: 'Last-Modified',
    AcceptRanges: 'accept-ranges',
    ChecksumCRC32: 'x-amz-checksum-crc32',
    ChecksumCRC32C: 'x-amz-checksum-crc32c',
    ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
    ChecksumSHA1: 'x-amz-checksum-sha1',
    ChecksumSHA256: 'x-amz-checksum-sha256',
    ChecksumType: 'x-amz-checksum-type',
    ServerSideEncryption: 'x-amz-server-side-encryption',
  },
};

/** XML document names of operations that answer one (Smithy `xmlName` of the output). */
const XML_ROOTS: Record<string, string> = { ListObjectsV2: 'ListBucketResult' };
/** Members rendered as repeated elements without a wrapper (Smithy `xmlFlattened`). */
const FLATTENED = new Set(['Contents', 'CommonPrefixes', 'ChecksumAlgorithm']);

/**
 * S3's REST-XML protocol for PutObject, GetObject and ListObjectsV2, path-style and
 * virtual-hosted-style. On a non-AWS host (the stand-in served on localhost, possibly under a
 * path prefix) requests are path-style, and the bucket is the first path segment that names an
 * existing bucket, so the prefix the stand-in is mounted under does not matter.
 */
export function s3RestXmlProtocol(bucketExists: (name: string) => boolean): WireProtocol {
  const locate = (request: ReceivedRequest): { bucket: string; key: string } => {
    const host = (headerValue(request, 'host') ?? '').split(':')[0] ?? '';
    const segments = request.path.split('/').slice(1);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", { status: 400 });
      }
    };
    const virtual = VIRTUAL_HOST.exec(host);
    if (virtual && !PATH_HOST.test(host)) return { bucket: virtual[1] as string, key: decode(segments.join('/')) };
    let start = 0;
    if (!PATH_HOST.test(host)) {
      const found = segments.findIndex((s) => s !== '' && bucketExists(decode(s)));
      start = found >= 0 ? found : Math.max(0, segments.findIndex((s) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s)));
    }
    return { bucket: decode(segments[start] ?? ''), key: decode(segments.slice(start + 1).join('/')) };
  };

  return {
    family: 'restXml',

    recognizes(request: ReceivedRequest): boolean {
      const host = (headerValue(request, 'host') ?? '').split(':')[0] ?? '';
      return VIRTUAL_HOST.test(host) || PATH_HOST.test(host);
    },

    parse(request: ReceivedRequest): ParsedCall {
      const { bucket, key } = locate(request);
      const query = new Map(parseQuery(request.rawQuery));
      if (!bucket) throw new AwsError('NotImplemented', 'Listing buckets is not served by the Provisio stand-in.', { status: 501 });
      const header = (name: string) => headerValue(request, name);
      if (request.method === 'PUT' && key) {
        const input: Record<string, unknown> = { Bucket: bucket, Key: key, Body: request.body, ContentType: header('content-type') ?? 'binary/octet-stream' };
        const encoding = header('content-encoding');
        if (encoding) input.ContentEncoding = encoding;
        const md5 = header('content-md5');
        if (md5) input.ContentMD5 = md5;
        const algorithm = header('x-amz-sdk-checksum-algorithm') ?? header('x-amz-checksum-algorithm');
        if (algorithm) input.ChecksumAlgorithm = algorithm.toUpperCase();
        for (const a of CHECKSUM_ALGORITHMS) {
          const value = header(checksumHeader(a));
          if (value) input[`Checksum${a}`] = value;
        }
        input.Metadata = Object.fromEntries(request.headers.filter(([n]) => n.toLowerCase().startsWith('x-amz-meta-')).map(([n, v]) => [n.toLowerCase().slice('x-amz-meta-'.length), v]));
        return { operation: 'PutObject', input };
      }
      if (request.method === 'GET' && key) {
        return { operation: 'GetObject', input: { Bucket: bucket, Key: key, ...(header('x-amz-checksum-mode') ? { ChecksumMode: header('x-amz-checksum-mode') } : {}) } };
      }
      if (request.method === 'GET' && !key && query.get('list-type') === '2') {
        const input: Record<string, unknown> = { Bucket: bucket };
        const names: Record<string, string> = { prefix: 'Prefix', delimiter: 'Delimiter', 'max-keys': 'MaxKeys', 'continuation-token': 'ContinuationToken', 'start-after': 'StartAfter', 'encoding-type': 'EncodingType', 'fetch-owner': 'FetchOwner' };
        for (const [param, member] of Object.entries(names)) if (query.has(param)) input[member] = query.get(param);
        return { operation: 'ListObjectsV2', input };
      }
      throw new AwsError('NotImplemented', `The Provisio stand-in serves PutObject, GetObject and ListObjectsV2 only (got ${request.method} ${key ? 'on an object' : 'on a bucket'}).`, { status: 501 });
    },

    success(operation: string, output: OperationOutput, requestId: string): ResponseParts {
      const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') };
      const bindings = HEADER_BINDINGS[operation] ?? {};
      const members: OperationOutput = {};
      let body: string | Uint8Array<ArrayBuffer> = '';
      for (const [member, value] of Object.entries(output)) {
        if (value === undefined) continue;
        if (member === 'Body' && typeof value === 'string') body = new Uint8Array(Buffer.from(value, 'base64'));
        else if (member === 'Metadata' && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Timestamp)) {
          for (const [k, v] of Object.entries(value)) if (typeof v === 'string') headers[`x-amz-meta-${k}`] = v;
        } else if (bindings[member]) headers[bindings[member] as string] = value instanceof Timestamp ? new Date(value.epochMs).toUTCString() : String(value);
        else members[member] = value;
      }
      const root = XML_ROOTS[operation];
      if (root) {
        body = `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XML_NAMESPACE}">${toXml(members)}</${root}>`;
        headers['content-type'] = 'application/xml';
      }
      return { status: 200, headers, body };
    },

    error(error: AwsError, requestId: string): ResponseParts {
      const extra = Object.entries(error.fields)
        .filter(([k]) => k !== 'message' && k !== 'Message')
        .map(([k, v]) => element(k, escapeXml(String(v))))
        .join('');
      const body =
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        element('Error', element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message)) + extra + element('RequestId', requestId) + element('HostId', Buffer.from(requestId).toString('base64')));
      return { status: error.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body };
    },
  };
}

function toXml(value: OutputValue, name?: string): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    // Only flattened lists occur in the served outputs: each item is an element of the member's name.
    return value.map((item) => (name ? element(name, toXml(item)) : toXml(item))).join('');
  }
  if (value instanceof Timestamp) return value.iso8601();
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => (Array.isArray(v) && FLATTENED.has(k) ? toXml(v, k) : element(k, toXml(v))))
      .join('');
  }
  return escapeXml(String(value));
}
