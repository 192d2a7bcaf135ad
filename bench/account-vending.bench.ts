import { VendingConfigRepository } from '../src/adapters/forge/vending-config-repository';
import { SandboxClient } from '../test/helpers/sandbox-client';
import { VendingDriver } from '../test/helpers/vending-driver';

/**
 * Account vending, measured end to end in the sandbox: the AWS and Jira calls the app makes per
 * account (against the least the flow needs), and the app's CPU time per request, for the app as
 * built and, in the same run, a naive variant that keeps no role session and no organization ids
 * between invocations (every invocation assumes the role and looks the organization up again).
 * Not a timed test: numbers are printed, not asserted.
 */
const MEASURED = 5;
const WARM_UP = 1;

interface AccountSample {
  aws: Record<string, number>;
  jira: number;
  jiraByFunction: Record<string, number>;
  kvs: number;
  invocations: number;
  appCpuMs: number;
}

type Variant = 'provisio' | 'naive';

/** The least each call is needed per account, and why (OU "Workloads/NonProd", CodeBuild baseline, an organization of < 20 accounts). */
const MINIMUM_AWS: [string, number, string][] = [
  ['sts:AssumeRole', 0, 'a session lasts an hour: one per installation-hour, not per account'],
  ['organizations:DescribeOrganization', 0, 'organization and root ids never change: cached once'],
  ['organizations:ListRoots', 0, 'same'],
  ['organizations:ListAccounts', 2, 'email and name must be unused: checked on creation and again on approval (1 page per 20 accounts)'],
  ['organizations:ListOrganizationalUnitsForParent', 4, 'the OU path Workloads/NonProd is 2 levels, resolved on creation and on approval'],
  ['organizations:CreateAccount', 1, 'the account itself'],
  ['organizations:DescribeCreateAccountStatus', 1, 'at least one look after AWS finishes, to learn the account id'],
  ['organizations:MoveAccount', 1, 'new accounts land in the root'],
  ['organizations:TagResource', 0, 'tags go with CreateAccount'],
  ['codebuild:StartBuild', 1, 'the baseline'],
  ['codebuild:BatchGetBuilds', 1, 'at least one look after the build ends'],
];
const MINIMUM_JIRA: [string, number, string][] = [
  ['on-issue-created', 3, 'read the request, look up the owner, post the pre-flight comment'],
  ['on-issue-updated', 2, 'read the request (its type), read the approval (the status alone is no proof)'],
  ['on-vending-event', 3, 'look up the owner again on approval, post the final comment, move to Done (one transition POST when its id is known)'],
];

async function vendAccounts(variant: Variant): Promise<AccountSample[]> {
  const restore = variant === 'naive' ? withoutCaches() : () => undefined;
  const client = await SandboxClient.start();
  try {
    const driver = await VendingDriver.create(client);
    const { sandbox } = client;
    sandbox.aws.organizations.setAccountLimit(100);
    const cpu = instrumentCpu(sandbox);
    const samples: AccountSample[] = [];
    for (let i = 0; i < WARM_UP + MEASURED; i += 1) {
      const logStart = sandbox.platform.log.list().length;
      const awsStart = sandbox.aws.requestLog().length;
      const request = await driver.raise(driver.values(`Bench ${variant} ${i}`));
      await client.settle();
      await driver.approve(request.issueKey);
      await client.settle();
      for (let hops = 0; hops < 20 && (await driver.status(request.issueKey)) !== 'Done'; hops += 1) await client.advance(300);
      if ((await driver.status(request.issueKey)) !== 'Done') throw new Error(`${request.issueKey} did not finish`);
      if (i < WARM_UP) continue;
      const invocations = sandbox.platform.log.list().slice(logStart);
      const aws: Record<string, number> = {};
      for (const e of sandbox.aws.requestLog().slice(awsStart)) aws[`${e.service}:${e.action}`] = (aws[`${e.service}:${e.action}`] ?? 0) + 1;
      const jiraByFunction: Record<string, number> = {};
      for (const inv of invocations) jiraByFunction[inv.functionKey] = (jiraByFunction[inv.functionKey] ?? 0) + (inv.calls.jira ?? 0);
      samples.push({
        aws,
        jira: invocations.reduce((n, inv) => n + (inv.calls.jira ?? 0), 0),
        jiraByFunction,
        kvs: invocations.reduce((n, inv) => n + (inv.calls.kvs ?? 0), 0),
        invocations: invocations.length,
        appCpuMs: invocations.reduce((n, inv) => n + (cpu.get(inv.invocationId) ?? 0), 0) / 1000,
      });
    }
    return samples;
  } finally {
    await client.close();
    restore();
  }
}

/** The naive variant: no role session and no organization ids kept between invocations. */
function withoutCaches(): () => void {
  const proto = VendingConfigRepository.prototype;
  const original = { sessionCache: proto.sessionCache, orgInfoCache: proto.orgInfoCache };
  proto.sessionCache = () => ({ get: async () => undefined, set: async () => undefined, clear: async () => undefined });
  proto.orgInfoCache = () => ({ get: async () => undefined, set: async () => undefined });
  return () => Object.assign(proto, original);
}

