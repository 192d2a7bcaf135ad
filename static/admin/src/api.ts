/** Typed wrappers around the bridge's `invoke`, one per resolver key this package calls. */
import { callResolver } from '@common/resolver-call';
import { RESOLVER_KEYS, type AdminInfo, type ResolverResult } from '@shared/resolver-contract';

export function getAdminInfo(): Promise<ResolverResult<AdminInfo>> {
  return callResolver<AdminInfo>(RESOLVER_KEYS.adminGetInfo);
}
