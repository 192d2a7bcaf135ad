import { AwsError } from '../errors';
import { PRESIGN_PARAMS } from '../sigv4/parse-authorization';
import { parseQuery } from '../sigv4/query';
import { headerValue, type ReceivedRequest } from '../sigv4/received-request';
import type { ParsedCall, ResponseParts, WireProtocol } from './protocol';
import { Timestamp, type OperationOutput, type OutputValue } from './values';
import { element, escapeXml } from './xml';

/**
 * awsQuery: form-encoded `Action=…&Version=…` parameters (in the body, or the query string of a
 * GET) with lists flattened as `Name.member.N` and maps as `Name.entry.N.key/value`; XML
 * answers wrapped in `<OpResponse><OpResult>` with lists as `<member>` elements; errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
export function awsQueryProtocol(config: { version: string; xmlNamespace: string }): WireProtocol {
  const params = (request: ReceivedRequest): [string, string][] => {
    const fromQuery = parseQuery(request.rawQuery).filter(([k]) => !(PRESIGN_PARAMS as readonly string[]).includes(k));
    const contentType = headerValue(request, 'content-type') ?? '';
    // Form bodies use `+` for spaces, unlike SigV4's query canonicalisation.
    const fromBody = contentType.includes('application/x-www-form-urlencoded')
      ? [...new URLSearchParams(new TextDecoder().decode(request.body))]
      : [];
    return [...fromQuery, ...fromBody];
  };

  return {
    family: 'awsQuery',

    recognizes(request: ReceivedRequest): boolean {
      return params(request).some(([k, v]) => k === 'Version' && v === config.version);
    },

    parse(request: ReceivedRequest): ParsedCall {
      const all = params(request);
      const action = all.find(([k]) => k === 'Action')?.[1];
      const version = all.find(([k]) => k === 'Version')?.[1];
      if (!action) throw new AwsError('MissingAction', 'Missing Action', { status: 400 });
      if (version !== undefined && version !== config.version) {
        throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, { status: 400 });
      }
      return { operation: action, input: decodeParams(all.filter(([k]) => k !== 'Action' && k !== 'Version')) };
    },

    success(operation: string, output: OperationOutput, requestId: string): ResponseParts {
      const body =
        `<${operation}Response xmlns="${config.xmlNamespace}">` +
        element(`${operation}Result`, toXml(output)) +
        element('ResponseMetadata', element('RequestId', requestId)) +
        `</${operation}Response>`;
      return { status: 200, headers: { 'content-type': 'text/xml' }, body };
    },

    error(error: AwsError, requestId: string): ResponseParts {
      const body =
        `<ErrorResponse xmlns="${config.xmlNamespace}">` +
        element(
          'Error',
          element('Type', error.fault === 'server' ? 'Receiver' : 'Sender') + element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message)),
        ) +
        element('RequestId', requestId) +
        '</ErrorResponse>';
      return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
    },
  };
}

function toXml(value: OutputValue): string {
  if (value === undefined) return '';
  if (value instanceof Timestamp) return value.iso8601();
  if (Array.isArray(value)) return value.map((item) => element('member', toXml(item))).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => element(k, toXml(v)))
      .join('');
  }
  return escapeXml(String(value));
}

type Tree = { [segment: string]: Tree | string };

/**
 * Turns flattened parameters into nested input: `Tags.member.1.Key=a` → `{Tags: [{Key: 'a'}]}`,
 * `Attributes.entry.1.key=k&…value=v` → `{Attributes: {k: v}}`.
 */
export function decodeParams(pairs: [string, string][]): Record<string, unknown> {
  const root: Tree = {};
  for (const [name, value] of pairs) {
    const segments = name.split('.');
    let node = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object') node = next;
      else node = node[segment] = {};
    });
  }
  return shape(root) as Record<string, unknown>;
}

function shape(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const indexed = (tree: Tree) =>
    Object.keys(tree)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => tree[k] as Tree | string);
  if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object') return indexed(node.member).map(shape);
  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const map: Record<string, unknown> = {};
    for (const entry of indexed(node.entry)) {
      if (typeof entry !== 'object') continue;
      // Maps whose model renames the entry members (SNS MessageAttributes: Name/Value) use those names.
      const key = typeof entry.key === 'string' ? entry.key : typeof entry.Name === 'string' ? entry.Name : undefined;
      const value = entry.value ?? entry.Value;
      if (key !== undefined) map[key] = value === undefined ? undefined : shape(value);
    }
    return map;
  }
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return indexed(node).map(shape);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = shape(node[k] as Tree | string);
  return out;
}
