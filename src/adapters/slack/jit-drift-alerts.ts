/** Posts a drift report to the Slack incoming webhook an admin configured, if any. Never throws. */
export async function postToSlack(webhookUrl: () => Promise<string | undefined>, text: string): Promise<void> {
  try {
    const url = await webhookUrl();
    if (!url) return;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `:rotating_light: ${text}` }) });
    if (!response.ok) console.warn('Slack drift alert was refused', response.status);
  } catch (error) {
    console.warn('Slack drift alert failed', error instanceof Error ? error.name : typeof error);
  }
}
