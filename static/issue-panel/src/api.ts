/** Typed wrappers around the bridge's `invoke`, one per resolver key this package calls. */
import { callResolver } from '@common/resolver-call';
import { RESOLVER_KEYS, type PanelInfo, type ResolverResult } from '@shared/resolver-contract';
import { JIT_RESOLVER_KEYS, type JitExtensionRequest, type JitPanelView } from '@shared/jit-contract';
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

// ---- Just-in-time access ----

/** The temporary access on this request and what the viewer may do with it (the issue and viewer come from the context). */
export function getJitGrant(): Promise<ResolverResult<JitPanelView>> {
  return callResolver<JitPanelView>(JIT_RESOLVER_KEYS.panelGrant);
}

/** Ends the access now; the resolver checks the viewer may. Answers the refreshed view. */
export function revokeJitGrant(): Promise<ResolverResult<JitPanelView>> {
  return callResolver<JitPanelView>(JIT_RESOLVER_KEYS.panelRevoke);
}

export function requestJitExtension(request: JitExtensionRequest): Promise<ResolverResult<JitPanelView>> {
  return callResolver<JitPanelView>(JIT_RESOLVER_KEYS.panelRequestExtension, { minutes: request.minutes, ...(request.reason ? { reason: request.reason } : {}) });
}

export function approveJitExtension(): Promise<ResolverResult<JitPanelView>> {
  return callResolver<JitPanelView>(JIT_RESOLVER_KEYS.panelApproveExtension);
}

export function declineJitExtension(): Promise<ResolverResult<JitPanelView>> {
  return callResolver<JitPanelView>(JIT_RESOLVER_KEYS.panelDeclineExtension);
}
