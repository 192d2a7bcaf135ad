import { baselineEndpoint } from '../../domain/account-vending/vending-settings';
import { InvalidInputError, UpstreamError } from '../../domain/errors';
import type { FollowUpEndpoint } from '../../usecases/ports';
import { SIGNED_HTTP_ACTIONS } from './aws-commands';
import type { AwsSession } from './aws-session';
import { signedFetch } from './signed-http';

/**
 * Follow-up provisioning over the customer's IAM-authenticated endpoint (API Gateway or Lambda
 * function URL): a signed POST of the onboarded user as JSON, with an idempotency key header so a
 * retried step does not provision twice on their side.
 */
export class SignedFollowUpEndpoint implements FollowUpEndpoint {
  constructor(private readonly session: () => Promise<AwsSession>) {}

  async send(url: string, payload: Record<string, unknown>, idempotencyKey: string): Promise<string> {
    const endpoint = baselineEndpoint(url);
    if (!endpoint) throw new InvalidInputError(`${url} is not an API Gateway or Lambda function URL.`);
    const target = new URL(url);
    let response: Response;
    try {
      response = await signedFetch(await this.session(), endpoint, {
        method: 'POST',
        url: target,
        body: JSON.stringify(payload),
        headers: { 'x-provisio-idempotency-key': idempotencyKey },
      });
    } catch (cause) {
      if (cause instanceof InvalidInputError) throw cause;
      throw new UpstreamError(`The follow-up endpoint ${target.host} could not be reached.`, undefined, { cause });
    }
    const text = await response.text();
    const message = messageOf(text);
    if (response.status === 401 || response.status === 403) {
      throw new InvalidInputError(
        `The follow-up endpoint ${target.host} refused Provisio's signed request (${response.status}${message}). Its resource policy must let Provisio's role call ${SIGNED_HTTP_ACTIONS[endpoint.service]}.`,
      );
    }
    if (response.status === 429 || response.status >= 500) throw new UpstreamError(`The follow-up endpoint ${target.host} answered ${response.status}${message}.`, response.status);
    if (!response.ok) throw new InvalidInputError(`The follow-up endpoint ${target.host} refused the request (${response.status}${message}).`);
    return `${target.host} accepted the new user (${response.status}${message}).`;
  }
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; status?: unknown; id?: unknown };
    const parts = [typeof body.status === 'string' ? body.status : '', typeof body.id === 'string' ? `job ${body.id}` : '', typeof body.message === 'string' ? body.message.slice(0, 200) : ''].filter(Boolean);
    return parts.length ? `: ${parts.join(', ')}` : '';
  } catch {
    return '';
  }
}
