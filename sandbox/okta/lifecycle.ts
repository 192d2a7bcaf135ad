import { OktaApiError, activationFailedAlreadyActive, notAllowedInStatus, notFound, validationFailed } from './errors';
import { opaqueToken } from './ids';
import type { OktaUser } from './model';
import type { OktaStore } from './store';

export type LifecycleAction = 'activate' | 'deactivate' | 'suspend' | 'unsuspend' | 'reactivate';

export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = ['activate', 'deactivate', 'suspend', 'unsuspend', 'reactivate'];

/** What a lifecycle call answers: a body (activation token), or 200 with no body. */
export type LifecycleResult = { kind: 'empty' } | { kind: 'activation'; activationToken?: string };

/**
 * Okta's status rules for the lifecycle endpoints. Activation of a user without a password ends in
 * PROVISIONED (the user still has to finish the welcome flow); with a password it ends in ACTIVE.
 * Wrong transitions answer the way Okta does:
 * - activate an ACTIVE user → 403 E0000016; other non-STAGED/DEPROVISIONED → 403 E0000038
 * - deactivate a DEPROVISIONED user → 404 E0000007 (Okta treats it as no longer addressable)
 * - suspend a non-ACTIVE user → 400 E0000001 "Api validation failed: suspendUser"
 * - unsuspend a non-SUSPENDED user → 400 E0000001 "Api validation failed: unsuspendUser"
 * - reactivate a user not PROVISIONED/RECOVERY → 403 E0000038
 */
export function applyLifecycle(store: OktaStore, user: OktaUser, action: LifecycleAction, options: { sendEmail?: boolean }): LifecycleResult {
  switch (action) {
    case 'activate': {
      if (user.status === 'ACTIVE') throw activationFailedAlreadyActive();
      if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') throw notAllowedInStatus();
      store.setStatus(user, user.hasPassword ? 'ACTIVE' : 'PROVISIONED');
      // sendEmail defaults to true: Okta mails the link and the body is empty.
      return options.sendEmail === false ? { kind: 'activation', activationToken: opaqueToken(20) } : { kind: 'activation' };
    }
    case 'deactivate': {
      if (user.status === 'DEPROVISIONED') throw notFound(user.id, 'User');
      store.setStatus(user, 'DEPROVISIONED');
      // Deactivation deprovisions the user everywhere: sessions end, the password is dropped.
      store.clearSessions(user.id);
      user.hasPassword = false;
      return { kind: 'empty' };
    }
    case 'suspend': {
      if (user.status !== 'ACTIVE') throw validationFailed('suspendUser', ['Cannot suspend a user that is not active']);
      store.setStatus(user, 'SUSPENDED');
      store.clearSessions(user.id);
      return { kind: 'empty' };
    }
    case 'unsuspend': {
      if (user.status !== 'SUSPENDED') throw validationFailed('unsuspendUser', ['Cannot unsuspend a user that is not suspended']);
      store.setStatus(user, 'ACTIVE');
      return { kind: 'empty' };
    }
    case 'reactivate': {
      if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw notAllowedInStatus();
      store.setStatus(user, 'PROVISIONED');
      // sendEmail defaults to false here, so the token comes back in the body.
      return options.sendEmail === true ? { kind: 'activation' } : { kind: 'activation', activationToken: opaqueToken(20) };
    }
    default: {
      const never: never = action;
      throw new OktaApiError(404, 'E0000008', `The requested path was not found: ${String(never)}`);
    }
  }
}
