import { SignedFollowUpEndpoint } from '../adapters/aws/follow-up-endpoint';
import { ConfigRepository } from '../adapters/forge/config-repository';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import { ForgeRunQueue } from '../adapters/forge/run-queue';
import { RunRepository } from '../adapters/forge/run-repository';
import { JiraService } from '../adapters/jira/jira-service';
import { JiraSiteAddress } from '../adapters/jira/site-address';
import { OktaClient } from '../adapters/okta/okta-client';
import { OktaService } from '../adapters/okta/okta-service';
import { SlackFailureNotifier } from '../adapters/slack/slack-notifier';
import { InvalidInputError } from '../domain/errors';
import type { OnboardingDeps } from '../usecases/execute-onboarding-run';
import type { IdentityDirectory } from '../usecases/ports';
import { awsContext } from './vending-composition';

/** The composition root: real adapters wired into use-case dependencies, built per invocation (no module state). */
export function onboardingDeps(desk: JiraService = new JiraService()): OnboardingDeps & { queue: ForgeRunQueue } {
  const config = new ConfigRepository();
  return {
    config,
    desk,
    runs: new RunRepository(),
    okta: lazyOkta(config),
    notifier: new SlackFailureNotifier(() => config.slackWebhookUrl(), new JiraSiteAddress()),
    // Follow-up provisioning signs with the same AWS role as account vending, built only when a step needs it.
    followUp: new SignedFollowUpEndpoint(async () => (await awsContext(new VendingConfigRepository())()).session),
    queue: new ForgeRunQueue(),
  };
}

export async function oktaClient(config: ConfigRepository): Promise<OktaClient> {
  const connection = await config.okta();
  if (!connection) throw new InvalidInputError('Okta is not connected: an admin must set up the Okta connection in Provisio’s settings.');
  return new OktaClient({
    connection,
    privateKeyPem: async () => {
      const pem = await config.oktaPrivateKey();
      if (!pem) throw new InvalidInputError('The Okta private key is missing: an admin must save it in Provisio’s settings.');
      return pem;
    },
    tokenCache: config.oktaTokenCache(),
  });
}

/** Okta is only contacted (and its settings only read) when a step needs it. */
function lazyOkta(config: ConfigRepository): IdentityDirectory {
  let service: Promise<OktaService> | undefined;
  const okta = () => (service ??= oktaClient(config).then((client) => new OktaService(client)));
  return {
    findUserByLogin: async (login) => (await okta()).findUserByLogin(login),
    createUser: async (user) => (await okta()).createUser(user),
    findGroupByName: async (name) => (await okta()).findGroupByName(name),
    addToGroup: async (userId, groupId, groupName) => (await okta()).addToGroup(userId, groupId, groupName),
  };
}
