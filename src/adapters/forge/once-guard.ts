import { kvs } from '@forge/kvs';
import type { OnceGuard } from '../../usecases/preflight-account-request';

/** Claims with KVS's FAIL_IF_EXISTS and a TTL: the first of concurrent duplicates wins. */
export class KvsOnceGuard implements OnceGuard {
  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    try {
      await kvs.set(`once-${key}`, true, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlSeconds, unit: 'SECONDS' } });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'KEY_CONFLICT') return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await kvs.delete(`once-${key}`);
  }
}
