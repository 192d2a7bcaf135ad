/** Typed wrappers around the bridge's `invoke`, one per resolver key this package calls. */
import { callResolver } from '@common/resolver-call';
import { RESOLVER_KEYS, type PanelInfo, type ResolverResult } from '@shared/resolver-contract';
import { SECRET_AUDIT_RESOLVER_KEYS, type SecretChangesPanelView } from '@shared/secret-audit-contract';

export function getPanelInfo(): Promise<ResolverResult<PanelInfo>> {
  return callResolver<PanelInfo>(RESOLVER_KEYS.panelGetInfo);
}

/** Asks Provisio to resume a failed run; the resolver checks the viewer may (the issue comes from the context). */
export function retryRun(): Promise<ResolverResult<{ queued: true }>> {
  return callResolver<{ queued: true }>(RESOLVER_KEYS.panelRetry);
}

/** On a "Secret change" request: its approval's publication and the changes matched to it (agents only). */
export function getSecretChanges(): Promise<ResolverResult<SecretChangesPanelView>> {
  return callResolver<SecretChangesPanelView>(SECRET_AUDIT_RESOLVER_KEYS.panelSecretChanges);
}
