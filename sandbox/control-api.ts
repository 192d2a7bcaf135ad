import { Hono } from 'hono';
import { FaultError } from './platform/faults';
import type { ForgePlatform } from './platform';

/** Everything GET /__sandbox/endpoints reports; later stand-ins add their own sections. */
export type EndpointsReport = Record<string, unknown>;

/**
 * The sandbox's control API for tests and demos (same origin as the Jira UI and REST API):
 * endpoints and credentials, the virtual clock, settling, the invocation log and fault injection.
 */
export function createControlApi(platform: ForgePlatform, endpoints: () => EndpointsReport): Hono {
  const app = new Hono();

  app.get('/__sandbox/endpoints', (c) => c.json(endpoints()));

  app.get('/__sandbox/clock', (c) => c.json({ now: new Date(platform.clock.now()).toISOString() }));

  app.post('/__sandbox/clock', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const seconds = (body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 24 * 3600) {
      return c.json({ error: 'body must be {"advanceSeconds": N} with N from 0 to one year in seconds' }, 400);
    }
    await platform.advance(seconds);
    return c.json({ now: new Date(platform.clock.now()).toISOString() });
  });

  app.post('/__sandbox/settle', async (c) => {
    await platform.settle();
    return c.json({ now: new Date(platform.clock.now()).toISOString(), pending: platform.timeline.pending().length });
  });

  app.get('/__sandbox/invocations', (c) => {
    const functionKey = c.req.query('functionKey');
    const moduleType = c.req.query('moduleType');
    return c.json({ invocations: platform.log.list({ ...(functionKey ? { functionKey } : {}), ...(moduleType ? { moduleType } : {}) }) });
  });

  app.get('/__sandbox/timeline', (c) =>
    c.json({ pending: platform.timeline.pending().map((p) => ({ dueAt: new Date(p.dueAt).toISOString(), label: p.label })) }),
  );

  app.get('/__sandbox/faults', (c) => c.json(platform.faults.active()));
  app.post('/__sandbox/faults', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    try {
      platform.faults.add(body);
    } catch (error) {
      if (error instanceof FaultError) return c.json({ error: error.message }, 400);
      throw error;
    }
    return c.json(platform.faults.active());
  });
  app.delete('/__sandbox/faults', (c) => {
    platform.faults.clear();
    return c.body(null, 204);
  });

  return app;
}
