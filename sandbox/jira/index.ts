/**
 * The Jira Cloud + JSM stand-in: REST v3 and servicedeskapi over an in-memory store, emitting
 * the Forge product events Jira would. The platform serves `app`, routes Forge
 * asApp()/asUser() calls through `fetchAs`, and persists `snapshot()` across restarts.
 */
import { type Hono } from 'hono';
import { type Clock } from '../platform/clock';
import { buildApp } from './app';
import { type JiraBindings } from './auth';
import { type JiraProductEvent } from './events-types';
import { STATE_VERSION, emptyState, type JiraState } from './model';
import { type StoreContext } from './store/context';
import { JiraStore } from './store/index';
import { createUser } from './store/users';

export interface JiraStandInOptions {
  clock: Clock;
  onEvent: (e: JiraProductEvent) => void;
  /** e.g. http://127.0.0.1:8080, for self links. */
  siteUrl: string;
  /** The app's own user (accountType 'app'). */
  appAccountId: string;
}

export interface JiraStandIn {
  /** Serves /rest/api/3/** and /rest/servicedeskapi/**; Basic auth (email:apiToken) per user; 401 otherwise. */
  app: Hono;
  /** Same routes, acting as that account without Basic auth (Forge asApp()/asUser()). */
  fetchAs(accountId: string, request: Request): Promise<Response>;
  store: JiraStore;
  /** JSON-serialisable full state. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

function ensureAppUser(ctx: StoreContext): void {
  const existing = ctx.state.users[ctx.appAccountId];
  if (existing) return;
  createUser(ctx, { accountId: ctx.appAccountId, accountType: 'app', displayName: 'Provisio', emailAddress: null, timeZone: 'UTC' });
  // The app user holds agent + project-admin permissions in every project (add-ons role).
  for (const p of ctx.state.projects) if (!p.roles.addons.includes(ctx.appAccountId)) p.roles.addons.push(ctx.appAccountId);
}

function isState(value: unknown): value is JiraState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<JiraState>;
  return (
    s.version === STATE_VERSION &&
    typeof s.counters === 'object' &&
    typeof s.users === 'object' &&
    typeof s.issues === 'object' &&
    Array.isArray(s.groups) &&
    Array.isArray(s.projects) &&
    Array.isArray(s.serviceDesks) &&
    Array.isArray(s.customFields) &&
    Array.isArray(s.requestTypes)
  );
}

export function createJiraStandIn(opts: JiraStandInOptions): JiraStandIn {
  const ctx: StoreContext = {
    state: emptyState(),
    clock: opts.clock,
    siteUrl: opts.siteUrl.replace(/\/+$/, ''),
    appAccountId: opts.appAccountId,
    emit: (e) => opts.onEvent(e),
  };
  ensureAppUser(ctx);
  const app = buildApp(ctx);
  return {
    app,
    fetchAs: async (accountId, request) => app.fetch(request, { jiraActorAccountId: accountId } satisfies JiraBindings),
    store: new JiraStore(ctx),
    snapshot: () => JSON.parse(JSON.stringify(ctx.state)) as unknown,
    restore: (snapshot) => {
      if (!isState(snapshot)) throw new TypeError(`not a Jira stand-in snapshot (expected state version ${STATE_VERSION})`);
      ctx.state = JSON.parse(JSON.stringify(snapshot)) as JiraState;
      ensureAppUser(ctx);
    },
  };
}

export { seedDemo, type DemoSeed, type DemoUser, type DemoRole, type DemoUserKey, type RequestTypeName } from './seed';
export { JiraStore } from './store/index';
export { JiraError, JqlError } from './errors';
export { EVENT, type JiraProductEvent } from './events-types';
export { servedRoutes, type ServedRoute } from './routes/table';
export type { JiraBindings } from './auth';
export type * from './model';
export type { IssueView, RequestSummary, UserRef, StatusRef, IssueFieldView, CommentView, ApprovalView, HistoryView, RequestForm, RequestFormField, FormFieldKind } from './store/views';
export type { CreateIssueInput } from './store/issues';
export type { EditIssueInput } from './store/edit';
export type { CustomerRequestInput, RequestListFilter, RequestOwnership } from './store/requests';
export type { NewCommentInput } from './store/comments';
export type { TransitionOptions } from './store/transitions';
export type { NewUserInput } from './store/users';
export type { NewProjectInput, NewCustomFieldInput, NewRequestTypeInput } from './store/config';
export type { TransitionDef } from './workflow';
export type { ApprovalAnswer } from './store/approvals';
