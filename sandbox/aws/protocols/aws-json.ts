import { AwsError } from '../errors';
import { headerValue, type ReceivedRequest } from '../sigv4/received-request';
import type { ParsedCall, ResponseParts, WireProtocol } from './protocol';
import { Timestamp, type OperationOutput, type OutputValue } from './values';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * awsJson1_1: `POST /` with `X-Amz-Target: <TargetPrefix>.<Operation>` and a JSON body; JSON
 * answers with timestamps as epoch seconds; errors as `{"__type": code, ...members}` plus the
 * `x-amzn-ErrorType` header, which is how the SDK picks the exception class.
 */
export function awsJsonProtocol(config: { targetPrefix: string }): WireProtocol {
  return {
    family: 'awsJson',

    recognizes(request: ReceivedRequest): boolean {
      return (headerValue(request, 'x-amz-target') ?? '').startsWith(`${config.targetPrefix}.`);
    },

    parse(request: ReceivedRequest): ParsedCall {
      const target = headerValue(request, 'x-amz-target') ?? '';
      const dot = target.lastIndexOf('.');
      const operation = dot < 0 ? '' : target.slice(dot + 1);
      if (target.slice(0, dot) !== config.targetPrefix || operation === '') {
        throw new AwsError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header', { status: 400 });
      }
      const text = new TextDecoder().decode(request.body).trim();
      if (text === '') return { operation, input: {} };
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', { status: 400 });
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsError('SerializationException', 'The request body must be a JSON object.', { status: 400 });
      }
      return { operation, input: input as Record<string, unknown> };
    },

    success(_operation: string, output: OperationOutput): ResponseParts {
      return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: JSON.stringify(toJson(output)) };
    },

    error(error: AwsError): ResponseParts {
      return {
        status: error.status,
        headers: { 'content-type': CONTENT_TYPE, 'x-amzn-ErrorType': error.code },
        body: JSON.stringify({ __type: error.code, ...error.fields }),
      };
    },
  };
}

function toJson(value: OutputValue): unknown {
  if (value instanceof Timestamp) return value.epochSeconds();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  return value;
}
