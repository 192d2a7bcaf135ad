import { sweepGrants } from '../../usecases/sweep-grants';
import { grantDeps } from '../jit-composition';

/** The sweep runs at most this long, well inside its 900 s limit, so a slow run never overlaps the next. */
const BUDGET_MS = 4 * 60_000;
/** The scheduled trigger's interval: grants due before the next run get an exact wake-up. */
const INTERVAL_MS = 5 * 60_000;

/**
 * Every five minutes: advance every live grant past its due time (the backstop for lost events),
 * re-arm wake-ups for what falls due before the next run, and compare targets with their grants
 * (drift) on their own schedule. Errors are logged; the next run tries again.
 */
export async function onJitSweep(): Promise<{ statusCode: number }> {
  const report = await sweepGrants(grantDeps(), { budgetMs: BUDGET_MS, rearmWindowMs: INTERVAL_MS });
  if (report.due > 0 || report.findings.length > 0 || report.stoppedEarly) {
    console.info(`jit sweep: ${report.advanced}/${report.due} due advanced, ${report.rearmed} re-armed, drift checked ${report.driftChecked.join(', ') || 'none'}, ${report.findings.length} findings${report.stoppedEarly ? ', stopped early' : ''}`);
  }
  return { statusCode: 204 };
}
