import { getAppContext } from '@forge/api';
import Resolver from '@forge/resolver';
import { RunRepository } from '../../adapters/forge/run-repository';
import { JiraClient } from '../../adapters/jira/jira-client';
import { ForbiddenError, InvalidInputError } from '../../domain/errors';
import type { Run } from '../../domain/runs/run';
import { RESOLVER_KEYS, type PanelInfo, type RunView } from '../../shared/resolver-contract';
import { retryRun } from '../../usecases/retry-run';
import { onboardingDeps } from '../composition';
import { vendingRetryTargets } from '../vending-composition';
import { registerSecretChangePanelResolver } from './panel-secret-changes';
import { registerJitPanelResolvers } from './panel-jit';
import { respond } from './respond';

interface IssuePanelContext {
  extension?: { issue?: { key?: unknown; id?: unknown } };
}

/** Agents may retry: Jira's "Transition issues" on this issue, checked as the viewer. */
const RETRY_PERMISSIONS = ['BROWSE_PROJECTS', 'TRANSITION_ISSUES'];

function issueFrom(context: unknown): { key: string } {
  // The issue comes from the platform-built context, never from the UI's payload.
  const key = (context as IssuePanelContext).extension?.issue?.key;
  if (typeof key !== 'string' || key === '') throw new InvalidInputError('This panel is not shown on an issue.');
  return { key };
}

function toView(run: Run): RunView {
  return {
    action: run.action,
    status: run.status,
    steps: run.steps.map((s) => ({ id: s.id, title: s.title, status: s.status, ...(s.detail ? { detail: s.detail } : {}), ...(s.at ? { at: s.at } : {}) })),
    ...(run.approvedBy ? { approvedBy: run.approvedBy } : {}),
    ...(run.approvedAt ? { approvedAt: run.approvedAt } : {}),
    ...(run.failureReason ? { failureReason: run.failureReason } : {}),
    attempts: run.attempts,
    updatedAt: run.updatedAt,
  };
}

const resolver = new Resolver();

resolver.define(RESOLVER_KEYS.panelGetInfo, ({ context }) =>
  respond<PanelInfo>(async () => {
    const viewer = JiraClient.forUser();
    // Reading the issue as the viewer makes Jira enforce their browse permission.
    const issue = await viewer.issueSummary(issueFrom(context).key);
    const stored = await new RunRepository().get(issue.id);
    const canRetry = stored?.run.status === 'failed' && (await viewer.hasPermissions(RETRY_PERMISSIONS, { issueKey: issue.key }));
    return { issueKey: issue.key, appVersion: getAppContext().appVersion, ...(stored ? { run: toView(stored.run) } : {}), canRetry };
  }),
);

resolver.define(RESOLVER_KEYS.panelRetry, ({ context }) =>
  respond<{ queued: true }>(async () => {
    const viewer = JiraClient.forUser();
    const issue = await viewer.issueSummary(issueFrom(context).key);
    if (!(await viewer.hasPermissions(RETRY_PERMISSIONS, { issueKey: issue.key }))) throw new ForbiddenError('Only agents who can transition this request may retry it.');
    await retryRun(issue.id, { ...onboardingDeps(), targets: vendingRetryTargets() });
    return { queued: true };
  }),
);

registerSecretChangePanelResolver(resolver);
registerJitPanelResolvers(resolver);

export const issuePanelResolver = resolver.getDefinitions();
