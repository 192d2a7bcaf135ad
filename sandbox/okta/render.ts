import type { OktaGroup, OktaUser, UserStatus } from './model';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Lifecycle links Okta offers per status, so clients can discover what is allowed next. */
const STATUS_LINKS: Record<UserStatus, string[]> = {
  STAGED: ['activate', 'deactivate'],
  PROVISIONED: ['reactivate', 'deactivate', 'resetPassword'],
  ACTIVE: ['suspend', 'deactivate', 'resetPassword', 'expirePassword', 'forgotPassword', 'changeRecoveryQuestion', 'changePassword'],
  PASSWORD_EXPIRED: ['suspend', 'deactivate', 'resetPassword', 'expirePassword'],
  RECOVERY: ['reactivate', 'deactivate', 'resetPassword', 'expirePassword'],
  LOCKED_OUT: ['unlock', 'deactivate', 'resetPassword'],
  SUSPENDED: ['unsuspend', 'deactivate'],
  DEPROVISIONED: ['activate'],
};

const LINK_PATHS: Record<string, string> = {
  activate: 'lifecycle/activate',
  deactivate: 'lifecycle/deactivate',
  reactivate: 'lifecycle/reactivate',
  suspend: 'lifecycle/suspend',
  unsuspend: 'lifecycle/unsuspend',
  unlock: 'lifecycle/unlock',
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  forgotPassword: 'credentials/forgot_password',
  changeRecoveryQuestion: 'credentials/change_recovery_question',
  changePassword: 'credentials/change_password',
};

/**
 * A user as Okta serialises it. `full` is the single-user shape with lifecycle links; lists carry
 * only `self`, as Okta's collections do. Credentials show the provider (and `password: {}` when one
 * is set) — never a secret.
 */
export function renderUser(user: OktaUser, base: string, full: boolean): Record<string, unknown> {
  const self = `${base}/api/v1/users/${user.id}`;
  const links: Record<string, unknown> = { self: { href: self } };
  if (full) {
    for (const rel of STATUS_LINKS[user.status]) {
      const path = LINK_PATHS[rel];
      if (path) links[rel] = { href: `${self}/${path}`, hints: { allow: ['POST'] } };
    }
    links.schema = { href: `${base}/api/v1/meta/schemas/user/${user.typeId}` };
    links.type = { href: `${base}/api/v1/meta/types/user/${user.typeId}` };
  }
  const credentials: Record<string, unknown> = {};
  if (user.hasPassword) credentials.password = {};
  if (user.recoveryQuestion) credentials.recovery_question = { question: user.recoveryQuestion };
  credentials.provider = { type: 'OKTA', name: 'OKTA' };
  return {
    id: user.id,
    status: user.status,
    created: iso(user.created),
    activated: isoOrNull(user.activated),
    statusChanged: isoOrNull(user.statusChanged),
    lastLogin: isoOrNull(user.lastLogin),
    lastUpdated: iso(user.lastUpdated),
    passwordChanged: isoOrNull(user.passwordChanged),
    type: { id: user.typeId },
    profile: { ...user.profile },
    credentials,
    _links: links,
  };
}

export function renderGroup(group: OktaGroup, base: string): Record<string, unknown> {
  const self = `${base}/api/v1/groups/${group.id}`;
  const profile: Record<string, unknown> = { name: group.name };
  if (group.description !== null) profile.description = group.description;
  return {
    id: group.id,
    created: iso(group.created),
    lastUpdated: iso(group.lastUpdated),
    lastMembershipUpdated: iso(group.lastMembershipUpdated),
    objectClass: ['okta:user_group'],
    type: group.type,
    profile,
    _links: {
      logo: [
        { name: 'medium', href: `${base}/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${base}/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}
