import type { AwsError } from '../errors';
import type { ReceivedRequest } from '../sigv4/received-request';
import type { OperationOutput } from './values';

/** The operation a request names and its input members, decoded from the wire. */
export interface ParsedCall {
  operation: string;
  input: Record<string, unknown>;
}

export interface ResponseParts {
  status: number;
  headers: Record<string, string>;
  /** Text for the JSON and XML protocols; bytes for S3 object bodies. */
  body: string | Uint8Array<ArrayBuffer>;
}

/**
 * One AWS wire protocol, configured for one service (target prefix, API version, XML
 * namespace). Adding a service that speaks an existing protocol needs no new code here.
 */
export interface WireProtocol {
  /** Which family of names auth failures take (`SignatureDoesNotMatch` vs `InvalidSignatureException`). */
  readonly family: 'awsJson' | 'awsQuery' | 'restXml';
  /** Throws AwsError when the request names no operation or its body is not well formed. */
  parse(request: ReceivedRequest): ParsedCall;
  success(operation: string, output: OperationOutput, requestId: string): ResponseParts;
  error(error: AwsError, requestId: string): ResponseParts;
  /** Whether an unauthenticated request looks like this protocol (to answer in its error shape). */
  recognizes(request: ReceivedRequest): boolean;
}
