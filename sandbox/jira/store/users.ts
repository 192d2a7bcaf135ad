/** Accounts, API tokens and groups. */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { badRequest, forbidden, notFound } from '../errors';
import { type AccountType, type GroupRecord, type UserRecord } from '../model';
import { isSiteAdmin } from '../permissions';
import { isValidTimeZone } from '../time';
import { findUser, type StoreContext } from './context';

export interface NewUserInput {
  displayName: string;
  emailAddress?: string | null;
  accountType?: AccountType;
  timeZone?: string;
  locale?: string;
  /** Defaults to an Atlassian-style `712020:<uuid>`. */
  accountId?: string;
}

export function newAccountId(): string {
  return `712020:${randomUUID()}`;
}

export function createUser(ctx: StoreContext, input: NewUserInput): UserRecord {
  const accountId = input.accountId ?? newAccountId();
  if (findUser(ctx, accountId)) throw badRequest(`A user with account ID '${accountId}' already exists.`);
  const email = input.emailAddress?.trim().toLowerCase() ?? null;
  if (email && findUserByEmail(ctx, email)) throw badRequest(`A user with email '${email}' already exists.`);
  const timeZone = input.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) throw badRequest(`'${timeZone}' is not a valid time zone.`);
  const user: UserRecord = {
    accountId,
    accountType: input.accountType ?? 'atlassian',
    displayName: input.displayName,
    emailAddress: email,
    apiTokens: [],
    timeZone,
    locale: input.locale ?? 'en_US',
    active: true,
  };
  ctx.state.users[accountId] = user;
  return user;
}

export function findUserByEmail(ctx: StoreContext, email: string): UserRecord | undefined {
  const wanted = email.trim().toLowerCase();
  return Object.values(ctx.state.users).find((u) => u.emailAddress === wanted);
}

/** A new API token for Basic auth; Atlassian tokens start with ATATT. */
export function issueApiToken(ctx: StoreContext, accountId: string): string {
  const user = findUser(ctx, accountId);
  if (!user) throw notFound(`User '${accountId}' does not exist.`);
  const token = `ATATT3x${randomBytes(24).toString('base64url')}`;
  user.apiTokens.push(token);
  return token;
}

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The active user whose email and API token match, as Jira Cloud's Basic auth checks. */
export function authenticate(ctx: StoreContext, email: string, token: string): UserRecord | undefined {
  const user = findUserByEmail(ctx, email);
  if (!user || !user.active) return undefined;
  return user.apiTokens.some((t) => sameSecret(t, token)) ? user : undefined;
}

export function setUserTimeZone(ctx: StoreContext, accountId: string, timeZone: string): void {
  const user = findUser(ctx, accountId);
  if (!user) throw notFound(`User '${accountId}' does not exist.`);
  if (!isValidTimeZone(timeZone)) throw badRequest(`'${timeZone}' is not a valid time zone.`);
  user.timeZone = timeZone;
}

export function createGroup(ctx: StoreContext, name: string): GroupRecord {
  if (ctx.state.groups.some((g) => g.name.toLowerCase() === name.toLowerCase())) throw badRequest(`Group '${name}' already exists.`);
  const group: GroupRecord = { groupId: randomUUID(), name, memberIds: [] };
  ctx.state.groups.push(group);
  return group;
}

export function findGroup(ctx: StoreContext, idOrName: { groupId?: string; groupname?: string }): GroupRecord | undefined {
  if (idOrName.groupId !== undefined) return ctx.state.groups.find((g) => g.groupId === idOrName.groupId);
  const name = idOrName.groupname?.toLowerCase();
  return name === undefined ? undefined : ctx.state.groups.find((g) => g.name.toLowerCase() === name);
}

/** Configuration-time membership (seeding, the sandbox admin UI): no permission check. */
export function addGroupMember(ctx: StoreContext, group: GroupRecord, accountId: string): void {
  if (!findUser(ctx, accountId)) throw notFound(`User '${accountId}' does not exist.`);
  if (!group.memberIds.includes(accountId)) group.memberIds.push(accountId);
}

const NOT_SITE_ADMIN = 'user does not have the relevant permissions';

/** POST /group/user: site administrators only, like Jira Cloud. */
export function addUserToGroup(ctx: StoreContext, actorId: string, group: GroupRecord, accountId: string): void {
  if (!isSiteAdmin(ctx.state, actorId)) throw forbidden(NOT_SITE_ADMIN);
  if (!findUser(ctx, accountId)) throw badRequest(`Cannot add user. The user '${accountId}' does not exist.`);
  if (group.memberIds.includes(accountId)) throw badRequest(`Cannot add user. User is already a member of '${group.name}'.`);
  group.memberIds.push(accountId);
}

export function removeUserFromGroup(ctx: StoreContext, actorId: string, group: GroupRecord, accountId: string): void {
  if (!isSiteAdmin(ctx.state, actorId)) throw forbidden(NOT_SITE_ADMIN);
  if (!group.memberIds.includes(accountId)) throw badRequest(`Cannot remove user. User is not a member of '${group.name}'.`);
  group.memberIds = group.memberIds.filter((id) => id !== accountId);
}

/** Prefix match on display-name words and email, as /user/search does. */
export function matchesUserQuery(user: UserRecord, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return false;
  const words = user.displayName.toLowerCase().split(/\s+/);
  return (
    words.some((w) => w.startsWith(q)) ||
    user.displayName.toLowerCase().startsWith(q) ||
    (user.emailAddress ?? '').startsWith(q)
  );
}
