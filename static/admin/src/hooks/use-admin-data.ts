import { useResolver, type LoadState } from '@common/use-resolver';
import type { AdminConfigView, AdminInfo } from '@shared/resolver-contract';
import { useCallback, useState } from 'react';
import { getAdminConfig, getAdminInfo } from '../api';

/**
 * The page's data: who is viewing (which also proves they may), and the saved configuration,
 * loaded side by side so one failing does not hide the other. `reloadConfig` re-reads the
 * configuration after a save without blanking the page (forms keep what was typed).
 */
export function useAdminData(): { info: LoadState<AdminInfo>; config: LoadState<AdminConfigView>; reloadConfig: () => Promise<void> } {
  const { state: info } = useResolver(getAdminInfo);
  const { state: loaded } = useResolver(getAdminConfig);
  const [fresh, setFresh] = useState<AdminConfigView>();
  const reloadConfig = useCallback(async () => {
    const result = await getAdminConfig().catch(() => undefined);
    if (result?.ok) setFresh(result.data);
  }, []);
  const config: LoadState<AdminConfigView> = loaded.status === 'ready' && fresh ? { status: 'ready', data: fresh } : loaded;
  return { info, config, reloadConfig };
}
