import type { AsyncEvent } from '@forge/events';
import { advanceGrant } from '../../usecases/advance-grant';
import { grantDeps } from '../jit-composition';

/**
 * A grant's wake-up: wait, re-read, decide. The grant is read afresh and moved on if due; if not,
 * the next hop (at most 15 minutes) is queued. Every outcome leaves its own wake-up, and the
 * five-minute sweep catches any that were lost, so a delivery never needs Forge's retry.
 */
export async function onJitTimerEvent(event: AsyncEvent): Promise<void> {
  const body = event.body as { grantId?: unknown; aim?: unknown };
  if (typeof body.grantId !== 'string' || !/^\d{1,18}$/.test(body.grantId)) {
    console.error('jit wake-up without a valid grantId; dropped');
    return;
  }
  const outcome = await advanceGrant(body.grantId, grantDeps(), { ...(typeof body.aim === 'string' ? { aim: body.aim } : {}), checkTicket: true });
  if (outcome.kind === 'retry') console.warn(`grant ${body.grantId} retries in ${outcome.afterSeconds}s: ${outcome.reason}`);
}
