import type { Parsed } from './sns-message';
import { SECRET_CHANGE_EVENTS } from '../../shared/secret-audit-contract';

/**
 * A change to a secret in AWS Secrets Manager, normalised from the EventBridge "AWS API Call via
 * CloudTrail" event that reported it.
 */
export interface SecretChange {
  /** CloudTrail's eventID: one change, however often it is reported. */
  id: string;
  eventName: string;
  /** The secret's ARN; `partial` when only its name was known (no random suffix). */
  secretArn: string;
  partialArn: boolean;
  secretName: string;
  actor: ChangeActor;
  sourceIp: string;
  userAgent?: string;
  /** ISO 8601. */
  eventTime: string;
  account: string;
  region: string;
  requestId?: string;
  /** Notable request parameters (never a secret value): `recoveryWindowInDays=7`, `tags=team,env`. */
  details: string[];
}

export interface ChangeActor {
  /** CloudTrail's userIdentity.type: IAMUser, AssumedRole, Root, AWSService, ... */
  type: string;
  /** The caller: a user ARN, an assumed-role session ARN, or the service that invoked. */
  arn: string;
  /** For assumed roles: the role the session came from. */
  roleArn?: string;
  accountId?: string;
  userName?: string;
  accessKeyId?: string;
  invokedBy?: string;
}

export { SECRET_CHANGE_EVENTS };

const SECRET_ARN = /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:(.+)$/;
const UUID_LIKE = /^[A-Za-z0-9-]{8,128}$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function parseSecretArn(arn: string): { region: string; accountId: string; nameWithSuffix: string } | undefined {
  const m = SECRET_ARN.exec(arn);
  return m ? { region: m[2] as string, accountId: m[3] as string, nameWithSuffix: m[4] as string } : undefined;
}

/** The name of a full secret ARN (its `-XXXXXX` suffix removed). */
export function secretNameOf(arn: string, partial: boolean): string {
  const rest = parseSecretArn(arn)?.nameWithSuffix ?? arn;
  return partial ? rest : rest.replace(/-[A-Za-z0-9]{6}$/, '');
}

/**
 * Why an EventBridge event is not a secret change (a read, a failed call, another service), or
 * the change. The secret's ARN is read from responseElements (`arn`, or `aRN` in the records of
 * some calls), else from the secretId the caller passed, else built from the name as a partial ARN.
 */
