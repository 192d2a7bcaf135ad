import { InputReader } from '../../input';
import { paginate } from '../../pagination';
import { awsJsonProtocol } from '../../protocols/aws-json';
import { timestamp, type OperationOutput } from '../../protocols/values';
import type { IamPrincipal } from '../iam/model';
import type { OperationHandler, ServiceDefinition } from '../service';
import { invalidInput, invalidNextToken, orgError } from './errors';
import type { CreateAccountStatusRecord, OrgAccount, OrgUnit, OrganizationsModel, Tag } from './model';

// Patterns and limits from the Organizations Smithy model (organizations-2016-11-28.json).
const ACCOUNT_ID = /^\d{12}$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const CHILD_ID = /^(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const TAGGABLE_ID = /^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(^p-[0-9a-zA-Z_]{8,128})|(^rp-[0-9a-zA-Z_]{4,128})$/;
const CREATE_ACCOUNT_REQUEST_ID = /^car-[a-z0-9]{8,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_NAME = /^[\u0020-\u007E]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TAG_TEXT = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const PAGE = { min: 1, max: 20 };
const DEFAULT_PAGE_SIZE = 20;
const STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const;

const read = (input: Record<string, unknown>) => new InputReader(input, invalidInput);

function readTags(reader: InputReader, member: string, required: boolean): Tag[] {
  const tags = reader.structList(member)?.map((t) => ({
    Key: t.requiredString('Key', { min: 1, max: 128, pattern: TAG_TEXT }),
    Value: t.requiredString('Value', { min: 0, max: 256, pattern: TAG_TEXT }),
  }));
  if (required && tags === undefined) reader.requiredString(member); // raises the INPUT_REQUIRED error
  return tags ?? [];
}

function accountOut(a: OrgAccount): OperationOutput {
  return { Id: a.id, Arn: a.arn, Email: a.email, Name: a.name, Status: a.status, JoinedMethod: a.joinedMethod, JoinedTimestamp: timestamp(a.joinedAtMs) };
}

function unitOut(u: OrgUnit): OperationOutput {
  return { Id: u.id, Arn: u.arn, Name: u.name };
}

function statusOut(r: CreateAccountStatusRecord): OperationOutput {
  return {
    Id: r.id,
    AccountName: r.accountName,
    State: r.state,
    RequestedTimestamp: timestamp(r.requestedAtMs),
    CompletedTimestamp: r.completedAtMs === undefined ? undefined : timestamp(r.completedAtMs),
    AccountId: r.accountId,
    FailureReason: r.failureReason,
  };
}

/** AWS Organizations (awsJson1_1, target prefix AWSOrganizationsV20161128), a global service signed for us-east-1. */
export function organizationsService(org: OrganizationsModel): ServiceDefinition {
  const page = <T>(items: readonly T[], listing: string, input: Record<string, unknown>) => {
    const r = read(input);
    return paginate(items, {
      listing,
      nextToken: r.string('NextToken', { max: 100000 }),
      maxResults: r.integer('MaxResults', PAGE),
      defaultPageSize: DEFAULT_PAGE_SIZE,
      invalidToken: invalidNextToken,
    });
  };
  const requireParent = (id: string) => {
    if (!org.parentExists(id)) throw orgError('ParentNotFoundException', "You specified a parent that doesn't exist.");
  };

  const operations: Record<string, OperationHandler> = {
    CreateAccount: (input, call) => {
      const r = read(input);
      const email = r.requiredString('Email', { min: 6, max: 64, pattern: EMAIL });
      const accountName = r.requiredString('AccountName', { min: 1, max: 50, pattern: ACCOUNT_NAME });
      const roleName = r.string('RoleName', { max: 64, pattern: ROLE_NAME });
      r.string('IamUserAccessToBilling', { enum: ['ALLOW', 'DENY'] });
      const tags = readTags(r, 'Tags', false);
      const record = org.requestAccountCreation({ email, accountName, roleName, tags, requestedBy: call.principal.arn });
      return { CreateAccountStatus: statusOut(record) };
    },

    DescribeCreateAccountStatus: (input) => {
      const id = read(input).requiredString('CreateAccountRequestId', { max: 36, pattern: CREATE_ACCOUNT_REQUEST_ID });
      org.requireOrganization();
      const record = org.createAccountStatus(id);
      if (!record) throw orgError('CreateAccountStatusNotFoundException', "We can't find a create account request with the CreateAccountRequestId that you specified.");
      return { CreateAccountStatus: statusOut(record) };
    },

    ListCreateAccountStatus: (input) => {
      const states = read(input).stringList('States', { enum: STATES });
      org.requireOrganization();
      const records = org.createAccountStatuses().filter((r) => !states || states.includes(r.state));
      const { page: items, nextToken } = page(records, `ListCreateAccountStatus:${(states ?? []).join(',')}`, input);
      return { CreateAccountStatuses: items.map(statusOut), NextToken: nextToken };
    },

    ListAccounts: (input) => {
      org.requireOrganization();
      const { page: items, nextToken } = page(org.accounts(), 'ListAccounts', input);
      return { Accounts: items.map(accountOut), NextToken: nextToken };
    },

    DescribeAccount: (input) => {
      const id = read(input).requiredString('AccountId', { max: 12, pattern: ACCOUNT_ID });
      org.requireOrganization();
      const account = org.account(id);
      if (!account) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.");
      return { Account: accountOut(account) };
    },

    DescribeOrganization: () => {
      const { organization } = org.requireOrganization();
      return {
        Organization: {
          Id: organization.id,
          Arn: organization.arn,
          FeatureSet: organization.featureSet,
          MasterAccountArn: organization.managementAccountArn,
          MasterAccountId: organization.managementAccountId,
          MasterAccountEmail: organization.managementAccountEmail,
          AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      };
    },

    ListRoots: (input) => {
      const { root } = org.requireOrganization();
      const { page: items, nextToken } = page([root], 'ListRoots', input);
      return { Roots: items.map((r) => ({ Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: [] })), NextToken: nextToken };
    },

    ListParents: (input) => {
      const childId = read(input).requiredString('ChildId', { max: 100, pattern: CHILD_ID });
      org.requireOrganization();
      const parent = org.parentOf(childId);
      if (!parent) throw orgError('ChildNotFoundException', "You specified an account or OU that doesn't exist.");
      const { page: items, nextToken } = page([parent], `ListParents:${childId}`, input);
      return { Parents: items.map((p) => ({ Id: p.id, Type: p.type })), NextToken: nextToken };
    },

    ListOrganizationalUnitsForParent: (input) => {
      const parentId = read(input).requiredString('ParentId', { max: 100, pattern: PARENT_ID });
      org.requireOrganization();
      requireParent(parentId);
      const { page: items, nextToken } = page(org.unitsIn(parentId), `ListOrganizationalUnitsForParent:${parentId}`, input);
      return { OrganizationalUnits: items.map(unitOut), NextToken: nextToken };
    },

    DescribeOrganizationalUnit: (input) => {
      const id = read(input).requiredString('OrganizationalUnitId', { max: 68, pattern: OU_ID });
      org.requireOrganization();
      const unit = org.organizationalUnit(id);
      if (!unit) throw orgError('OrganizationalUnitNotFoundException', "You specified an OU that doesn't exist.");
      return { OrganizationalUnit: unitOut(unit) };
    },

    ListAccountsForParent: (input) => {
      const parentId = read(input).requiredString('ParentId', { max: 100, pattern: PARENT_ID });
      org.requireOrganization();
      requireParent(parentId);
      const { page: items, nextToken } = page(org.accountsIn(parentId), `ListAccountsForParent:${parentId}`, input);
      return { Accounts: items.map(accountOut), NextToken: nextToken };
    },

    MoveAccount: (input) => {
      const r = read(input);
      const accountId = r.requiredString('AccountId', { max: 12, pattern: ACCOUNT_ID });
      const source = r.requiredString('SourceParentId', { max: 100, pattern: PARENT_ID });
      const destination = r.requiredString('DestinationParentId', { max: 100, pattern: PARENT_ID });
      org.moveAccount(accountId, source, destination);
      return {};
    },

    TagResource: (input) => {
      const r = read(input);
      const resourceId = r.requiredString('ResourceId', { max: 130, pattern: TAGGABLE_ID });
      org.tagResource(resourceId, readTags(r, 'Tags', true));
      return {};
    },

    ListTagsForResource: (input) => {
      const resourceId = read(input).requiredString('ResourceId', { max: 130, pattern: TAGGABLE_ID });
      org.requireTarget(resourceId);
      const { page: items, nextToken } = page(org.tagsOf(resourceId), `ListTagsForResource:${resourceId}`, input);
      return { Tags: items.map((t) => ({ Key: t.Key, Value: t.Value })), NextToken: nextToken };
    },

    UntagResource: (input) => {
      const r = read(input);
      const resourceId = r.requiredString('ResourceId', { max: 130, pattern: TAGGABLE_ID });
      const keys = r.stringList('TagKeys', { min: 1, max: 128, pattern: TAG_TEXT });
      if (keys === undefined) r.requiredString('TagKeys');
      org.untagResource(resourceId, keys ?? []);
      return {};
    },
  };

  return {
    name: 'organizations',
    endpointPrefix: 'organizations',
    signingName: 'organizations',
    actionPrefix: 'organizations',
    signingRegion: 'us-east-1',
    protocol: awsJsonProtocol({ targetPrefix: 'AWSOrganizationsV20161128' }),
    operations,
    // Tags on CreateAccount are applied with TagResource, which the caller must also be allowed.
    extraActions: (operation, input) =>
      operation === 'CreateAccount' && Array.isArray(input.Tags) && input.Tags.length > 0 ? ['organizations:TagResource'] : [],
    authorize: (principal: IamPrincipal) => {
      const { organization } = org.requireOrganization();
      // Without delegated administrators, only the management account may call Organizations.
      if (principal.accountId !== organization.managementAccountId) {
        throw orgError('AccessDeniedException', "You don't have permissions to access this resource.");
      }
    },
    accessDenied: (principal, action) => orgError('AccessDeniedException', `You don't have permissions to access this resource. ${principal.arn} is not authorized to perform: ${action}`),
    admit: () => {
      if (!org.rateLimiter.tryAcquire()) {
        throw orgError('TooManyRequestsException', 'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.', {
          Type: 'TooManyRequestsException',
        });
      }
    },
  };
}
