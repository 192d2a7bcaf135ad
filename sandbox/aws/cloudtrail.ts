import { AwsError } from './errors';
import type { IdGenerator } from './ids';
import { Timestamp, type OperationOutput, type OutputValue } from './protocols/values';
import type { IamModel, IamPrincipal } from './services/iam/model';
import type { CallContext, OperationHandler } from './services/service';

/** A CloudTrail management-event record, as CloudTrail writes it and EventBridge carries it in `detail`. */
export type CloudTrailRecord = Record<string, unknown> & { eventName: string; eventSource: string; eventID: string; eventTime: string; readOnly: boolean };

/** How one service's calls read in CloudTrail. */
export interface CloudTrailSpec {
  /** `secretsmanager.amazonaws.com` */
  eventSource: string;
  /** Operations CloudTrail marks readOnly (Get/Describe/List). */
  readOnly: ReadonlySet<string>;
  /** Input members CloudTrail never shows; their value reads HIDDEN_DUE_TO_SECURITY_REASONS. */
  hiddenMembers: ReadonlySet<string>;
  /**
   * The name the ARN member takes in `responseElements`. CloudTrail lower-cases the first letter of
   * each member, so older records of some calls carry `aRN`; others were fixed to `arn`.
   */
  arnKey(operation: string): 'arn' | 'aRN';
}

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-05-01T17:23:18Z`: CloudTrail times have whole seconds. */
export const cloudTrailTime = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Dates inside responseElements are Java-formatted: `May 3, 2018 5:51:02 PM`. */
function javaDate(epochMs: number): string {
  const d = new Date(epochMs);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const camel = (name: string): string => (name ? name[0]!.toLowerCase() + name.slice(1) : name);

function camelize(value: unknown, hidden: ReadonlySet<string> = new Set()): unknown {
  if (value instanceof Timestamp) return javaDate(value.epochMs);
  if (Array.isArray(value)) return value.map((v) => camelize(v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[camel(k)] = hidden.has(k) ? HIDDEN : camelize(v);
    }
    return out;
  }
  return value;
}

/** CloudTrail's `userIdentity` for a verified caller. */
export function userIdentity(principal: IamPrincipal, accessKeyId: string, iam: IamModel): Record<string, unknown> {
  if (principal.kind === 'user') {
    return {
      type: 'IAMUser',
      principalId: principal.userId,
      arn: principal.arn,
      accountId: principal.accountId,
      accessKeyId,
      userName: principal.displayName,
    };
  }
  const role = principal.roleArn ? iam.role(principal.roleArn) : undefined;
  const session = iam.sessions().find((s) => s.accessKeyId === accessKeyId);
  return {
    type: 'AssumedRole',
    principalId: principal.userId,
    arn: principal.arn,
    accountId: principal.accountId,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: role?.roleId ?? principal.userId.split(':')[0],
        arn: principal.roleArn,
        accountId: principal.accountId,
        userName: role?.roleName ?? principal.roleArn?.split('/').pop(),
      },
      attributes: { creationDate: cloudTrailTime(session?.issuedAtMs ?? Date.now()), mfaAuthenticated: 'false' },
    },
  };
}

/**
 * Wraps a service's operation handlers so every call, answered or refused by the operation,
 * leaves the CloudTrail record AWS would write, handed to `sink` after the call (CloudTrail
 * delivers after the fact). Calls the dispatcher refuses earlier (bad signature, no permission)
 * are not recorded, which CloudTrail would: nothing here needs them.
 */
export function recordApiCalls(
  operations: Readonly<Record<string, OperationHandler>>,
  spec: CloudTrailSpec,
  deps: { iam: IamModel; ids: IdGenerator; sink: (record: CloudTrailRecord) => void },
): Record<string, OperationHandler> {
  const wrapped: Record<string, OperationHandler> = {};
  for (const [operation, handler] of Object.entries(operations)) {
    wrapped[operation] = async (input, call) => {
      try {
        const output = await handler(input, call);
        deps.sink(record(operation, input, output, call));
        return output;
      } catch (error) {
        if (error instanceof AwsError) deps.sink(record(operation, input, undefined, call, error));
        throw error;
      }
    };
  }
  return wrapped;

  function record(operation: string, input: Record<string, unknown>, output: OperationOutput | undefined, call: CallContext, error?: AwsError): CloudTrailRecord {
    let responseElements: unknown = null;
    if (output && Object.keys(output).length > 0) {
      const { ARN, ...rest } = output as Record<string, OutputValue>;
      const elements = camelize(rest, spec.hiddenMembers) as Record<string, unknown>;
      responseElements = ARN === undefined ? elements : { [spec.arnKey(operation)]: ARN, ...elements };
    }
    const host = call.host ?? `${spec.eventSource.split('.')[0]}.${call.region}.amazonaws.com`;
    return {
      eventVersion: '1.09',
      userIdentity: userIdentity(call.principal, call.accessKeyId, deps.iam),
      eventTime: cloudTrailTime(call.nowMs),
      eventSource: spec.eventSource,
      eventName: operation,
      awsRegion: call.region,
      sourceIPAddress: call.sourceIp ?? '127.0.0.1',
      userAgent: call.userAgent ?? 'aws-cli/2',
      ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
      requestParameters: Object.keys(input).length > 0 ? camelize(input, spec.hiddenMembers) : null,
      responseElements: error ? null : responseElements,
      requestID: call.requestId,
      eventID: deps.ids.uuid(),
      readOnly: spec.readOnly.has(operation),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.principal.accountId,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host },
    };
  }
}
