import type { Clock } from '../platform/clock';
import { loginTaken } from './errors';
import { IdGenerator } from './ids';
import type {
  AccessTokenRecord,
  GroupType,
  OktaGroup,
  OktaSession,
  OktaUser,
  RequestLogEntry,
  ServiceApp,
  SessionRevocation,
  UserProfile,
  UserStatus,
} from './model';
import { RateLimiter, type OktaRateBucket, type RateLimiterState } from './rate-limits';

export interface NewUserInput {
  profile: UserProfile;
  status?: UserStatus;
  hasPassword?: boolean;
  lastLogin?: number | null;
  typeId?: string;
  recoveryQuestion?: string | null;
}

export interface NewGroupInput {
  name: string;
  description?: string | null;
  type?: GroupType;
  protected?: boolean;
}

export interface OktaStoreSnapshot {
  version: 1;
  ids: number;
  defaultUserTypeId: string;
  users: OktaUser[];
  groups: OktaGroup[];
  memberships: Record<string, string[]>;
  sessions: OktaSession[];
  revocations: SessionRevocation[];
  serviceApps: ServiceApp[];
  customAttributes: string[];
  tokens: AccessTokenRecord[];
  usedAssertionJtis: [string, number][];
  usedProofJtis: [string, number][];
  dpopNonces: [string, number][];
  rateLimits: RateLimiterState;
}

/** Matches Okta's case-insensitive logins. */
const loginKey = (login: string): string => login.toLowerCase();

/**
 * The org's state: users, groups, memberships, sessions, registered service apps, OAuth
 * bookkeeping, rate-limit windows and the request log. Tests seed and inspect through it; the
 * HTTP layer applies Okta's rules on top (validation, lifecycle, scopes).
 */
