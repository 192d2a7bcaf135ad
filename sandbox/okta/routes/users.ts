import {
  expireOnCreateNeedsActivation,
  expireOnCreateNeedsPassword,
  loginTaken,
  notAllowedInStatus,
  validationFailed,
} from '../errors';
import { checkFilter, matches, parseFilter, type FilterRules, type FilterValue } from '../filter';
import { applyLifecycle, LIFECYCLE_ACTIONS } from '../lifecycle';
import type { OktaUser, UserProfile } from '../model';
import { renderGroup, renderUser } from '../render';
import { mergeProfile, parseProfile, validateProfile } from '../user-profile';
import { asObject, booleanParam, param, requireUser, type DefineRoute, type RouteContext, type RouteHandler, type RouteResult } from './context';
import { linkHeaders, pageOf } from './paging';

const USER_DATE_ATTRIBUTES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);
const USER_TOP_LEVEL = new Set(['id', 'status', 'type.id', ...USER_DATE_ATTRIBUTES]);

/** `search` takes any user property; `filter` only a handful, with `eq` (dates also ranges). */
const SEARCH_RULES: FilterRules = {
  attribute: (attr) => USER_TOP_LEVEL.has(attr) || /^profile\.\w+$/.test(attr),
  op: () => true,
};
const FILTER_ATTRIBUTES = new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']);
const FILTER_RULES: FilterRules = {
  attribute: (attr) => FILTER_ATTRIBUTES.has(attr),
  op: (attr, op) => op === 'eq' || (attr === 'lastUpdated' && ['gt', 'ge', 'lt', 'le'].includes(op)),
};

function readUser(user: OktaUser): (attr: string) => FilterValue | undefined {
  return (attr) => {
    if (attr.startsWith('profile.')) return user.profile[attr.slice('profile.'.length)];
    if (attr === 'type.id') return user.typeId;
    if (attr === 'id' || attr === 'status') return user[attr];
    if (USER_DATE_ATTRIBUTES.has(attr)) return user[attr as 'created'];
    return undefined;
  };
}

const listUsers: RouteHandler = (ctx) => {
  const { query, store } = ctx;
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');
  let users = store.listUsers();
  if (search !== null) {
    const node = parseFilter(search);
    checkFilter(node, SEARCH_RULES);
    users = users.filter((u) => matches(node, readUser(u), USER_DATE_ATTRIBUTES));
  } else if (filter !== null) {
    const node = parseFilter(filter);
    checkFilter(node, FILTER_RULES);
    users = users.filter((u) => matches(node, readUser(u), USER_DATE_ATTRIBUTES));
  } else {
    // Without search/filter Okta leaves DEPROVISIONED users out.
    users = users.filter((u) => u.status !== 'DEPROVISIONED');
    if (q !== null) {
      const prefix = q.toLowerCase();
      users = users.filter((u) =>
        ['firstName', 'lastName', 'email'].some((field) => {
          const value = u.profile[field];
          return typeof value === 'string' && value.toLowerCase().startsWith(prefix);
        }),
      );
    }
  }
  const page = pageOf(users, query, q !== null && search === null && filter === null ? 10 : 200, 200);
  return {
    status: 200,
    body: page.items.map((u) => renderUser(u, ctx.base, false)),
    headers: { Link: linkHeaders(ctx.base, ctx.path, query, page) },
  };
};

const getUser: RouteHandler = (ctx) => ({ status: 200, body: renderUser(requireUser(ctx, param(ctx, 'id')), ctx.base, true) });

interface WritableCredentials {
  password?: boolean;
  recoveryQuestion?: string;
}

function readCredentials(raw: unknown): WritableCredentials {
  if (raw === undefined || raw === null) return {};
  const credentials = asObject(raw);
  const out: WritableCredentials = {};
  if (credentials.password !== undefined && credentials.password !== null) {
    const value = asObject(credentials.password).value;
    if (value !== undefined) {
      if (typeof value !== 'string' || value.length < 8) throw validationFailed('password', ['password: Password requirements were not met.']);
      out.password = true;
    }
  }
  if (credentials.recovery_question !== undefined && credentials.recovery_question !== null) {
    const question = asObject(credentials.recovery_question).question;
    if (typeof question === 'string' && question !== '') out.recoveryQuestion = question;
  }
  return out;
}

function checkType(ctx: RouteContext, raw: unknown, current?: string): void {
  if (raw === undefined || raw === null) return;
  const id = asObject(raw).id;
  const expected = current ?? ctx.store.defaultUserTypeId;
  if (id !== undefined && id !== expected) throw validationFailed('type', [`type: The user type ${String(id)} is not valid here`]);
}

