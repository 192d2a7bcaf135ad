import type { Run } from '../../domain/runs/run';
import type { FailureNotifier } from '../../usecases/ports';

/** Posts run failures to a Slack incoming webhook, when an admin configured one. Never throws. */
export class SlackFailureNotifier implements FailureNotifier {
  constructor(
    private readonly webhookUrl: () => Promise<string | undefined>,
    private readonly siteUrl: string | undefined,
  ) {}

  async runFailed(run: Run, reason: string): Promise<void> {
    try {
      const url = await this.webhookUrl();
      if (!url) return;
      const link = this.siteUrl ? `<${this.siteUrl}/browse/${run.issueKey}|${run.issueKey}>` : run.issueKey;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `:warning: Provisio could not finish ${link}: ${reason}` }),
      });
      if (!response.ok) console.warn('Slack notification was refused', response.status);
    } catch (error) {
      console.warn('Slack notification failed', error instanceof Error ? error.name : typeof error);
    }
  }
}
