import { ouReferenceText, type AccountRequest } from './account-request';
import type { BaselineSettings } from './vending-settings';

/** The run action of account vending; runs are dispatched (retry, panel) by it. */
export const VENDING_ACTION = 'aws-account-vending';

export type VendingStageId = 'preflight' | 'queue' | 'create-account' | 'move-account' | 'tag-account' | 'baseline' | 'comment' | 'resolve';

export const VENDING_STAGE_IDS: readonly VendingStageId[] = ['preflight', 'queue', 'create-account', 'move-account', 'tag-account', 'baseline', 'comment', 'resolve'];

/** Ids produced along the way, kept on the run (all strings). */
export type VendingOutput =
  | 'wake'
  | 'request'
  | 'ouId'
  | 'ouPath'
  | 'createIntentAt'
  | 'createRequestId'
  | 'createPolls'
  | 'accountId'
  | 'taggedAtCreation'
  | 'baselineRef'
  | 'baselineLink'
  | 'baselineStartedAt'
  | 'baselinePolls'
  | 'transientFailures'
  | 'queuedCommentPosted';

function baselineTitle(baseline: BaselineSettings | undefined): string {
  if (!baseline || baseline.kind === 'none') return 'Baseline (none configured)';
  if (baseline.kind === 'codebuild') return `Baseline: CodeBuild project ${baseline.projectName}`;
  return `Baseline: ${new URL(baseline.url).host}`;
}

/** The stages of one vending run, in order, titled with what the request asks for once it is known. */
export function vendingStages(request?: AccountRequest, baseline?: BaselineSettings, ouPath?: string): { id: VendingStageId; title: string }[] {
  return [
    { id: 'preflight', title: 'Check the request against AWS' },
    { id: 'queue', title: 'Wait for AWS Organizations (one account at a time)' },
    { id: 'create-account', title: request ? `Create AWS account "${request.accountName}"` : 'Create the AWS account' },
    { id: 'move-account', title: request ? `Move it to ${ouPath ?? ouReferenceText(request.ou)}` : 'Move it to its organizational unit' },
    { id: 'tag-account', title: 'Tag it: environment, cost center, owner, Jira issue' },
    { id: 'baseline', title: baselineTitle(baseline) },
    { id: 'comment', title: 'Tell the requester' },
    { id: 'resolve', title: 'Resolve the request' },
  ];
}

/** How long to wait before looking again at something AWS is still doing: soon at first, then less often (Forge caps delays at 900 s). */
export function pollDelaySeconds(what: 'create-account' | 'baseline' | 'queue', polls: number): number {
  if (what === 'queue') return 300; // the run ahead wakes this one when it is done; this is the fallback
  const schedule = what === 'create-account' ? [90, 60, 60, 120, 180, 300, 600] : [60, 60, 120, 180, 300, 600];
  return Math.min(900, schedule[Math.min(polls, schedule.length - 1)] ?? 900);
}
