import { kvs } from '@forge/kvs';
import { validateAccessKeys, validateAwsConnection, validateExternalId, validateVendingSettings, type AccountVendingSettings, type AwsAccessKeys, type AwsConnectionSettings } from '../../domain/account-vending/vending-settings';
import { CorruptRecordError } from '../../domain/runs/run-record';
import type { OrgInfo } from '../../usecases/account-vending-ports';
import type { AwsSessionCache, CachedAwsSession } from '../aws/aws-session';
import type { OrgInfoCache } from '../aws/organizations-service';

const KEYS = {
  connection: 'config-aws',
  externalId: 'aws-external-id',
  keyHint: 'aws-access-key-hint',
  accessKeys: 'aws-access-keys',
  session: 'aws-session',
  vending: 'config-account-vending',
  orgInfo: 'aws-org-info',
  lastTest: 'aws-connection-test',
} as const;

export interface ConnectionTestRecord {
  ok: boolean;
  at: string;
  message: string;
  assumedRoleArn?: string;
  organizationId?: string;
  managementAccountId?: string;
  rootId?: string;
}

/**
 * AWS and account-vending settings in KVS. Plain settings are validated again on read. The IAM
 * user's keys and the role's session live only in KVS secrets, never returned to the UI or logged.
 */
export class VendingConfigRepository {
  async connection(): Promise<AwsConnectionSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.connection);
    if (stored === undefined) return undefined;
    const parsed = validateAwsConnection(stored, typeof stored.externalId === 'string' ? stored.externalId : '');
    if (!parsed.ok) throw new CorruptRecordError(`stored AWS settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }

  async saveConnection(settings: AwsConnectionSettings): Promise<void> {
    await kvs.set(KEYS.connection, settings);
    await this.forgetSession();
  }

  /** The ExternalId the role must require, generated once per installation (shown to the admin for the template). */
  async externalId(): Promise<string> {
    const stored = await kvs.get<string>(KEYS.externalId);
    if (typeof stored === 'string' && validateExternalId(stored)) return stored;
    const generated = `provisio-${crypto.randomUUID().replace(/-/g, '')}`;
    try {
      await kvs.set(KEYS.externalId, generated, { keyPolicy: 'FAIL_IF_EXISTS' });
      return generated;
    } catch {
      // Another admin page generated one at the same moment: use theirs.
      return (await kvs.get<string>(KEYS.externalId)) ?? generated;
    }
  }

  async accessKeys(): Promise<AwsAccessKeys | undefined> {
    const stored = await kvs.getSecret<Record<string, unknown>>(KEYS.accessKeys);
    if (stored === undefined) return undefined;
    const parsed = validateAccessKeys(stored);
    return parsed.ok ? parsed.value : undefined;
  }

  async accessKeyHint(): Promise<string | undefined> {
    return kvs.get<string>(KEYS.keyHint);
  }

  async saveAccessKeys(keys: AwsAccessKeys, hint: string): Promise<void> {
    await kvs.setSecret(KEYS.accessKeys, keys);
    await kvs.set(KEYS.keyHint, hint);
    await this.forgetSession();
  }

  async vending(): Promise<AccountVendingSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.vending);
    if (stored === undefined) return undefined;
    const parsed = validateVendingSettings(stored);
    if (!parsed.ok) throw new CorruptRecordError(`stored account vending settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }

  async saveVending(settings: AccountVendingSettings): Promise<void> {
    await kvs.set(KEYS.vending, settings);
  }

  async lastTest(): Promise<ConnectionTestRecord | undefined> {
    return kvs.get<ConnectionTestRecord>(KEYS.lastTest);
  }

  async saveLastTest(record: ConnectionTestRecord): Promise<void> {
    await kvs.set(KEYS.lastTest, record);
  }

  /** The role's session: a secret, so it never shows up in a KVS scan of plain values. */
  sessionCache(): AwsSessionCache {
    return {
      get: async () => kvs.getSecret<CachedAwsSession>(KEYS.session),
      set: async (session) => kvs.setSecret(KEYS.session, session),
      clear: async () => kvs.deleteSecret(KEYS.session),
    };
  }

  /** The organization's ids for the connected role (they never change for an organization). */
  orgInfoCache(roleArn: string): OrgInfoCache {
    return {
      get: async () => {
        const stored = await kvs.get<OrgInfo & { roleArn?: string }>(KEYS.orgInfo);
        if (!stored || stored.roleArn !== roleArn) return undefined;
        return { organizationId: stored.organizationId, managementAccountId: stored.managementAccountId, rootId: stored.rootId };
      },
      set: async (info) => kvs.set(KEYS.orgInfo, { ...info, roleArn }),
    };
  }

  private async forgetSession(): Promise<void> {
    await kvs.deleteSecret(KEYS.session);
    await kvs.delete(KEYS.orgInfo);
  }
}
