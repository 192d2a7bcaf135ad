/** The Okta org the stand-in keeps: plain data, JSON-safe so snapshots are a structured copy. */

/** All of Okta's user statuses (spec `UserStatus`); the stand-in drives STAGED → … → DEPROVISIONED. */
export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

/** Profile values are strings in Okta's base schema; custom attributes may be other JSON scalars. */
export type ProfileValue = string | number | boolean | null;
export type UserProfile = Record<string, ProfileValue>;

export interface OktaUser {
  id: string;
  status: UserStatus;
  /** Epoch ms (virtual clock) for every timestamp; rendered as ISO-8601 on the wire. */
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  lastUpdated: number;
  passwordChanged: number | null;
  typeId: string;
  profile: UserProfile;
  /** Whether a password was set. The value itself is never kept: the stand-in has no use for it. */
  hasPassword: boolean;
  recoveryQuestion: string | null;
}

export type GroupType = 'OKTA_GROUP' | 'BUILT_IN' | 'APP_GROUP';

export interface OktaGroup {
  id: string;
  type: GroupType;
  name: string;
  description: string | null;
  created: number;
  lastUpdated: number;
  lastMembershipUpdated: number;
  /**
   * A group with an admin role assigned: only a super admin (the SSWS token) may change its
   * members, so service apps get 403 E0000006 — the guard the app's policy must respect.
   */
  protected: boolean;
}

export interface OktaSession {
  id: string;
  userId: string;
  createdAt: number;
}

export interface SessionRevocation {
  userId: string;
  at: number;
  cleared: number;
  oauthTokens: boolean;
}

export interface ServiceApp {
  clientId: string;
  publicJwk: JsonWebKey & { kid: string };
  /** Okta API scopes granted to the app. */
  scopes: string[];
  requireDpop: boolean;
}

export interface AccessTokenRecord {
  /** Stored by SHA-256 of the token text: the text itself never sits in snapshots. */
  tokenHash: string;
  jti: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** JWK SHA-256 thumbprint of the DPoP key the token is bound to (`cnf.jkt`), if any. */
  jkt?: string;
}

export type AuthKind = 'ssws' | 'bearer' | 'dpop' | 'client_assertion' | 'none';

export interface RequestLogEntry {
  method: string;
  /** Path relative to the org (`/api/v1/users/00u…`), without any mount prefix or query. */
  path: string;
  query?: string;
  status: number;
  clientId?: string;
  auth: AuthKind;
  bucket?: string;
  /** Virtual epoch ms. */
  at: number;
}
