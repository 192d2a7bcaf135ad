import { AwsError } from '../../errors';
import { awsQueryProtocol } from '../../protocols/aws-query';
import type { AwsRequestLogEntry } from '../../request-log';
import type { SnsModel } from './model';

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com$/;
const CERT_FILE = /\/(SimpleNotificationService-[0-9a-f]{32}\.pem)$/;
const protocol = awsQueryProtocol({ version: '2010-03-31', xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/' });

/**
 * The two unsigned ways into SNS: the signing certificate at `SigningCertURL`, and the
 * `SubscribeURL` of a confirmation request (a GET of ConfirmSubscription without a signature,
 * which SNS accepts by design: the token is the proof). Anything else returns undefined and goes
 * to the SigV4-verifying dispatcher.
 */
export async function snsAnonymousRequest(sns: SnsModel, request: Request, log: (entry: Omit<AwsRequestLogEntry, 'atMs'>) => void): Promise<Response | undefined> {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  const onSnsHost = SNS_HOST.test(url.hostname);
  const certFile = CERT_FILE.exec(url.pathname)?.[1];
  if (certFile && (onSnsHost || !url.hostname.endsWith('.amazonaws.com'))) {
    if (certFile !== sns.identity().fileName) return new Response('Not Found', { status: 404 });
    return new Response(sns.identity().certificatePem, { status: 200, headers: { 'content-type': 'application/x-pem-file' } });
  }
  const signed = request.headers.has('authorization') || url.searchParams.has('X-Amz-Signature');
  if (!onSnsHost || signed || url.searchParams.get('Action') !== 'ConfirmSubscription') return undefined;
  const requestId = crypto.randomUUID();
  const topicArn = url.searchParams.get('TopicArn') ?? '';
  const token = url.searchParams.get('Token') ?? '';
  let parts;
  try {
    if (!topicArn || !token) throw new AwsError('InvalidParameter', 'Invalid parameter: TopicArn or Token', { status: 400 });
    parts = protocol.success('ConfirmSubscription', { SubscriptionArn: sns.confirm(topicArn, token).arn }, requestId);
  } catch (error) {
    parts = protocol.error(error instanceof AwsError ? error : new AwsError('InternalError', 'Internal error', { status: 500 }), requestId);
  }
  log({ service: 'sns', action: 'ConfirmSubscription', principalArn: '', status: parts.status });
  return new Response(parts.body, { status: parts.status, headers: { ...parts.headers, 'x-amzn-RequestId': requestId } });
}
