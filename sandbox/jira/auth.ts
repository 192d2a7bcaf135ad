/**
 * Who is calling: an identity bound by the platform (Forge asApp()/asUser() go through
 * `fetchAs`, which passes it as a Hono binding no HTTP client can set), or Jira Cloud's Basic
 * auth with `email:apiToken`.
 */
import { type UserRecord } from './model';
import { findUser, type StoreContext } from './store/context';
import { authenticate } from './store/users';

export interface JiraBindings {
  /** Set only by `fetchAs`. */
  jiraActorAccountId?: string;
}

export const UNAUTHENTICATED = 'Client must be authenticated to access this resource.';

function basicCredentials(header: string | undefined): { email: string; token: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { email: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

export function resolveActor(ctx: StoreContext, env: unknown, authorization: string | undefined): UserRecord | undefined {
  const bound = typeof env === 'object' && env !== null ? (env as JiraBindings).jiraActorAccountId : undefined;
  if (bound !== undefined) {
    const user = findUser(ctx, bound);
    return user?.active ? user : undefined;
  }
  const creds = basicCredentials(authorization);
  return creds ? authenticate(ctx, creds.email, creds.token) : undefined;
}