const createUser: RouteHandler = async (ctx) => {
  const body = asObject(await ctx.body());
  const activate = booleanParam(ctx.query, 'activate', true);
  const nextLogin = ctx.query.get('nextLogin');
  const credentials = readCredentials(body.credentials);
  if (nextLogin === 'changePassword') {
    if (!activate) throw expireOnCreateNeedsActivation();
    if (!credentials.password) throw expireOnCreateNeedsPassword();
  }
  const profile = parseProfile(body.profile, ctx.store.customAttributes());
  validateProfile(profile);
  if (ctx.store.isLoginTaken(profile.login as string)) throw loginTaken();
  checkType(ctx, body.type);
  const groupIds = readGroupIds(ctx, body.groupIds);

  const user = ctx.store.insertUser({ profile, hasPassword: credentials.password ?? false, recoveryQuestion: credentials.recoveryQuestion ?? null });
  if (activate) {
    applyLifecycle(ctx.store, user, 'activate', { sendEmail: false });
    if (nextLogin === 'changePassword') ctx.store.setStatus(user, 'PASSWORD_EXPIRED');
  }
  for (const groupId of groupIds) ctx.store.addMember(groupId, user.id);
  return { status: 200, body: renderUser(user, ctx.base, true) };
};

function readGroupIds(ctx: RouteContext, raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((id) => typeof id !== 'string')) throw validationFailed('groupIds', ['groupIds: Must be a list of group ids']);
  const ids = raw as string[];
  const bad = ids.filter((id) => ctx.store.getGroup(id)?.type !== 'OKTA_GROUP');
  if (bad.length > 0) throw validationFailed('groupIds', bad.map((id) => `groupIds: ${id} is not an Okta group`));
  return ids;
}

const updateUser: RouteHandler = async (ctx) => {
  const user = requireUser(ctx, param(ctx, 'id'));
  const body = asObject(await ctx.body());
  // Okta leaves deactivated users' profiles alone unless an org setting allows it.
  if (user.status === 'DEPROVISIONED') throw notAllowedInStatus();
  checkType(ctx, body.type, user.typeId);
  const credentials = readCredentials(body.credentials);
  if (body.profile !== undefined) {
    const patch = parseProfile(body.profile, ctx.store.customAttributes());
    const merged: UserProfile = mergeProfile(user.profile, patch);
    validateProfile(merged);
    ctx.store.replaceProfile(user, merged);
  }
  if (credentials.password) {
    user.hasPassword = true;
    user.passwordChanged = ctx.store.now();
  }
  if (credentials.recoveryQuestion) user.recoveryQuestion = credentials.recoveryQuestion;
  user.lastUpdated = ctx.store.now();
  return { status: 200, body: renderUser(user, ctx.base, true) };
};

/** First DELETE deactivates; a second one (on a DEPROVISIONED user) deletes. */
const deleteUser: RouteHandler = (ctx) => {
  const user = requireUser(ctx, param(ctx, 'id'));
  if (user.status === 'DEPROVISIONED') ctx.store.deleteUser(user.id);
  else applyLifecycle(ctx.store, user, 'deactivate', {});
  return { status: 204 };
};

const listUserGroups: RouteHandler = (ctx) => {
  const user = requireUser(ctx, param(ctx, 'id'));
  const groups = ctx.store.groupIdsOf(user.id).flatMap((id) => ctx.store.getGroup(id) ?? []);
  return { status: 200, body: groups.map((g) => renderGroup(g, ctx.base)) };
};

function lifecycleHandler(action: (typeof LIFECYCLE_ACTIONS)[number]): RouteHandler {
  return (ctx): RouteResult => {
    const user = requireUser(ctx, param(ctx, 'id'));
    const sendEmail = ctx.query.has('sendEmail') ? booleanParam(ctx.query, 'sendEmail', true) : undefined;
    const result = applyLifecycle(ctx.store, user, action, { sendEmail });
    if (result.kind === 'empty') return { status: 200 };
    if (!result.activationToken) return { status: 200, body: {} };
    return {
      status: 200,
      body: { activationToken: result.activationToken, activationUrl: `${ctx.base}/tokens/${result.activationToken}/verify` },
    };
  };
}

const revokeSessions: RouteHandler = (ctx) => {
  const user = requireUser(ctx, param(ctx, 'userId'));
  ctx.store.clearSessions(user.id, booleanParam(ctx.query, 'oauthTokens', false));
  return { status: 204 };
};

export function registerUserRoutes(define: DefineRoute): void {
  define('GET', '/api/v1/users', listUsers);
  define('POST', '/api/v1/users', createUser);
  define('GET', '/api/v1/users/{id}/groups', listUserGroups);
  for (const action of LIFECYCLE_ACTIONS) define('POST', `/api/v1/users/{id}/lifecycle/${action}`, lifecycleHandler(action));
  define('DELETE', '/api/v1/users/{userId}/sessions', revokeSessions);
  define('GET', '/api/v1/users/{id}', getUser);
  define('POST', '/api/v1/users/{id}', updateUser);
  define('DELETE', '/api/v1/users/{id}', deleteUser);
}

