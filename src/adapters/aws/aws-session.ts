import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import type { AwsAccessKeys, AwsConnectionSettings } from '../../domain/account-vending/vending-settings';
import { awsErrorFrom } from './aws-errors';

/** Temporary credentials of the role, cached only as a KVS secret (never module state). */
export interface CachedAwsSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** What they were issued for: a changed role or external id invalidates them. */
  roleArn: string;
  externalId: string;
  assumedRoleArn: string;
}

export interface AwsSessionCache {
  get(): Promise<CachedAwsSession | undefined>;
  set(session: CachedAwsSession): Promise<void>;
  clear(): Promise<void>;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Renew this long before expiry, so a session never dies in the middle of a step. */
export const RENEW_MARGIN_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;
const SESSION_NAME = 'provisio';

export interface AwsSessionOptions {
  connection: AwsConnectionSettings;
  /** The IAM user's long-term keys, read from their KVS secret when a new session is needed. */
  keys: () => Promise<AwsAccessKeys>;
  /** Absent: every invocation assumes the role again (the bench's naive baseline). */
  cache?: AwsSessionCache;
  requestHandler?: FetchHttpHandler;
}

/**
 * The role's session: assumed with STS (ExternalId) using the app's long-term keys, cached
 * until shortly before it expires. `provider` is what the SDK clients take as `credentials`.
 */
export class AwsSession {
  private current: Promise<CachedAwsSession> | undefined;

  constructor(private readonly options: AwsSessionOptions) {}

  readonly provider = async (): Promise<AwsCredentials> => {
    const session = await this.session();
    return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: new Date(session.expiresAt) };
  };

  /** The cached session if it is still good for the margin, else a new one. */
  session(): Promise<CachedAwsSession> {
    this.current ??= this.load().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /** Assumes the role now, whatever is cached (Test connection), and caches the result. */
  async assumeFresh(): Promise<CachedAwsSession> {
    this.current = this.assume();
    return this.current;
  }

  /** Forgets the session (AWS rejected it): the next call assumes the role again. */
  async invalidate(): Promise<void> {
    this.current = undefined;
    await this.options.cache?.clear();
  }

  private async load(): Promise<CachedAwsSession> {
    const { connection, cache } = this.options;
    const cached = await cache?.get();
    if (cached && cached.roleArn === connection.roleArn && cached.externalId === connection.externalId && cached.expiresAt - RENEW_MARGIN_MS > Date.now()) return cached;
    return this.assume();
  }

  private async assume(): Promise<CachedAwsSession> {
    const { connection } = this.options;
    const keys = await this.options.keys();
    const sts = new STSClient({
      region: connection.region,
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
      requestHandler: this.options.requestHandler ?? new FetchHttpHandler(),
      maxAttempts: 1,
    });
    let out;
    try {
      out = await sts.send(new AssumeRoleCommand({ RoleArn: connection.roleArn, RoleSessionName: SESSION_NAME, ExternalId: connection.externalId, DurationSeconds: SESSION_SECONDS }));
    } catch (error) {
      throw awsErrorFrom(error, 'sts:AssumeRole');
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw awsErrorFrom(new Error('AssumeRole returned no credentials'), 'sts:AssumeRole');
    const session: CachedAwsSession = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiresAt: c.Expiration.getTime(),
      roleArn: connection.roleArn,
      externalId: connection.externalId,
      assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
    };
    await this.options.cache?.set(session);
    return session;
  }
}
