import { kvs } from '@forge/kvs';
import { validateJitSettings, type JitSettings } from '../../domain/jit/jit-settings';
import { CorruptRecordError } from '../../domain/runs/run-record';
import type { JitConfig } from '../../usecases/grant-ports';

const KEYS = {
  jit: 'config-jit',
  atlassianApiKey: 'atlassian-org-api-key',
} as const;

/**
 * Just-in-time access settings in KVS, validated again on read. The Atlassian organization API
 * key lives only in a KVS secret: never returned to the UI, never logged.
 */
export class JitConfigRepository implements JitConfig {
  private cached: Promise<JitSettings | undefined> | undefined;

  /** Read once per instance (one invocation), however many grants it handles. */
  jit(): Promise<JitSettings | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  async save(settings: JitSettings): Promise<void> {
    await kvs.set(KEYS.jit, settings);
    this.cached = undefined;
  }

  async atlassianApiKey(): Promise<string | undefined> {
    return kvs.getSecret<string>(KEYS.atlassianApiKey);
  }

  async saveAtlassianApiKey(key: string): Promise<void> {
    await kvs.setSecret(KEYS.atlassianApiKey, key);
  }

  private async read(): Promise<JitSettings | undefined> {
    const stored = await kvs.get<Record<string, unknown>>(KEYS.jit);
    if (stored === undefined) return undefined;
    const parsed = validateJitSettings(stored);
    if (!parsed.ok) throw new CorruptRecordError(`stored just-in-time access settings are invalid: ${Object.keys(parsed.errors).join(', ')}`);
    return parsed.value;
  }
}
