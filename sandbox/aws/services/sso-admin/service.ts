import { AwsError } from '../../errors';
import { InputReader, type InputProblem } from '../../input';
import { paginate } from '../../pagination';
import { awsJsonProtocol } from '../../protocols/aws-json';
import { timestamp, type OperationOutput } from '../../protocols/values';
import type { OperationHandler, ServiceDefinition } from '../service';
import { IdcError, type IdcAssignment, type IdcOperation, type IdentityCenterModel } from './model';

// Patterns and limits from the SSO Admin Smithy model (sso-admin-2020-07-20.json).
const INSTANCE_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const PERMISSION_SET_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
const TARGET_ID = /^\d{12}$/;
const PRINCIPAL_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
const UUID = /^\b[0-9a-f]{8}\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\b[0-9a-f]{12}\b$/;
const TOKEN = /^[-a-zA-Z0-9+=/_]*$/;
const DEFAULT_PAGE_SIZE = 100;

/** HTTP statuses from the model's `smithy.api#httpError` traits; every SSO Admin error names its message `Message`. */
const STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

export function ssoError(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: STATUS[code] ?? 400, messageMember: 'Message' });
}

function invalidInput(problem: InputProblem): AwsError {
  if (problem.kind === 'type') return new AwsError('SerializationException', problem.message, { status: 400 });
  return ssoError('ValidationException', problem.message);
}

const read = (input: Record<string, unknown>) => new InputReader(input, invalidInput);

function translate<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof IdcError) throw ssoError(error.code, error.message);
    throw error;
  }
}

function statusOut(op: IdcOperation): OperationOutput {
  return {
    Status: op.status,
    RequestId: op.requestId,
    FailureReason: op.failureReason,
    TargetId: op.accountId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: op.permissionSetArn,
    PrincipalType: op.principalType,
    PrincipalId: op.principalId,
    CreatedDate: timestamp(op.createdAtMs),
  };
}

function readAssignment(r: InputReader): IdcAssignment {
  const instanceArn = r.requiredString('InstanceArn', { min: 10, max: 1224, pattern: INSTANCE_ARN });
  const accountId = r.requiredString('TargetId', { min: 12, max: 12, pattern: TARGET_ID });
  r.requiredString('TargetType', { enum: ['AWS_ACCOUNT'] });
  const permissionSetArn = r.requiredString('PermissionSetArn', { min: 10, max: 1224, pattern: PERMISSION_SET_ARN });
  const principalType = r.requiredString('PrincipalType', { enum: ['USER', 'GROUP'] }) as 'USER' | 'GROUP';
  const principalId = r.requiredString('PrincipalId', { min: 1, max: 47, pattern: PRINCIPAL_ID });
  return { instanceArn, accountId, permissionSetArn, principalType, principalId };
}

/**
 * IAM Identity Center's admin API (awsJson1_1, target prefix SWBExternalService; signed as
 * `sso`): account assignments, asynchronous, with their status calls and the listing.
 */
export function ssoAdminService(idc: IdentityCenterModel): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {
    CreateAccountAssignment: (input) => {
      const assignment = readAssignment(read(input));
      return { AccountAssignmentCreationStatus: statusOut(translate(() => idc.requestChange('create', assignment))) };
    },

    DeleteAccountAssignment: (input) => {
      const assignment = readAssignment(read(input));
      return { AccountAssignmentDeletionStatus: statusOut(translate(() => idc.requestChange('delete', assignment))) };
    },

    DescribeAccountAssignmentCreationStatus: (input) => {
      const r = read(input);
      const instanceArn = r.requiredString('InstanceArn', { min: 10, max: 1224, pattern: INSTANCE_ARN });
      const requestId = r.requiredString('AccountAssignmentCreationRequestId', { min: 36, max: 36, pattern: UUID });
      if (!idc.instance(instanceArn)) throw ssoError('ResourceNotFoundException', `Could not find Instance with InstanceArn ${instanceArn}`);
      const op = idc.operation(instanceArn, requestId, 'create');
      if (!op) throw ssoError('ResourceNotFoundException', `Could not find AccountAssignmentCreationStatus with RequestId ${requestId}`);
      return { AccountAssignmentCreationStatus: statusOut(op) };
    },

    DescribeAccountAssignmentDeletionStatus: (input) => {
      const r = read(input);
      const instanceArn = r.requiredString('InstanceArn', { min: 10, max: 1224, pattern: INSTANCE_ARN });
      const requestId = r.requiredString('AccountAssignmentDeletionRequestId', { min: 36, max: 36, pattern: UUID });
      if (!idc.instance(instanceArn)) throw ssoError('ResourceNotFoundException', `Could not find Instance with InstanceArn ${instanceArn}`);
      const op = idc.operation(instanceArn, requestId, 'delete');
      if (!op) throw ssoError('ResourceNotFoundException', `Could not find AccountAssignmentDeletionStatus with RequestId ${requestId}`);
      return { AccountAssignmentDeletionStatus: statusOut(op) };
    },

    ListAccountAssignments: (input) => {
      const r = read(input);
      const instanceArn = r.requiredString('InstanceArn', { min: 10, max: 1224, pattern: INSTANCE_ARN });
      const accountId = r.requiredString('AccountId', { min: 12, max: 12, pattern: TARGET_ID });
      const permissionSetArn = r.requiredString('PermissionSetArn', { min: 10, max: 1224, pattern: PERMISSION_SET_ARN });
      const maxResults = r.integer('MaxResults', { min: 1, max: 100 });
      const nextToken = r.string('NextToken', { max: 2048, pattern: TOKEN });
      if (!idc.instance(instanceArn)) throw ssoError('ResourceNotFoundException', `Could not find Instance with InstanceArn ${instanceArn}`);
      if (!idc.permissionSet(permissionSetArn)) throw ssoError('ResourceNotFoundException', `Could not find PermissionSet with PermissionSetArn ${permissionSetArn}`);
      const all = idc.assignments({ instanceArn, accountId, permissionSetArn });
      const { page, nextToken: next } = paginate(all, {
        listing: `ListAccountAssignments:${accountId}:${permissionSetArn}`,
        ...(nextToken !== undefined ? { nextToken } : {}),
        ...(maxResults !== undefined ? { maxResults } : {}),
        defaultPageSize: DEFAULT_PAGE_SIZE,
        invalidToken: () => ssoError('ValidationException', 'The NextToken is not valid.'),
      });
      return {
        AccountAssignments: page.map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })),
        NextToken: next,
      };
    },
  };

  return {
    name: 'sso',
    endpointPrefix: 'sso',
    signingName: 'sso',
    actionPrefix: 'sso',
    protocol: awsJsonProtocol({ targetPrefix: 'SWBExternalService' }),
    operations,
    accessDenied: (principal, action) => ssoError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action}`),
  };
}