/**
 * App CPU per invocation: process CPU while the invocation runs, minus the CPU spent inside the
 * stand-ins it called (AWS with its SigV4 verification, Jira, KVS, the queue), which all run
 * in-process. Requests are vended one at a time, so invocations rarely overlap.
 */
function instrumentCpu(sandbox: SandboxClient['sandbox']): Map<string, number> {
  let standIns = 0;
  const spent = (start: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(start);
    return d.user + d.system;
  };
  const asyncTimed = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const start = process.cpuUsage();
    try {
      return await fn(...args);
    } finally {
      standIns += spent(start);
    }
  };
  const syncTimed = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    const start = process.cpuUsage();
    try {
      return fn(...args);
    } finally {
      standIns += spent(start);
    }
  };
  sandbox.aws.handle = asyncTimed(sandbox.aws.handle.bind(sandbox.aws));
  sandbox.jira.fetchAs = asyncTimed(sandbox.jira.fetchAs.bind(sandbox.jira));
  const kvs = sandbox.platform.kvs;
  kvs.handle = syncTimed(kvs.handle.bind(kvs));
  const queues = sandbox.platform.queues;
  queues.publish = syncTimed(queues.publish.bind(queues));
  const byInvocation = new Map<string, number>();
  const runner = sandbox.platform.runner;
  const run = runner.run.bind(runner);
  runner.run = async (request) => {
    const before = standIns;
    const start = process.cpuUsage();
    const outcome = await run(request);
    byInvocation.set(outcome.record.invocationId, Math.max(0, spent(start) - (standIns - before)));
    return outcome;
  };
  return byInvocation;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);

export async function run(): Promise<string> {
  const provisio = await vendAccounts('provisio');
  const naive = await vendAccounts('naive');
  const actions = [...new Set([...MINIMUM_AWS.map(([a]) => a), ...[...provisio, ...naive].flatMap((s) => Object.keys(s.aws))])];
  const perAccount = (samples: AccountSample[], action: string) => mean(samples.map((s) => s.aws[action] ?? 0));
  const total = (samples: AccountSample[]) => mean(samples.map((s) => Object.values(s.aws).reduce((a, b) => a + b, 0)));
  const minAws = MINIMUM_AWS.reduce((n, [, m]) => n + m, 0);
  const minJira = MINIMUM_JIRA.reduce((n, [, m]) => n + m, 0);
  const lines: string[] = [
    `Account vending, ${MEASURED} accounts per variant (after ${WARM_UP} warm-up), one at a time: OU Workloads/NonProd, CodeBuild baseline.`,
    `"provisio" = the app as built; "naive" = no role session or organization ids kept between invocations.`,
    '',
    `AWS calls per account          provisio     naive   minimum   why the minimum`,
    ...actions.map((action) => {
      const min = MINIMUM_AWS.find(([a]) => a === action);
      return `  ${action.padEnd(46).slice(0, 46)}${fmt(perAccount(provisio, action))}${fmt(perAccount(naive, action))}${min ? fmt(min[1], 0) : '       -'}   ${min?.[2] ?? ''}`;
    }),
    `  ${'total'.padEnd(46)}${fmt(total(provisio))}${fmt(total(naive))}${fmt(minAws, 0)}`,
    '',
    `Jira calls per account (app)   provisio     naive   minimum   why the minimum`,
    ...MINIMUM_JIRA.map(([fn, min, why]) => `  ${fn.padEnd(46)}${fmt(mean(provisio.map((s) => s.jiraByFunction[fn] ?? 0)))}${fmt(mean(naive.map((s) => s.jiraByFunction[fn] ?? 0)))}${fmt(min, 0)}   ${why}`),
    `  ${'total'.padEnd(46)}${fmt(mean(provisio.map((s) => s.jira)))}${fmt(mean(naive.map((s) => s.jira)))}${fmt(minJira, 0)}`,
    '',
    `Per request                    provisio     naive`,
    `  ${'invocations'.padEnd(46)}${fmt(mean(provisio.map((s) => s.invocations)))}${fmt(mean(naive.map((s) => s.invocations)))}`,
    `  ${'KVS operations'.padEnd(46)}${fmt(mean(provisio.map((s) => s.kvs)))}${fmt(mean(naive.map((s) => s.kvs)))}`,
    `  ${'app CPU ms (mean)'.padEnd(46)}${fmt(mean(provisio.map((s) => s.appCpuMs)))}${fmt(mean(naive.map((s) => s.appCpuMs)))}`,
    `  ${'app CPU ms (median)'.padEnd(46)}${fmt(median(provisio.map((s) => s.appCpuMs)))}${fmt(median(naive.map((s) => s.appCpuMs)))}`,
    '',
    'App CPU = process CPU during each invocation minus CPU inside the in-process stand-ins (AWS incl. SigV4 verification, Jira, KVS, queue).',
    'Jira and invocation totals include the other flows sharing the issue triggers (onboarding and JIT access share the one read of the request).',
  ];
  return lines.join('\n');
}
