import { roleSession } from './aws-role-session';
import { type AwsSession } from '../adapters/aws/aws-session';
import { ConfigRepository } from '../adapters/forge/config-repository';
import { DriftRepository, GrantRepository, PairLeaseRepository } from '../adapters/forge/grant-repository';
import { JitConfigRepository } from '../adapters/forge/jit-config-repository';
import { ForgeGrantWakeups } from '../adapters/forge/jit-queue';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import { AtlassianGroupDirectory } from '../adapters/atlassian-admin/atlassian-group-directory';
import { IdentityCenterDirectory, identityCenterClients } from '../adapters/identity-center/identity-center-directory';
import { JiraGrantDesk } from '../adapters/jira/grant-desk';
import type { JiraService } from '../adapters/jira/jira-service';
import { OktaGroupDirectory } from '../adapters/okta/okta-group-directory';
import type { OktaClient } from '../adapters/okta/okta-client';
import { postToSlack } from '../adapters/slack/jit-drift-alerts';
import { InvalidInputError } from '../domain/errors';
import type { JitTarget } from '../domain/jit/jit-settings';
import type { DriftStore, GrantDeps, JitNotifier, MembershipDirectory, TargetDirectories } from '../usecases/grant-ports';
import { oktaClient } from './composition';

/** The composition root of just-in-time access: real adapters, built per invocation (no module state). */
export function grantDeps(jira?: JiraService): GrantDeps & { drift: DriftStore; notifier: JitNotifier; jitConfig: JitConfigRepository } {
  const jitConfig = new JitConfigRepository();
  const config = new ConfigRepository();
  return {
    config: jitConfig,
    jitConfig,
    grants: new GrantRepository(),
    pairs: new PairLeaseRepository(),
    targets: targetDirectories(jitConfig, config),
    desk: new JiraGrantDesk(undefined, jira),
    wakeups: new ForgeGrantWakeups(),
    drift: new DriftRepository(),
    notifier: { drift: (text) => postToSlack(() => config.slackWebhookUrl(), text) },
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  };
}

/** One directory per target kind; connections (Okta token, AWS session, org API key) are read only when a target needs them. */
export function targetDirectories(jitConfig: JitConfigRepository, config: ConfigRepository): TargetDirectories {
  let okta: Promise<OktaClient> | undefined;
  let aws: Promise<AwsSession> | undefined;
  const directories = new Map<string, MembershipDirectory>();
  const build = (target: JitTarget): MembershipDirectory => {
    const ref = target.ref;
    if (ref.kind === 'okta-group') {
      return lazyDirectory(`Okta group ${ref.groupName} (${ref.groupId})`, async () => new OktaGroupDirectory(await (okta ??= oktaClient(config)), ref, target.policy.permanentMembers));
    }
    if (ref.kind === 'aws-permission-set') {
      return lazyDirectory(`AWS permission set ${ref.permissionSetName} on account ${ref.accountId}`, async () => {
        const session = await (aws ??= awsSession());
        const region = (await new VendingConfigRepository().connection())?.region ?? 'us-east-1';
        return new IdentityCenterDirectory(identityCenterClients(session, region), session, ref, target.policy.permanentMembers);
      });
    }
    return new AtlassianGroupDirectory(
      async () => {
        const key = await jitConfig.atlassianApiKey();
        if (!key) throw new InvalidInputError('The Atlassian organization API key is missing: an org admin must save it in Provisio’s settings.');
        return key;
      },
      ref,
      target.policy.permanentMembers,
    );
  };
  return {
    for: (target) => {
      let directory = directories.get(target.id);
      if (!directory) {
        directory = build(target);
        directories.set(target.id, directory);
      }
      return directory;
    },
  };
}

/** Reuses the AWS connection of the admin page (role, external id, the IAM user's keys, the cached session). */
async function awsSession(): Promise<AwsSession> {
  return (await roleSession()).session;
}

function lazyDirectory(description: string, create: () => Promise<MembershipDirectory>): MembershipDirectory {
  let directory: Promise<MembershipDirectory> | undefined;
  const get = () =>
    (directory ??= create().catch((error: unknown) => {
      directory = undefined;
      throw error;
    }));
  return {
    description,
    principalFor: async (person) => (await get()).principalFor(person),
    members: async () => (await get()).members(),
    isMember: async (id) => (await get()).isMember(id),
    isPermanent: async (principal) => (await get()).isPermanent(principal),
    add: async (principal) => (await get()).add(principal),
    remove: async (principal) => (await get()).remove(principal),
    poll: async (op) => (await get()).poll(op),
    afterRemoval: async (principal) => (await get()).afterRemoval(principal),
  };
}
