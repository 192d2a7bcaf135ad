import path from 'node:path';
import { ForgePlatform, VirtualClock, installVirtualDate } from '../../sandbox/platform';
import type { Observation } from '../fixtures/conformance-app/src';

export const FIXTURE_ROOT = path.resolve(__dirname, '../fixtures/conformance-app');
export const START = Date.parse('2026-11-21T09:00:00.000Z');

/**
 * A platform running the conformance fixture app, with a fake product API that echoes who a
 * request was made as; the real Jira stand-in has its own tests.
 */
export function createConformancePlatform() {
  const clock = new VirtualClock(START);
  const restoreDate = installVirtualDate(clock);
  const platform = new ForgePlatform({ projectRoot: FIXTURE_ROOT, clock, appVersion: '3.1.4', origin: () => 'http://127.0.0.1:9' });
  platform.connectProduct({
    fetchAs: async (accountId, request) =>
      new Response(JSON.stringify({ accountId, url: request.url, method: request.method }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
  });
  const g = globalThis as { __conformanceObservations__?: Observation[] };
  g.__conformanceObservations__ ??= [];
  const observations = g.__conformanceObservations__;
  return {
    platform,
    clock,
    observations,
    seen: (handler: string) => observations.filter((o) => o.handler === handler),
    resolve: (functionKey: string, payload: unknown = {}, accountId: string | null = 'user-1') =>
      platform.invokeResolver({ moduleKey: 'panel', functionKey, payload, context: { extension: { type: 'jira:issuePanel', issue: { key: 'ITS-1' } } }, ...(accountId ? { accountId } : {}) }),
    close: () => {
      platform.stop();
      restoreDate();
      observations.length = 0;
    },
  };
}