export function normaliseSecretChange(event: unknown): Parsed<SecretChange> {
  const e = obj(event);
  if (!e) return { ok: false, reason: 'not an EventBridge event' };
  if (e.source !== 'aws.secretsmanager') return { ok: false, reason: 'not a Secrets Manager event' };
  if (e['detail-type'] !== 'AWS API Call via CloudTrail') return { ok: false, reason: `not an API call (${String(e['detail-type'])})` };
  const detail = obj(e.detail);
  if (!detail) return { ok: false, reason: 'the event has no detail' };
  const eventName = str(detail.eventName);
  if (!eventName || !(SECRET_CHANGE_EVENTS as readonly string[]).includes(eventName)) return { ok: false, reason: `${eventName ?? 'an unnamed call'} does not change a secret` };
  if (detail.readOnly === true) return { ok: false, reason: `${eventName} was read-only` };
  if (str(detail.errorCode)) return { ok: false, reason: `${eventName} failed (${String(detail.errorCode)}): nothing changed` };
  const id = str(detail.eventID);
  if (!id || !UUID_LIKE.test(id)) return { ok: false, reason: 'the CloudTrail record has no eventID' };
  const region = str(detail.awsRegion) ?? str(e.region);
  const account = str(detail.recipientAccountId) ?? str(e.account);
  const eventTime = str(detail.eventTime) ?? str(e.time);
  if (!region || !account || !eventTime || Number.isNaN(Date.parse(eventTime))) return { ok: false, reason: 'the record has no region, account or time' };

  const request = obj(detail.requestParameters) ?? {};
  const response = obj(detail.responseElements) ?? {};
  const additional = obj(detail.additionalEventData) ?? {};
  const resources = Array.isArray(e.resources) ? e.resources.filter((r): r is string => typeof r === 'string') : [];
  const candidates = [str(response.arn), str(response.aRN), str(request.secretId), str(additional.SecretId), ...resources];
  const full = candidates.find((c) => c !== undefined && parseSecretArn(c) !== undefined);
  let secretArn: string;
  let partialArn: boolean;
  if (full) {
    // A secretId passed as an ARN may itself be partial (no suffix); a response ARN never is.
    partialArn = full !== str(response.arn) && full !== str(response.aRN) && !/-[A-Za-z0-9]{6}$/.test(full);
    secretArn = full;
  } else {
    const name = str(request.secretId) ?? str(request.name) ?? str(response.name);
    if (!name) return { ok: false, reason: `${eventName} names no secret` };
    secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;
    partialArn = true;
  }

  const identity = obj(detail.userIdentity) ?? {};
  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  const actor: ChangeActor = {
    type: str(identity.type) ?? 'Unknown',
    arn: str(identity.arn) ?? str(identity.invokedBy) ?? str(identity.principalId) ?? 'unknown',
    ...(issuer && str(issuer.arn) ? { roleArn: str(issuer.arn) as string } : {}),
    ...(str(identity.accountId) ? { accountId: str(identity.accountId) as string } : {}),
    ...(str(identity.userName) ?? str(issuer?.userName) ? { userName: (str(identity.userName) ?? str(issuer?.userName)) as string } : {}),
    ...(str(identity.accessKeyId) ? { accessKeyId: str(identity.accessKeyId) as string } : {}),
    ...(str(identity.invokedBy) ? { invokedBy: str(identity.invokedBy) as string } : {}),
  };

  return {
    ok: true,
    value: {
      id,
      eventName,
      secretArn,
      partialArn,
      secretName: secretNameOf(secretArn, partialArn),
      actor,
      sourceIp: str(detail.sourceIPAddress) ?? 'unknown',
      ...(str(detail.userAgent) ? { userAgent: (str(detail.userAgent) as string).slice(0, 200) } : {}),
      eventTime: new Date(Date.parse(eventTime)).toISOString(),
      account,
      region,
      ...(str(detail.requestID) ? { requestId: str(detail.requestID) as string } : {}),
      details: notableParameters(request),
    },
  };
}

/** Request parameters worth showing, never values: windows, policies, tag keys, replica regions. */
function notableParameters(request: Json): string[] {
  const out: string[] = [];
  const scalar = (key: string) => {
    const v = request[key];
    if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 200 && !/HIDDEN/.test(v))) out.push(`${key}=${String(v)}`);
  };
  for (const key of ['description', 'kmsKeyId', 'recoveryWindowInDays', 'forceDeleteWithoutRecovery', 'rotationLambdaARN', 'rotateImmediately', 'blockPublicPolicy', 'versionStage', 'moveToVersionId', 'removeFromVersionId']) scalar(key);
  const tags = Array.isArray(request.tags) ? request.tags.map((t) => str(obj(t)?.key)).filter((k): k is string => k !== undefined) : [];
  if (tags.length) out.push(`tags=${tags.join(',')}`);
  const tagKeys = Array.isArray(request.tagKeys) ? request.tagKeys.filter((k): k is string => typeof k === 'string') : [];
  if (tagKeys.length) out.push(`tagKeys=${tagKeys.join(',')}`);
  const regions = Array.isArray(request.addReplicaRegions) ? request.addReplicaRegions.map((r) => str(obj(r)?.region)).filter((r): r is string => r !== undefined) : [];
  if (regions.length) out.push(`replicaRegions=${regions.join(',')}`);
  if (typeof request.resourcePolicy === 'string') out.push('resourcePolicy=(changed)');
  if (request.secretString !== undefined || request.secretBinary !== undefined) out.push('value=(changed, not shown)');
  return out;
}