export class OktaStore {
  readonly rateLimiter: RateLimiter;
  private ids = new IdGenerator();
  private defaultTypeId: string;
  private users = new Map<string, OktaUser>();
  private logins = new Map<string, string>();
  private groups = new Map<string, OktaGroup>();
  private members = new Map<string, Set<string>>();
  private sessions = new Map<string, OktaSession[]>();
  private revocations: SessionRevocation[] = [];
  private apps = new Map<string, ServiceApp>();
  private custom = new Set<string>();
  private log: RequestLogEntry[] = [];
  /** OAuth bookkeeping, kept here so snapshots carry it. */
  readonly tokens = new Map<string, AccessTokenRecord>();
  readonly usedAssertionJtis = new Map<string, number>();
  readonly usedProofJtis = new Map<string, number>();
  readonly dpopNonces = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    this.rateLimiter = new RateLimiter(clock);
    this.defaultTypeId = this.ids.next('oty');
    // Every Okta org has the built-in Everyone group, and every user is in it.
    this.createGroup({ name: 'Everyone', description: 'All users in your organization', type: 'BUILT_IN' });
  }

  now(): number {
    return this.clock.now();
  }

  get defaultUserTypeId(): string {
    return this.defaultTypeId;
  }

  // ---- users

  /** All users in id (= creation) order. */
  listUsers(): OktaUser[] {
    return [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  getUser(id: string): OktaUser | undefined {
    return this.users.get(id);
  }

  findUserByLogin(login: string): OktaUser | undefined {
    const id = this.logins.get(loginKey(login));
    return id ? this.users.get(id) : undefined;
  }

  /** Okta resolves `{id}` as an id, a login, or a login shortname (the part before `@`) when unique. */
  findUser(idOrLogin: string): OktaUser | undefined {
    const byId = this.users.get(idOrLogin);
    if (byId) return byId;
    const byLogin = this.findUserByLogin(idOrLogin);
    if (byLogin) return byLogin;
    if (idOrLogin.includes('@')) return undefined;
    const short = [...this.users.values()].filter((u) => typeof u.profile.login === 'string' && loginKey(u.profile.login.split('@')[0] ?? '') === loginKey(idOrLogin));
    return short.length === 1 ? short[0] : undefined;
  }

  isLoginTaken(login: string, exceptUserId?: string): boolean {
    const id = this.logins.get(loginKey(login));
    return id !== undefined && id !== exceptUserId;
  }

  /** Adds a user as-is (no profile validation: seeding may need odd data); the login must be free. */
  insertUser(input: NewUserInput): OktaUser {
    const login = input.profile.login;
    if (typeof login !== 'string' || login === '') throw new TypeError('profile.login is required');
    if (this.isLoginTaken(login)) throw loginTaken();
    const now = this.clock.now();
    const status = input.status ?? 'STAGED';
    const user: OktaUser = {
      id: this.ids.next('00u'),
      status,
      created: now,
      activated: status === 'ACTIVE' || status === 'SUSPENDED' || status === 'PASSWORD_EXPIRED' ? now : null,
      statusChanged: status === 'STAGED' ? null : now,
      lastLogin: input.lastLogin ?? null,
      lastUpdated: now,
      passwordChanged: input.hasPassword ? now : null,
      typeId: input.typeId ?? this.defaultTypeId,
      profile: { ...input.profile },
      hasPassword: input.hasPassword ?? false,
      recoveryQuestion: input.recoveryQuestion ?? null,
    };
    this.users.set(user.id, user);
    this.logins.set(loginKey(login), user.id);
    const everyone = this.builtInEveryone();
    if (everyone) this.addMember(everyone.id, user.id);
    return user;
  }

  /** Removes a user for good (Okta's second DELETE), with memberships and sessions. */
  deleteUser(userId: string): void {
    const user = this.requireUser(userId);
    if (typeof user.profile.login === 'string') this.logins.delete(loginKey(user.profile.login));
    for (const groupId of this.groupIdsOf(userId)) this.removeMember(groupId, userId);
    this.sessions.delete(userId);
    this.users.delete(userId);
  }

  /** Replaces a user's profile, keeping the login index right; the caller checked the login is free. */
  replaceProfile(user: OktaUser, profile: UserProfile): void {
    const before = user.profile.login;
    const after = profile.login;
    if (typeof after !== 'string' || after === '') throw new TypeError('profile.login is required');
    if (this.isLoginTaken(after, user.id)) throw loginTaken();
    if (typeof before === 'string') this.logins.delete(loginKey(before));
    this.logins.set(loginKey(after), user.id);
    user.profile = { ...profile };
    user.lastUpdated = this.clock.now();
  }

  /** Moves a user to a status, stamping `statusChanged` (and `activated` on first activation). */
  setStatus(user: OktaUser, status: UserStatus): void {
    const now = this.clock.now();
    if (status === 'ACTIVE' && user.activated === null) user.activated = now;
    user.status = status;
    user.statusChanged = now;
    user.lastUpdated = now;
  }

  /**
   * What happens when a PROVISIONED user finishes Okta's welcome flow (sets a password): the
   * stand-in has no end-user UI, so tests and demos call this.
   */
  completeActivation(userId: string): OktaUser {
    const user = this.requireUser(userId);
    if (user.status !== 'PROVISIONED' && user.status !== 'PASSWORD_EXPIRED') {
      throw new Error(`user ${userId} is ${user.status}; only PROVISIONED or PASSWORD_EXPIRED users can complete activation`);
    }
    user.hasPassword = true;
    user.passwordChanged = this.clock.now();
    this.setStatus(user, 'ACTIVE');
    return user;
  }

  /** A sign-in by the user (for demos): stamps `lastLogin` and opens a session. */
  recordLogin(userId: string): OktaSession {
    const user = this.requireUser(userId);
    user.lastLogin = this.clock.now();
    return this.addSession(userId);
  }

  private requireUser(userId: string): OktaUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no Okta user ${userId}`);
    return user;
  }

  // ---- groups

  listGroups(): OktaGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  getGroup(id: string): OktaGroup | undefined {
    return this.groups.get(id);
  }

  findGroupByName(name: string): OktaGroup | undefined {
    return [...this.groups.values()].find((g) => g.name.toLowerCase() === name.toLowerCase());
  }

  createGroup(input: NewGroupInput): OktaGroup {
    const now = this.clock.now();
    const group: OktaGroup = {
      id: this.ids.next('00g'),
      type: input.type ?? 'OKTA_GROUP',
      name: input.name,
      description: input.description ?? null,
      created: now,
      lastUpdated: now,
      lastMembershipUpdated: now,
      protected: input.protected ?? false,
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Set());
    return group;
  }

  /** Member user ids in id order (Okta pages members by id). */
  memberIds(groupId: string): string[] {
    return [...(this.members.get(groupId) ?? [])].sort();
  }

  groupIdsOf(userId: string): string[] {
    return [...this.members].filter(([, set]) => set.has(userId)).map(([groupId]) => groupId).sort();
  }

  isMember(groupId: string, userId: string): boolean {
    return this.members.get(groupId)?.has(userId) ?? false;
  }

  /** Returns whether anything changed (Okta's PUT is idempotent either way). */
  addMember(groupId: string, userId: string): boolean {
    const set = this.members.get(groupId);
    const group = this.groups.get(groupId);
    if (!set || !group) throw new Error(`no Okta group ${groupId}`);
    if (set.has(userId)) return false;
    set.add(userId);
    group.lastMembershipUpdated = this.clock.now();
    return true;
  }

  removeMember(groupId: string, userId: string): boolean {
    const set = this.members.get(groupId);
    const group = this.groups.get(groupId);
    if (!set || !group || !set.delete(userId)) return false;
    group.lastMembershipUpdated = this.clock.now();
    return true;
  }

  private builtInEveryone(): OktaGroup | undefined {
    return [...this.groups.values()].find((g) => g.type === 'BUILT_IN' && g.name === 'Everyone');
  }

  // ---- sessions

  sessionsOf(userId: string): OktaSession[] {
    return [...(this.sessions.get(userId) ?? [])];
  }

  addSession(userId: string): OktaSession {
    const session: OktaSession = { id: this.ids.next('102'), userId, createdAt: this.clock.now() };
    this.sessions.set(userId, [...(this.sessions.get(userId) ?? []), session]);
    return session;
  }

  clearSessions(userId: string, oauthTokens = false): number {
    const cleared = this.sessions.get(userId)?.length ?? 0;
    this.sessions.delete(userId);
    this.revocations.push({ userId, at: this.clock.now(), cleared, oauthTokens });
    return cleared;
  }

  /** Every `DELETE /users/{id}/sessions` seen, for asserting an offboarding really revoked. */
  sessionRevocations(): SessionRevocation[] {
    return this.revocations.map((r) => ({ ...r }));
  }

  // ---- service apps

  registerServiceApp(app: ServiceApp): void {
    if (!app.clientId) throw new TypeError('clientId is required');
    if (!app.publicJwk.kid) throw new TypeError('publicJwk.kid is required');
    if ('d' in app.publicJwk && app.publicJwk.d !== undefined) throw new TypeError('register the PUBLIC key: the JWK has a private part');
    this.apps.set(app.clientId, { ...app, publicJwk: { ...app.publicJwk }, scopes: [...app.scopes] });
  }

  serviceApp(clientId: string): ServiceApp | undefined {
    return this.apps.get(clientId);
  }

  serviceApps(): ServiceApp[] {
    return [...this.apps.values()];
  }

  newAppClientId(): string {
    return this.ids.next('0oa');
  }

  // ---- profile schema

  /** Adds custom user profile attributes (Okta rejects attributes the schema does not define). */
  extendUserSchema(...names: string[]): void {
    for (const name of names) this.custom.add(name);
  }

  customAttributes(): ReadonlySet<string> {
    return this.custom;
  }

  // ---- rate limits

  setRateLimit(bucket: OktaRateBucket, perMinute: number): void {
    this.rateLimiter.setLimit(bucket, perMinute);
  }

  rateLimit(bucket: OktaRateBucket): number {
    return this.rateLimiter.limit(bucket);
  }

  // ---- request log

  logRequest(entry: RequestLogEntry): void {
    this.log.push(entry);
  }

  requestLog(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearRequestLog(): void {
    this.log = [];
  }

  /** Drops expired OAuth bookkeeping so long runs stay small. */
  pruneExpired(): void {
    const now = this.clock.now();
    // Expired tokens linger a day so a late caller still hears "The token has expired."
    for (const [hash, token] of this.tokens) if (token.expiresAt + 86_400_000 <= now) this.tokens.delete(hash);
    for (const map of [this.usedAssertionJtis, this.usedProofJtis, this.dpopNonces]) {
      for (const [key, until] of map) if (until <= now) map.delete(key);
    }
  }

  // ---- snapshots

  /** A JSON-safe copy of the org. The request log is diagnostics, not state, and stays out. */
  snapshot(): OktaStoreSnapshot {
    return structuredClone({
      version: 1 as const,
      ids: this.ids.state,
      defaultUserTypeId: this.defaultTypeId,
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      memberships: Object.fromEntries([...this.members].map(([g, set]) => [g, [...set]])),
      sessions: [...this.sessions.values()].flat(),
      revocations: this.revocations,
      serviceApps: [...this.apps.values()],
      customAttributes: [...this.custom],
      tokens: [...this.tokens.values()],
      usedAssertionJtis: [...this.usedAssertionJtis],
      usedProofJtis: [...this.usedProofJtis],
      dpopNonces: [...this.dpopNonces],
      rateLimits: this.rateLimiter.snapshot(),
    });
  }

  restore(raw: unknown): void {
    const s = raw as OktaStoreSnapshot;
    if (!s || s.version !== 1) throw new Error('not an Okta stand-in snapshot (version 1)');
    const copy = structuredClone(s);
    this.ids.state = copy.ids;
    this.defaultTypeId = copy.defaultUserTypeId;
    this.users = new Map(copy.users.map((u) => [u.id, u]));
    this.logins = new Map(copy.users.filter((u) => typeof u.profile.login === 'string').map((u) => [loginKey(u.profile.login as string), u.id]));
    this.groups = new Map(copy.groups.map((g) => [g.id, g]));
    this.members = new Map(copy.groups.map((g) => [g.id, new Set(copy.memberships[g.id] ?? [])]));
    this.sessions = new Map();
    for (const session of copy.sessions) this.sessions.set(session.userId, [...(this.sessions.get(session.userId) ?? []), session]);
    this.revocations = copy.revocations;
    this.apps = new Map(copy.serviceApps.map((a) => [a.clientId, a]));
    this.custom = new Set(copy.customAttributes);
    this.tokens.clear();
    for (const t of copy.tokens) this.tokens.set(t.tokenHash, t);
    for (const [map, entries] of [
      [this.usedAssertionJtis, copy.usedAssertionJtis],
      [this.usedProofJtis, copy.usedProofJtis],
      [this.dpopNonces, copy.dpopNonces],
    ] as const) {
      map.clear();
      for (const [k, v] of entries) map.set(k, v);
    }
    this.rateLimiter.restore(copy.rateLimits);
  }
}
