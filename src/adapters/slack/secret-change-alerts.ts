import type { ChangeAlerts } from '../../usecases/secret-audit-ports';

/** Posts unapproved secret changes to the Slack incoming webhook an admin configured, if any. Never throws. */
export class SlackChangeAlerts implements ChangeAlerts {
  constructor(private readonly webhookUrl: () => Promise<string | undefined>) {}

  async unapprovedChange(text: string): Promise<void> {
    try {
      const url = await this.webhookUrl();
      if (!url) return;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      if (!response.ok) console.warn('Slack alert was refused', response.status);
    } catch (error) {
      console.warn('Slack alert failed', error instanceof Error ? error.name : typeof error);
    }
  }
}
