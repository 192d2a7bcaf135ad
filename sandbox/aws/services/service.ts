import type { AwsError } from '../errors';
import type { WireProtocol } from '../protocols/protocol';
import type { OperationOutput } from '../protocols/values';
import type { IamPrincipal } from './iam/model';

/** What an operation handler knows about the call it serves. */
export interface CallContext {
  principal: IamPrincipal;
  nowMs: number;
  requestId: string;
  /** The region the request was signed for (the stand-in's region for regional services). */
  region: string;
  accessKeyId: string;
  /** What CloudTrail records about the caller's connection (when the request said). */
  sourceIp?: string;
  userAgent?: string;
  host?: string;
}

/** Reads the decoded input members and returns the output members; throws AwsError. */
export type OperationHandler = (input: Record<string, unknown>, call: CallContext) => OperationOutput | Promise<OperationOutput>;

/**
 * One AWS service of the stand-in. The dispatcher routes, authenticates, throttles and
 * authorises from these fields alone, so a new service (SSO Admin, Secrets Manager, SNS, S3)
 * is one more definition in ./registry.ts, not a change to the dispatcher.
 */
export interface ServiceDefinition {
  /** The name in the request log and the served-operation list (`organizations`). */
  name: string;
  /** The host label: `<endpointPrefix>.<region>.amazonaws.com`. */
  endpointPrefix: string;
  /** The SigV4 service name in the credential scope. */
  signingName: string;
  /** IAM action namespace: `<actionPrefix>:<Operation>`. */
  actionPrefix: string;
  protocol: WireProtocol;
  /** Global services are signed for one region whatever the client's (Organizations: us-east-1). */
  signingRegion?: string;
  /** S3 signs the path as sent; every other service normalises it. */
  normalizePath?: boolean;
  operations: Readonly<Record<string, OperationHandler>>;
  /** The IAM action an operation is authorised as, when it is not `<actionPrefix>:<Operation>` (S3 ListObjectsV2 → s3:ListBucket). */
  iamAction?(operation: string): string;
  /** A resource policy (an S3 bucket policy) that allows the action even where the caller's identity policy does not (same account). */
  resourcePolicyAllows?(principal: IamPrincipal, action: string, input: Record<string, unknown>): boolean;
  /** Further IAM actions an operation needs for this input (CreateAccount with Tags also needs TagResource). */
  extraActions?(operation: string, input: Record<string, unknown>): string[];
  /** Checks beyond the identity policy (Organizations: management account only). Throws AwsError. */
  authorize?(principal: IamPrincipal, operation: string): void;
  /** The service's refusal of an action the caller's policy does not allow. */
  accessDenied(principal: IamPrincipal, action: string, input: Record<string, unknown>, call: CallContext): AwsError;
  /** Request quota, checked once the caller is authenticated. Throws AwsError when throttled. */
  admit?(operation: string): void;
}
