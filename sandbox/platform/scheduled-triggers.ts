import { randomUUID } from 'node:crypto';
import type { FunctionRunner } from './function-runner';
import type { Installation } from './installation';
import type { ScheduleInterval, ScheduledTriggerModule } from './manifest';
import type { Timeline } from './timeline';

export const INTERVAL_MS: Record<ScheduleInterval, number> = {
  fiveMinute: 5 * 60_000,
  hour: 60 * 60_000,
  day: 24 * 60 * 60_000,
  week: 7 * 24 * 60 * 60_000,
};

/** Fires each scheduled trigger every interval of virtual time, the first one interval after start. */
export class ScheduledTriggers {
  private started = false;

  constructor(
    private readonly modules: ScheduledTriggerModule[],
    private readonly timeline: Timeline,
    private readonly runner: FunctionRunner,
    private readonly installation: Installation,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const module of this.modules) this.scheduleNext(module, this.now() + INTERVAL_MS[module.interval]);
  }

  /** Runs a trigger at once (the sandbox's equivalent of `forge webtrigger`-style manual runs). */
  async fire(moduleKey: string): Promise<void> {
    const module = this.modules.find((m) => m.key === moduleKey);
    if (!module) throw new Error(`no scheduled trigger '${moduleKey}' in the manifest`);
    await this.run(module);
  }

  private scheduleNext(module: ScheduledTriggerModule, dueAt: number): void {
    this.timeline.schedule(dueAt, `scheduled ${module.key}`, async () => {
      this.scheduleNext(module, dueAt + INTERVAL_MS[module.interval]);
      await this.run(module);
    });
  }

  private async run(module: ScheduledTriggerModule): Promise<void> {
    // Errors are not retried: the next run happens at the next interval, as on Forge.
    await this.runner.run({
      functionKey: module.function,
      moduleKey: module.key,
      moduleType: 'scheduledTrigger',
      payload: { context: { cloudId: this.installation.cloudId, moduleKey: module.key }, contextToken: randomUUID() },
    });
  }
}
