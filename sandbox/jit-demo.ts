import type { AtlassianAdminStandIn } from './atlassian-admin';
import type { AwsDemoSeed, AwsStandIn } from './aws';
import type { DemoSeed, DemoUserKey } from './jira';
import type { OktaStandIn } from './okta';
import type { ForgePlatform } from './platform';

/**
 * Just-in-time access's part of the demo: the people of the demo site exist in Okta, in IAM
 * Identity Center and in the Atlassian organization's directory; each target has its small
 * permanent admin group; and the app is configured (through its own admin resolvers) with one
 * target of each kind. Seeding is idempotent, so a restored sandbox gets the same seed back.
 */
export interface JitDemoSeed {
  okta: { groupName: string; groupId: string; permanentLogin: string; logins: Partial<Record<DemoUserKey, string>> };
  aws: {
    instanceArn: string;
    identityStoreId: string;
    accountId: string;
    permissionSetArn: string;
    permissionSetName: string;
    /** Identity Center user ids by demo person, plus the break-glass admin. */
    userIds: Partial<Record<DemoUserKey | 'breakglass', string>>;
  };
  atlassian: { orgId: string; apiKey: string; groupId: string; groupName: string; permanentAccountId: string };
  targets: { okta: string; aws: string; atlassian: string };
}

/** What the automation role additionally needs for Identity Center targets. */
export const JIT_AWS_ACTIONS = [
  'sso:CreateAccountAssignment',
  'sso:DeleteAccountAssignment',
  'sso:DescribeAccountAssignmentCreationStatus',
  'sso:DescribeAccountAssignmentDeletionStatus',
  'sso:ListAccountAssignments',
  'identitystore:GetUserId',
  'identitystore:ListUsers',
];

/** What a requester types in "Access target" for each demo target. */
export const JIT_DEMO_TARGET_NAMES = { okta: 'Okta IT-Admins', aws: 'AWS Payments Prod admin', atlassian: 'Atlassian site-admins' } as const;

const OKTA_GROUP = 'IT-Admins';
const OKTA_PERMANENT = 'alice.admin@provisio-demo.example';
const PERMISSION_SET = 'AdministratorAccess';
const ATLASSIAN_GROUP = 'site-admins';

export async function seedJitDemo(deps: { jiraSeed: DemoSeed; okta: OktaStandIn; aws: AwsStandIn; awsSeed: AwsDemoSeed; atlassianAdmin: AtlassianAdminStandIn }): Promise<JitDemoSeed> {
  const people = Object.entries(deps.jiraSeed.users) as [DemoUserKey, DemoSeed['users'][DemoUserKey]][];

  // Okta: every demo person signs in with their work email.
  const store = deps.okta.store;
  const logins: Partial<Record<DemoUserKey, string>> = {};
  for (const [key, person] of people) {
    const [first, ...rest] = person.displayName.split(' ');
    if (!store.findUserByLogin(person.email)) {
      const user = store.insertUser({ profile: { login: person.email, email: person.email, firstName: first ?? key, lastName: rest.join(' ') || key, displayName: person.displayName }, status: 'ACTIVE', hasPassword: true });
      // Signed in, so clearing sessions on revocation has something to clear.
      store.recordLogin(user.id);
    }
    logins[key] = person.email;
  }
  const group = store.findGroupByName(OKTA_GROUP);
  if (!group) throw new Error(`the Okta demo has no group ${OKTA_GROUP}`);

  // IAM Identity Center: an instance in the management account, an admin permission set, the people, a break-glass admin.
  const idc = deps.aws.identityCenter;
  const instance = idc.instances()[0] ?? idc.createInstance({ ownerAccountId: deps.awsSeed.managementAccountId, name: 'Provisio Demo' });
  const set = idc.permissionSets().find((p) => p.name === PERMISSION_SET && p.instanceArn === instance.instanceArn) ?? idc.createPermissionSet(instance.instanceArn, PERMISSION_SET, 'PT1H');
  const userIds: JitDemoSeed['aws']['userIds'] = {};
  for (const [key, person] of people) {
    const [first, ...rest] = person.displayName.split(' ');
    userIds[key] = idc.createUser(instance.identityStoreId, { userName: person.email.split('@')[0] ?? key, email: person.email, givenName: first ?? key, familyName: rest.join(' ') || key }).userId;
  }
  const breakglass = idc.createUser(instance.identityStoreId, { userName: 'breakglass', email: 'aws-breakglass@provisio-demo.example', givenName: 'Break', familyName: 'Glass' });
  userIds.breakglass = breakglass.userId;
  const accountId = deps.awsSeed.accounts.paymentsProd;
  idc.assignNow({ instanceArn: instance.instanceArn, accountId, permissionSetArn: set.arn, principalType: 'USER', principalId: breakglass.userId });
  const role = deps.aws.iam.role(deps.awsSeed.automationRole.arn);
  if (role) deps.aws.iam.setRoleAllowedActions(role.arn, [...new Set([...role.allowedActions, ...JIT_AWS_ACTIONS])]);

  // Atlassian organization: the directory holds the site's people; site-admins has its one permanent admin.
  const org = deps.atlassianAdmin;
  for (const [, person] of people) org.addUser({ accountId: person.accountId, name: person.displayName, email: person.email });
  const siteAdmins = org.createGroup({ name: ATLASSIAN_GROUP });
  org.createGroup({ name: 'org-admins' });
  org.createGroup({ name: 'okta-synced-engineering', managedExternally: true });
  const ada = deps.jiraSeed.users.adaAdmin.accountId;
  if (org.members(siteAdmins.id).length === 0) org.setMember(siteAdmins.id, ada, true);
  const apiKey = org.snapshot().apiKeys[0] ?? org.createApiKey();

  return {
    okta: { groupName: group.name, groupId: group.id, permanentLogin: OKTA_PERMANENT, logins },
    aws: { instanceArn: instance.instanceArn, identityStoreId: instance.identityStoreId, accountId, permissionSetArn: set.arn, permissionSetName: set.name, userIds },
    atlassian: { orgId: org.orgId, apiKey, groupId: siteAdmins.id, groupName: siteAdmins.name, permanentAccountId: ada },
    targets: { okta: 'okta-it-admins', aws: 'aws-payments-prod-admin', atlassian: 'atlassian-site-admins' },
  };
}

