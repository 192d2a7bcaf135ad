import { currentInvocation } from '../../sandbox/platform/invocation-context';
import type { Sandbox } from '../../sandbox/sandbox';

export type TapTarget = 'okta' | 'jira' | 'slack';

/** One call the app made that reached a stand-in (injected fault answers never reach it, so they are not here). */
export interface TappedCall {
  target: TapTarget;
  method: string;
  /** The path as sent (still percent-encoded), without the query. */
  path: string;
  status: number;
  /** The invocation that made it; undefined for calls from outside the app (tests, the web UI). */
  invocationId?: string;
  functionKey?: string;
  moduleType?: string;
}

type Hook = (call: TappedCall) => Promise<void> | void;

/**
 * Watches every call the app makes to the Okta, Jira and Slack stand-ins, in order, with the
 * invocation that made it. It only observes: faults still go through the sandbox's fault rules
 * (POST /__sandbox/faults), and `afterCall` hooks run before the app sees the answer, which is
 * how a test arms a fault for exactly the next call.
 */
export class CallTap {
  readonly calls: TappedCall[] = [];
  private readonly hooks: Hook[] = [];
  private readonly restore: (() => void)[] = [];

  static install(sandbox: Sandbox): CallTap {
    const tap = new CallTap();
    const { okta, jira, slack } = sandbox;
    const oktaHandle = okta.handle;
    okta.handle = (request) => tap.observe('okta', request, () => oktaHandle(request));
    tap.restore.push(() => (okta.handle = oktaHandle));
    const jiraFetchAs = jira.fetchAs;
    jira.fetchAs = (accountId, request) => tap.observe('jira', request, () => jiraFetchAs(accountId, request));
    tap.restore.push(() => (jira.fetchAs = jiraFetchAs));
    const slackHandle = slack.handle;
    slack.handle = (request) => tap.observe('slack', request, () => slackHandle(request));
    tap.restore.push(() => (slack.handle = slackHandle));
    return tap;
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0)) undo();
    this.hooks.length = 0;
  }

  /** Runs after each observed call, before its answer goes back to the app. */
  afterCall(hook: Hook): () => void {
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /** Calls made by invocations of one module type (e.g. the provisioning consumer), in order. */
  madeBy(moduleType: string): TappedCall[] {
    return this.calls.filter((c) => c.moduleType === moduleType);
  }

  clear(): void {
    this.calls.length = 0;
  }

  private async observe(target: TapTarget, request: Request, call: () => Promise<Response>): Promise<Response> {
    const scope = currentInvocation();
    const response = await call();
    const tapped: TappedCall = {
      target,
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      ...(scope ? { invocationId: scope.invocationId, functionKey: scope.functionKey, moduleType: scope.moduleType } : {}),
    };
    this.calls.push(tapped);
    for (const hook of [...this.hooks]) await hook(tapped);
    return response;
  }
}

/** `okta GET /api/v1/users`: how tests name a call in expectations and test titles. */
export const describeCall = (c: Pick<TappedCall, 'target' | 'method' | 'path'>): string => `${c.target} ${c.method} ${c.path}`;
