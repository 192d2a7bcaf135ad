import { receiveSnsMessage } from '../../usecases/receive-sns-message';
import { receiveDeps } from '../secret-audit-composition';

/** Forge's web trigger request: raw body, header values as arrays. */
interface WebTriggerRequest {
  method?: string;
  headers?: Record<string, string[] | undefined>;
  body?: string;
}

interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const reply = (statusCode: number, body: string): WebTriggerResponse => ({ statusCode, headers: { 'Content-Type': ['text/plain; charset=utf-8'] }, body });

/**
 * `provisio-sns`: SNS delivers Secrets Manager changes (and subscription confirmations) here.
 * The use case decides; this shell only adapts Forge's request and response shapes. Refusals
 * are logged with their reason only (never the body).
 */
export async function onSnsMessage(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(request.headers ?? {})) if (Array.isArray(values)) headers[name.toLowerCase()] = values.map(String);
  try {
    const receipt = await receiveSnsMessage({ method: request.method ?? 'POST', headers, body: typeof request.body === 'string' ? request.body : '' }, receiveDeps());
    if (receipt.status >= 400) console.warn(`SNS delivery refused (${receipt.status}): ${receipt.reason}`);
    else console.info(`SNS delivery: ${receipt.reason}`);
    return reply(receipt.status, receipt.reason);
  } catch (error) {
    // Unexpected: SNS retries a 5xx, and the message id was released, so nothing is lost.
    console.error('SNS delivery failed unexpectedly', error instanceof Error ? error.name : typeof error);
    return reply(500, 'internal error; retry later');
  }
}
