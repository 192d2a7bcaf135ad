import type { Run } from '../../domain/runs/run';
import type { FailureNotifier } from '../../usecases/ports';

/** Posts run failures, with a link to the issue, to a Slack incoming webhook when an admin configured one. Never throws. */
export class SlackFailureNotifier implements FailureNotifier {
  constructor(
    private readonly webhookUrl: () => Promise<string | undefined>,
    private readonly site: { issueUrl(issueKey: string): Promise<string | undefined> },
  ) {}

  async prepareRunFailed(run: Run, reason: string): Promise<{ send(): Promise<void> }> {
    const url = await this.webhookUrl().catch((error: unknown) => {
      console.warn('Slack notification failed', error instanceof Error ? error.name : typeof error);
      return undefined;
    });
    // No webhook: nothing to send, and no reason to look up the link.
    if (!url) return { send: async () => undefined };
    const issueUrl = await this.site.issueUrl(run.issueKey);
    const link = issueUrl ? `<${issueUrl}|${run.issueKey}>` : run.issueKey;
    return { send: () => this.post(url, link, reason) };
  }

  private async post(url: string, link: string, reason: string): Promise<void> {
    try {
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
