import { UpstreamError } from '../../domain/errors';
import type { SubscriptionConfirmer } from '../../usecases/secret-audit-ports';

/**
 * Confirms an SNS subscription by GETting the SubscribeURL of a verified confirmation request
 * (through Forge egress, which allows only the SNS hosts). SNS answers a ConfirmSubscription
 * response carrying the subscription's ARN.
 */
export class SnsSubscriptionConfirmer implements SubscriptionConfirmer {
  async confirm(subscribeUrl: string): Promise<{ subscriptionArn?: string }> {
    let response: Response;
    try {
      response = await fetch(subscribeUrl, { method: 'GET' });
    } catch (cause) {
      throw new UpstreamError('SNS did not answer the subscription confirmation', undefined, { cause });
    }
    const text = await response.text();
    if (!response.ok) throw new UpstreamError(`SNS refused the subscription confirmation (${response.status})`, response.status);
    const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(text)?.[1];
    return arn ? { subscriptionArn: arn } : {};
  }
}
