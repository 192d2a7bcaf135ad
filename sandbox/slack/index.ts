import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Clock } from '../platform/clock';

export interface SlackMessage {
  webhookPath: string;
  text: string;
  receivedAt: string;
}

/**
 * Slack incoming webhooks (hooks.slack.com/services/T…/B…/secret): answers `ok` for a registered
 * webhook and records the message, and 404 `no_service` for an unknown one, as Slack does.
 */
export function createSlackStandIn(clock: Clock) {
  const messages: SlackMessage[] = [];
  const webhooks = new Set<string>();
  const app = new Hono();

  app.post('/services/:team/:bot/:secret', async (c) => {
    const webhookPath = `/services/${c.req.param('team')}/${c.req.param('bot')}/${c.req.param('secret')}`;
    if (!webhooks.has(webhookPath)) return c.text('no_service', 404);
    const body = (await c.req.json().catch(() => undefined)) as { text?: unknown } | undefined;
    if (!body || typeof body.text !== 'string' || body.text === '') return c.text('invalid_payload', 400);
    messages.push({ webhookPath, text: body.text, receivedAt: new Date(clock.now()).toISOString() });
    return c.text('ok');
  });

  return {
    app,
    handle: (request: Request) => Promise.resolve(app.fetch(request)),
    /** Creates a webhook URL, as an admin does in Slack. */
    createWebhook(): string {
      const path = `/services/T${randomBytes(4).toString('hex').toUpperCase()}/B${randomBytes(4).toString('hex').toUpperCase()}/${randomBytes(12).toString('hex')}`;
      webhooks.add(path);
      return `https://hooks.slack.com${path}`;
    },
    messages: () => [...messages],
    snapshot: () => ({ messages, webhooks: [...webhooks] }),
    restore(snapshot: unknown) {
      const s = snapshot as { messages?: SlackMessage[]; webhooks?: string[] } | undefined;
      messages.splice(0, messages.length, ...(s?.messages ?? []));
      webhooks.clear();
      for (const w of s?.webhooks ?? []) webhooks.add(w);
    },
  };
}

export type SlackStandIn = ReturnType<typeof createSlackStandIn>;
