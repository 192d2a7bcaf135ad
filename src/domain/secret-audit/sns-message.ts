/**
 * Amazon SNS messages delivered over HTTP/S: their shape, the string SNS signs, and the URLs in
 * them Provisio may follow. Pure: fetching the certificate and checking the signature are the
 * adapters' job.
 */

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SnsMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
  /** Not signed: informational only. */
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const TYPES: readonly SnsMessageType[] = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'];
const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_-]{1,256})$/;
const MESSAGE_ID = /^[A-Za-z0-9-]{1,100}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]{32}\.pem$/;

/**
 * The commercial regions whose SNS hosts the manifest lets the app reach (egress): a topic
 * elsewhere could deliver, but its certificate and SubscribeURL could not be fetched.
 */
export const SNS_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
];

/** The largest HTTP body accepted: SNS messages are at most 256 KiB, and JSON escaping can about double that. */
export const MAX_SNS_BODY_BYTES = 512 * 1024;
/** How old a message may be when it arrives (SNS's default retries end within a minute; custom policies can take longer). */
export const MAX_MESSAGE_AGE_MS = 60 * 60_000;
/** How far in the future a timestamp may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface TopicArnParts {
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const m = TOPIC_ARN.exec(arn);
  return m ? { partition: m[1] as string, region: m[2] as string, accountId: m[3] as string, name: m[4] as string } : undefined;
}

/** The SNS endpoint host of a region, e.g. `sns.eu-west-1.amazonaws.com` (`.com.cn` in China). */
export function snsHost(region: string): string {
  return region.startsWith('cn-') ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
}

/** Checks the shape of a parsed body: every signed member a string, known type and version. */
export function parseSnsMessage(body: unknown): Parsed<SnsMessage> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'not an SNS message: the body is not a JSON object' };
  const m = body as Record<string, unknown>;
  if (!TYPES.includes(m.Type as SnsMessageType)) return { ok: false, reason: 'not an SNS message: unknown Type' };
  const type = m.Type as SnsMessageType;
  const required = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', ...(type === 'Notification' ? [] : ['SubscribeURL', 'Token'])];
  for (const key of required) if (typeof m[key] !== 'string' || m[key] === '') return { ok: false, reason: `not an SNS message: ${key} is missing` };
  for (const key of ['Subject', 'UnsubscribeURL']) if (m[key] !== undefined && m[key] !== null && typeof m[key] !== 'string') return { ok: false, reason: `not an SNS message: ${key} is not a string` };
  if (m.SignatureVersion !== '1' && m.SignatureVersion !== '2') return { ok: false, reason: 'unsupported SignatureVersion' };
  if (!MESSAGE_ID.test(m.MessageId as string)) return { ok: false, reason: 'not an SNS message: malformed MessageId' };
  if (!parseTopicArn(m.TopicArn as string)) return { ok: false, reason: 'not an SNS message: malformed TopicArn' };
  if (!BASE64.test(m.Signature as string)) return { ok: false, reason: 'not an SNS message: malformed Signature' };
  if (Number.isNaN(Date.parse(m.Timestamp as string))) return { ok: false, reason: 'not an SNS message: malformed Timestamp' };
  const attributes = m.MessageAttributes;
  return {
    ok: true,
    value: {
      Type: type,
      MessageId: m.MessageId as string,
      TopicArn: m.TopicArn as string,
      ...(typeof m.Subject === 'string' ? { Subject: m.Subject } : {}),
      Message: m.Message as string,
      Timestamp: m.Timestamp as string,
      SignatureVersion: m.SignatureVersion,
      Signature: m.Signature as string,
      SigningCertURL: m.SigningCertURL as string,
      ...(typeof m.SubscribeURL === 'string' ? { SubscribeURL: m.SubscribeURL } : {}),
      ...(typeof m.Token === 'string' ? { Token: m.Token } : {}),
      ...(typeof m.UnsubscribeURL === 'string' ? { UnsubscribeURL: m.UnsubscribeURL } : {}),
      ...(typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? { MessageAttributes: attributes as SnsMessage['MessageAttributes'] } : {}),
    },
  };
}

/**
 * The string SNS signs: `Name\nValue\n` for the signed members in byte order of their names.
 * Notifications sign Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type;
 * confirmations sign Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 */
export function stringToSign(message: SnsMessage): string {
  const keys: (keyof SnsMessage)[] =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((k) => message[k] !== undefined)
    .map((k) => `${k}\n${String(message[k])}\n`)
    .join('');
}

function snsUrl(raw: string, region: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '' || url.hash !== '') return undefined;
  return url.hostname === snsHost(region) ? url : undefined;
}

/**
 * Why a SigningCertURL may not be fetched, or undefined when it may: it must be an HTTPS URL on
 * the SNS host of the topic's region (`https://sns.<region>.amazonaws.com/SimpleNotificationService-<md5>.pem`).
 */
export function certificateUrlProblem(raw: string, region: string): string | undefined {
  const url = snsUrl(raw, region);
  if (!url) return `the certificate URL is not on ${snsHost(region)}`;
  if (!CERT_PATH.test(url.pathname) || url.search !== '') return 'the certificate URL is not an SNS certificate';
  return undefined;
}

/** Why a SubscribeURL may not be followed: it must confirm this topic, on the SNS host of its region. */
export function subscribeUrlProblem(raw: string, region: string, topicArn: string, token: string): string | undefined {
  const url = snsUrl(raw, region);
  if (!url) return `the SubscribeURL is not on ${snsHost(region)}`;
  if (url.pathname !== '/' || url.searchParams.get('Action') !== 'ConfirmSubscription') return 'the SubscribeURL does not confirm a subscription';
  if (url.searchParams.get('TopicArn') !== topicArn || url.searchParams.get('Token') !== token) return 'the SubscribeURL is for another topic or token';
  return undefined;
}

/** Why a message's Timestamp is not acceptable now, or undefined. */
export function timestampProblem(timestamp: string, nowMs: number): string | undefined {
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return 'the timestamp is malformed';
  if (nowMs - at > MAX_MESSAGE_AGE_MS) return 'the message is too old';
  if (at - nowMs > MAX_CLOCK_SKEW_MS) return 'the message is from the future';
  return undefined;
}
