import { useResolver, type LoadState } from '@common/use-resolver';
import type { ResolverResult } from '@shared/resolver-contract';
import { useCallback, useState } from 'react';

/**
 * One tab's configuration: loaded once, and re-read after a save without blanking the tab (its
 * forms keep what was typed). `load` must be stable (a module-level function).
 */
export function useConfig<T>(load: () => Promise<ResolverResult<T>>): { state: LoadState<T>; reload: () => Promise<void> } {
  const { state: loaded } = useResolver(load);
  const [fresh, setFresh] = useState<T>();
  const reload = useCallback(async () => {
    const result = await load().catch(() => undefined);
    if (result?.ok) setFresh(result.data);
  }, [load]);
  const state: LoadState<T> = loaded.status === 'ready' && fresh ? { status: 'ready', data: fresh } : loaded;
  return { state, reload };
}