type Call = <T>(functionKey: string, payload?: unknown) => Promise<T>;

/**
 * Configures just-in-time access the way a Jira admin would, through the app's own admin
 * resolvers: the request type, its fields, and one target of each kind with its policy.
 */
export async function configureJitForDemo(deps: { platform: ForgePlatform; jiraSeed: DemoSeed; jitSeed: JitDemoSeed }, call: Call): Promise<void> {
  const { jiraSeed, jitSeed } = deps;
  const requestTypeId = jiraSeed.requestTypeIds['Temporary elevated access'];
  const config = await call<{ suggestions: Record<string, Record<string, string>> }>('admin/jit-get');
  const approvers = [jiraSeed.users.annApprover.accountId, jiraSeed.users.bobApprover.accountId, jiraSeed.users.adaAdmin.accountId];
  const result = await call<{ saved: boolean; fieldErrors?: Record<string, string> }>('admin/jit-save', {
    atlassianApiKey: jitSeed.atlassian.apiKey,
    settings: {
      requestTypeId,
      fields: config.suggestions[requestTypeId] ?? {},
      provisionStatus: 'In Progress',
      endStatuses: ['Done', 'Canceled'],
      driftCheckMinutes: 60,
      targets: [
        {
          id: jitSeed.targets.okta,
          name: JIT_DEMO_TARGET_NAMES.okta,
          ref: { kind: 'okta-group', groupId: jitSeed.okta.groupId, groupName: jitSeed.okta.groupName, clearSessions: true },
          policy: { maxDurationMinutes: 240, approvalRequired: true, approvers, maxTotalMinutes: 480, permanentMembers: [jitSeed.okta.permanentLogin], drift: 'remove' },
        },
        {
          id: jitSeed.targets.aws,
          name: JIT_DEMO_TARGET_NAMES.aws,
          ref: {
            kind: 'aws-permission-set',
            instanceArn: jitSeed.aws.instanceArn,
            identityStoreId: jitSeed.aws.identityStoreId,
            accountId: jitSeed.aws.accountId,
            permissionSetArn: jitSeed.aws.permissionSetArn,
            permissionSetName: jitSeed.aws.permissionSetName,
          },
          policy: { maxDurationMinutes: 120, approvalRequired: true, approvers, maxTotalMinutes: 240, permanentMembers: ['breakglass'], drift: 'report' },
        },
        {
          id: jitSeed.targets.atlassian,
          name: JIT_DEMO_TARGET_NAMES.atlassian,
          ref: { kind: 'atlassian-group', orgId: jitSeed.atlassian.orgId, groupId: jitSeed.atlassian.groupId, groupName: jitSeed.atlassian.groupName },
          policy: { maxDurationMinutes: 60, approvalRequired: true, approvers, maxTotalMinutes: 120, permanentMembers: [jitSeed.atlassian.permanentAccountId], drift: 'report' },
        },
      ],
    },
  });
  if (!result.saved) throw new Error(`demo configuration of just-in-time access was refused: ${JSON.stringify(result.fieldErrors)}`);
}
