import { AsyncEventQueues, type QueueSnapshot } from './async-events';
import { installConsoleCapture } from './console-capture';
import { EgressRouter, type StandInRoute } from './egress';
import { Faults } from './faults';
import { createForgeFetchRouter, type ProductApi } from './forge-fetch-router';
import { installForgeGlobals } from './forge-globals';
import { FunctionRunner, recordOf } from './function-runner';
import { sandboxInstallation, type Installation } from './installation';
import { InvocationCrashedError, type InvocationScope } from './invocation-context';
import { InvocationLog } from './invocation-log';
import { KvsService, type KvsSnapshot } from './kvs';
import { loadManifest, type AppManifest } from './manifest';
import { ProductEventDispatcher, type ProductEvent } from './product-events';
import { ScheduledTriggers } from './scheduled-triggers';
import { Timeline } from './timeline';
import type { VirtualClock } from './clock';
import { WebTriggers } from './web-triggers';

export interface PlatformOptions {
  projectRoot: string;
  clock: VirtualClock;
  appVersion: string;
  /** The sandbox's HTTP origin; known only once the server listens. */
  origin: () => string;
  /** Echo app logs to the console (npm start) or keep them on the invocation records only (tests). */
  echoAppLogs?: boolean;
}

export interface PlatformSnapshot {
  kvs: KvsSnapshot;
  queues: QueueSnapshot;
}

export class ResolverInvocationError extends Error {
  override readonly name = 'ResolverInvocationError';
}

/**
 * The local Forge platform: reads manifest.yml and runs the app's real handlers under the real
 * @forge/* packages, with Forge's storage, async events, triggers, web triggers, egress rules and
 * time limits, all on the sandbox's virtual clock.
 */
export class ForgePlatform {
  readonly manifest: AppManifest;
  readonly installation: Installation;
  readonly clock: VirtualClock;
  readonly timeline: Timeline;
  readonly log = new InvocationLog();
  readonly faults = new Faults();
  readonly kvs: KvsService;
  readonly runner: FunctionRunner;
  readonly queues: AsyncEventQueues;
  readonly scheduled: ScheduledTriggers;
  readonly webTriggers: WebTriggers;
  readonly egress: EgressRouter;
  private readonly productEvents: ProductEventDispatcher;
  private product: ProductApi | undefined;
  echoAppLogs: boolean;

  constructor(options: PlatformOptions) {
    this.manifest = loadManifest(options.projectRoot);
    this.installation = sandboxInstallation(this.manifest.appId, options.appVersion);
    this.clock = options.clock;
    this.echoAppLogs = options.echoAppLogs ?? false;
    const now = () => this.clock.now();
    this.timeline = new Timeline(this.clock);
    this.kvs = new KvsService({ clock: this.clock, entities: this.manifest.entities });
    this.runner = new FunctionRunner(options.projectRoot, this.manifest, this.installation, this.log, now);
    this.queues = new AsyncEventQueues(this.manifest.consumers, this.timeline, this.runner, this.faults, now);
    this.scheduled = new ScheduledTriggers(this.manifest.scheduledTriggers, this.timeline, this.runner, this.installation, now);
    this.webTriggers = new WebTriggers(this.manifest.webTriggers, this.installation, this.runner, options.origin);
    this.egress = new EgressRouter(this.manifest.egressBackend, this.faults);
    this.productEvents = new ProductEventDispatcher(this.manifest.triggers, this.installation.appAccountId, this.timeline, this.runner, this.faults, now);

    const count = (scope: InvocationScope | undefined, target: string) => {
      const record = scope ? recordOf.get(scope) : undefined;
      if (record) record.calls[target] = (record.calls[target] ?? 0) + 1;
    };
    installForgeGlobals({
      forgeFetch: createForgeFetchRouter({
        siteUrl: options.origin,
        appAccountId: this.installation.appAccountId,
        kvs: this.kvs,
        queues: this.queues,
        webTriggers: this.webTriggers,
        product: () => this.product,
        count,
      }),
      externalFetch: (input, init, scope) => {
        if (scope.crashed) return Promise.reject(new InvocationCrashedError('the invocation has crashed'));
        const url = input instanceof Request ? input.url : String(input);
        count(scope, this.egress.targetOf(url) ?? new URL(url).host);
        return this.egress.fetch(input, init);
      },
    });
    installConsoleCapture(() => this.echoAppLogs);
  }

  /** Connects the product (Jira) that asApp()/asUser() requests reach. */
  connectProduct(product: ProductApi): void {
    this.product = product;
  }

  registerStandIn(route: StandInRoute): void {
    this.egress.register(route);
  }

  /** Starts scheduled triggers; call once the sandbox is ready. */
  start(): void {
    this.scheduled.start();
  }

  stop(): void {
    this.timeline.stop();
  }

  /** Jira calls this for every change; delivery happens after the change, as on Forge. */
  emitProductEvent(event: ProductEvent): void {
    this.productEvents.emit(event);
  }

  /** Runs a Custom UI resolver as `accountId`, the way `invoke()` from @forge/bridge does. */
  async invokeResolver(request: { moduleKey: string; functionKey: string; payload: unknown; context: Record<string, unknown>; accountId?: string }): Promise<unknown> {
    const module = this.manifest.uiModules.find((m) => m.key === request.moduleKey);
    if (!module?.resolverFunction) throw new ResolverInvocationError(`module '${request.moduleKey}' has no resolver`);
    const outcome = await this.timeline.track(
      this.runner.run({
        functionKey: module.resolverFunction,
        moduleKey: module.key,
        moduleType: 'resolver',
        payload: { call: { functionKey: request.functionKey, payload: request.payload }, context: request.context },
        ...(request.accountId ? { principalAccountId: request.accountId } : {}),
      }),
    );
    if (!outcome.ok) throw new ResolverInvocationError(outcome.timedOut ? 'the resolver timed out' : outcome.error.message);
    return outcome.result;
  }

  handleWebTrigger(id: string, userPath: string, request: Request): Promise<Response> {
    return this.timeline.track(this.webTriggers.handle(id, userPath, request));
  }

  settle(): Promise<void> {
    return this.timeline.settle();
  }

  advance(seconds: number): Promise<void> {
    return this.timeline.advance(seconds);
  }

  snapshot(): PlatformSnapshot {
    return { kvs: this.kvs.snapshot(), queues: this.queues.snapshot() };
  }

  restore(snapshot: PlatformSnapshot): void {
    this.kvs.restore(snapshot.kvs);
    this.queues.restore(snapshot.queues);
  }
}
