import { AwsError } from '../../errors';
import { InputReader, type InputProblem } from '../../input';
import { paginate } from '../../pagination';
import { awsJsonProtocol } from '../../protocols/aws-json';
import type { OperationOutput } from '../../protocols/values';
import type { IdcUser, IdentityCenterModel } from '../sso-admin/model';
import type { CallContext, OperationHandler, ServiceDefinition } from '../service';

// Patterns and limits from the Identity Store Smithy model (identitystore-2020-06-15.json).
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ATTRIBUTE_PATH = /^\p{L}+(?:\.\p{L}+){0,2}$/u;
const NEXT_TOKEN = /^[-a-zA-Z0-9+=/:_]*$/;
const DEFAULT_PAGE_SIZE = 100;

const STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

/** Identity Store errors carry `Message` and the `RequestId`; not-found also names the resource. */
function storeError(code: string, message: string, call: CallContext, extra: Record<string, unknown> = {}): AwsError {
  return new AwsError(code, message, { status: STATUS[code] ?? 400, messageMember: 'Message', extra: { RequestId: call.requestId, ...extra } });
}

function userOut(u: IdcUser): OperationOutput {
  return {
    UserName: u.userName,
    UserId: u.userId,
    Name: { Formatted: u.displayName, GivenName: u.givenName, FamilyName: u.familyName },
    DisplayName: u.displayName,
    Emails: [{ Value: u.email, Type: 'work', Primary: true }],
    IdentityStoreId: u.identityStoreId,
  };
}

/** The attributes GetUserId accepts as unique (AWS: `userName` and `emails.value`), case-insensitively as AWS compares them. */
function readUnique(user: IdcUser, path: string): string | undefined {
  const key = path.toLowerCase();
  if (key === 'username') return user.userName;
  if (key === 'emails.value') return user.email;
  return undefined;
}

/**
 * The IAM Identity Center identity store (awsJson1_1, target prefix AWSIdentityStore): finding a
 * user by a unique attribute (GetUserId) and listing users (ListUsers, with the one-filter
 * form on UserName).
 */
export function identityStoreService(idc: IdentityCenterModel): ServiceDefinition {
  const reader = (input: Record<string, unknown>, call: CallContext) =>
    new InputReader(input, (problem: InputProblem) =>
      problem.kind === 'type' ? new AwsError('SerializationException', problem.message, { status: 400 }) : storeError('ValidationException', problem.message, call),
    );
  const requireStore = (id: string, call: CallContext) => {
    if (!idc.hasIdentityStore(id)) throw storeError('ResourceNotFoundException', `Identity store ${id} not found`, call, { ResourceType: 'IDENTITY_STORE' });
  };

  const operations: Record<string, OperationHandler> = {
    GetUserId: (input, call) => {
      const r = reader(input, call);
      const storeId = r.requiredString('IdentityStoreId', { min: 1, max: 36, pattern: IDENTITY_STORE_ID });
      const alternate = input.AlternateIdentifier;
      if (typeof alternate !== 'object' || alternate === null || Array.isArray(alternate)) {
        throw storeError('ValidationException', "1 validation error detected: Value null at 'alternateIdentifier' failed to satisfy constraint: Member must not be null", call);
      }
      const members = Object.keys(alternate).filter((k) => (alternate as Record<string, unknown>)[k] !== undefined && (alternate as Record<string, unknown>)[k] !== null);
      if (members.length !== 1) throw storeError('ValidationException', 'AlternateIdentifier must set exactly one of ExternalId or UniqueAttribute', call);
      requireStore(storeId, call);
      const { UniqueAttribute: unique, ExternalId: external } = alternate as { UniqueAttribute?: unknown; ExternalId?: unknown };
      if (external !== undefined) {
        // The demo store has no users provisioned from an external IdP (SCIM), so no external id matches.
        throw storeError('ResourceNotFoundException', 'USER not found.', call, { ResourceType: 'USER' });
      }
      const u = new InputReader((unique ?? {}) as Record<string, unknown>, (problem) => storeError('ValidationException', problem.message, call), 'alternateIdentifier.uniqueAttribute');
      const path = u.requiredString('AttributePath', { min: 1, max: 255, pattern: ATTRIBUTE_PATH });
      const value = (unique as { AttributeValue?: unknown }).AttributeValue;
      if (typeof value !== 'string' || value === '') throw storeError('ValidationException', `The attribute value for ${path} must be a non-empty string`, call);
      if (!['username', 'emails.value'].includes(path.toLowerCase())) throw storeError('ValidationException', `${path} is not a unique attribute; use userName or emails.value`, call);
      const user = idc.users(storeId).find((candidate) => readUnique(candidate, path)?.toLowerCase() === value.toLowerCase());
      if (!user) throw storeError('ResourceNotFoundException', 'USER not found.', call, { ResourceType: 'USER' });
      return { UserId: user.userId, IdentityStoreId: storeId };
    },

    ListUsers: (input, call) => {
      const r = reader(input, call);
      const storeId = r.requiredString('IdentityStoreId', { min: 1, max: 36, pattern: IDENTITY_STORE_ID });
      const maxResults = r.integer('MaxResults', { min: 1, max: 100 });
      const nextToken = r.string('NextToken', { min: 1, max: 65535, pattern: NEXT_TOKEN });
      const filters = r.structList('Filters', { minItems: 0, maxItems: 1 });
      const filter = filters?.[0];
      const attributePath = filter?.requiredString('AttributePath', { min: 1, max: 255, pattern: ATTRIBUTE_PATH });
      const attributeValue = filter?.requiredString('AttributeValue', { min: 1, max: 1024 });
      requireStore(storeId, call);
      if (attributePath !== undefined && attributePath.toLowerCase() !== 'username') throw storeError('ValidationException', `Filtering on ${attributePath} is not supported; use UserName`, call);
      const users = idc.users(storeId).filter((u) => attributeValue === undefined || u.userName === attributeValue);
      const { page, nextToken: next } = paginate(users, {
        listing: `ListUsers:${storeId}:${attributeValue ?? ''}`,
        ...(nextToken !== undefined ? { nextToken } : {}),
        ...(maxResults !== undefined ? { maxResults } : {}),
        defaultPageSize: DEFAULT_PAGE_SIZE,
        invalidToken: () => storeError('ValidationException', 'The NextToken is not valid.', call),
      });
      return { Users: page.map(userOut), NextToken: next };
    },
  };

  return {
    name: 'identitystore',
    endpointPrefix: 'identitystore',
    signingName: 'identitystore',
    actionPrefix: 'identitystore',
    protocol: awsJsonProtocol({ targetPrefix: 'AWSIdentityStore' }),
    operations,
    accessDenied: (principal, action, _input, call) => storeError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action}`, call),
  };
}
