import { roleSession } from './aws-role-session';
import { codeBuildClient, organizationsClient } from '../adapters/aws/aws-clients';
import { type AwsSession } from '../adapters/aws/aws-session';
import { CodeBuildBaseline, SignedHttpBaseline } from '../adapters/aws/baseline-runners';
import { OrganizationsService } from '../adapters/aws/organizations-service';
import { CreationQueueRepository } from '../adapters/forge/creation-queue-repository';
import { ConfigRepository } from '../adapters/forge/config-repository';
import { KvsOnceGuard } from '../adapters/forge/once-guard';
import { RunRepository } from '../adapters/forge/run-repository';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import { ForgeVendingQueue } from '../adapters/forge/vending-queue';
import { JiraPeopleDirectory } from '../adapters/jira/account-owner-directory';
import { JiraService } from '../adapters/jira/jira-service';
import { JiraSiteAddress } from '../adapters/jira/site-address';
import { SlackFailureNotifier } from '../adapters/slack/slack-notifier';
import { VENDING_ACTION } from '../domain/account-vending/vending-stages';
import type { AwsConnectionSettings } from '../domain/account-vending/vending-settings';
import { InvalidInputError } from '../domain/errors';
import { withOutput } from '../domain/runs/run';
import type { AwsOrganization, BaselineRunner, VendingDeps } from '../usecases/account-vending-ports';
import { orgKeyOf } from '../usecases/execute-account-vending';
import type { OnceGuard } from '../usecases/preflight-account-request';
import type { RetryTarget } from '../usecases/retry-run';

const newToken = () => crypto.randomUUID();

interface AwsContext {
  connection: AwsConnectionSettings;
  session: AwsSession;
  org: OrganizationsService;
}

/** The role's session and clients, built on first use from the saved connection (per invocation, never module state). */
export function awsContext(config: VendingConfigRepository): () => Promise<AwsContext> {
  let context: Promise<AwsContext> | undefined;
  const build = async (): Promise<AwsContext> => {
    const { connection, session } = await roleSession(config);
    return { connection, session, org: new OrganizationsService(organizationsClient(session), session, config.orgInfoCache(connection.roleArn)) };
  };
  return () =>
    (context ??= build().catch((error: unknown) => {
      context = undefined;
      throw error;
    }));
}

function lazyOrganization(aws: () => Promise<AwsContext>): AwsOrganization {
  const org = async () => (await aws()).org;
  return {
    info: async () => (await org()).info(),
    listAccounts: async () => (await org()).listAccounts(),
    resolveOu: async (ref, rootId) => (await org()).resolveOu(ref, rootId),
    createAccount: async (input) => (await org()).createAccount(input),
    describeCreate: async (id) => (await org()).describeCreate(id),
    listCreateRequests: async (states) => (await org()).listCreateRequests(states),
    parentOf: async (id) => (await org()).parentOf(id),
    moveAccount: async (id, from, to) => (await org()).moveAccount(id, from, to),
    tagAccount: async (id, tags) => (await org()).tagAccount(id, tags),
  };
}

/** The baseline runner the settings name, chosen when it is first needed. */
function lazyBaseline(config: VendingConfigRepository, aws: () => Promise<AwsContext>): BaselineRunner {
  const runner = async (): Promise<BaselineRunner> => {
    const settings = await config.vending();
    const { connection, session } = await aws();
    if (settings?.baseline.kind === 'codebuild') return new CodeBuildBaseline(codeBuildClient(session, connection.region), settings.baseline.projectName, connection.region);
    if (settings?.baseline.kind === 'http') return new SignedHttpBaseline(settings.baseline.url, session);
    throw new InvalidInputError('No baseline is configured.');
  };
  return {
    start: async (input) => (await runner()).start(input),
    status: async (ref) => (await runner()).status(ref),
  };
}

/** The composition root of account vending: real adapters wired into the use cases, built per invocation. */
export function vendingDeps(desk: JiraService = new JiraService()): VendingDeps & { once: OnceGuard } {
  const config = new VendingConfigRepository();
  const aws = awsContext(config);
  return {
    config,
    desk,
    people: new JiraPeopleDirectory(),
    runs: new RunRepository(),
    org: lazyOrganization(aws),
    baseline: lazyBaseline(config, aws),
    slots: new CreationQueueRepository(),
    queue: new ForgeVendingQueue(),
    notifier: new SlackFailureNotifier(() => new ConfigRepository().slackWebhookUrl(), new JiraSiteAddress()),
    newToken,
    once: new KvsOnceGuard(),
  };
}

/** How a failed vending run resumes from the panel's Retry: a new wake-up token, on the vending queue. */
export function vendingRetryTargets(): Record<string, RetryTarget> {
  const config = new VendingConfigRepository();
  const queue = new ForgeVendingQueue();
  return {
    [VENDING_ACTION]: {
      provisionStatus: async () => (await config.vending())?.provisionStatus,
      prepare: (run) => withOutput(run, 'wake', newToken(), new Date().toISOString()),
      enqueue: async (run) => queue.wake(run.issueId, run.outputs.wake ?? '', { orgKey: orgKeyOf(await config.connection()) }),
    },
  };
}
