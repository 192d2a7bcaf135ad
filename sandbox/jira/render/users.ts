/** User representations: platform User/UserDetails and JSM UserDTO. */
import { type GroupRecord, type UserRecord } from '../model';
import { type StoreContext } from '../store/context';

export function avatarUrls(ctx: StoreContext, accountId: string): Record<'48x48' | '24x24' | '16x16' | '32x32', string> {
  const base = `${ctx.siteUrl}/avatar/${encodeURIComponent(accountId)}`;
  return { '48x48': `${base}?s=48`, '24x24': `${base}?s=24`, '16x16': `${base}?s=16`, '32x32': `${base}?s=32` };
}

export function userSelf(ctx: StoreContext, accountId: string): string {
  return `${ctx.siteUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`;
}

/** UserDetails (authors, assignees, group members). */
export function userDetails(ctx: StoreContext, user: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: userSelf(ctx, user.accountId),
    accountId: user.accountId,
    avatarUrls: avatarUrls(ctx, user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
  if (user.emailAddress) out.emailAddress = user.emailAddress;
  return out;
}

export function groupName(ctx: StoreContext, group: GroupRecord): Record<string, unknown> {
  return { name: group.name, groupId: group.groupId, self: `${ctx.siteUrl}/rest/api/3/group?groupId=${group.groupId}` };
}

/** The full User bean of /myself, /user and user search. */
export function userBean(ctx: StoreContext, user: UserRecord, expand: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: userSelf(ctx, user.accountId),
    accountId: user.accountId,
    accountType: user.accountType,
    avatarUrls: avatarUrls(ctx, user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    locale: user.locale,
    expand: 'groups,applicationRoles',
  };
  if (user.emailAddress) out.emailAddress = user.emailAddress;
  if (expand.has('groups')) {
    const groups = ctx.state.groups.filter((g) => g.memberIds.includes(user.accountId)).map((g) => groupName(ctx, g));
    out.groups = { size: groups.length, items: groups };
  }
  if (expand.has('applicationRoles')) out.applicationRoles = { size: 0, items: [] };
  return out;
}

/** Events and issue payloads name users by accountId only. */
export function userRef(user: UserRecord | undefined | null): { accountId: string } | null {
  return user ? { accountId: user.accountId } : null;
}

/** JSM UserDTO. */
export function userDto(ctx: StoreContext, user: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    accountId: user.accountId,
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    _links: {
      jiraRest: userSelf(ctx, user.accountId),
      avatarUrls: avatarUrls(ctx, user.accountId),
      self: userSelf(ctx, user.accountId),
    },
  };
  if (user.emailAddress) out.emailAddress = user.emailAddress;
  return out;
}
