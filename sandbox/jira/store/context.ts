/**
 * What every domain operation works with: the mutable state (swapped wholesale on restore),
 * the sandbox clock, the site URL for self links, and the event sink.
 */
import { type Clock } from '../../platform/clock';
import { notFound } from '../errors';
import { type JiraProductEvent } from '../events-types';
import { canBrowse } from '../permissions';
import {
  type CustomFieldRecord,
  type IdCounters,
  type IssueRecord,
  type JiraState,
  type ProjectRecord,
  type RequestTypeRecord,
  type ServiceDeskRecord,
  type UserRecord,
} from '../model';

export interface StoreContext {
  state: JiraState;
  readonly clock: Clock;
  readonly siteUrl: string;
  readonly appAccountId: string;
  emit(event: JiraProductEvent): void;
}

export function nextId(ctx: StoreContext, counter: keyof IdCounters): string {
  ctx.state.counters[counter] += 1;
  return String(ctx.state.counters[counter]);
}

export function now(ctx: StoreContext): number {
  return ctx.clock.now();
}

export function findUser(ctx: StoreContext, accountId: string): UserRecord | undefined {
  return Object.prototype.hasOwnProperty.call(ctx.state.users, accountId) ? ctx.state.users[accountId] : undefined;
}

export function userOrThrow(ctx: StoreContext, accountId: string): UserRecord {
  const user = findUser(ctx, accountId);
  if (!user) throw notFound(`Specified user does not exist or you do not have required permissions`);
  return user;
}

export function findProject(ctx: StoreContext, idOrKey: string): ProjectRecord | undefined {
  const upper = idOrKey.toUpperCase();
  return ctx.state.projects.find((p) => p.id === idOrKey || p.key === upper);
}

export function projectOf(ctx: StoreContext, issue: IssueRecord): ProjectRecord {
  const project = ctx.state.projects.find((p) => p.id === issue.projectId);
  if (!project) throw new Error(`issue ${issue.key} has no project ${issue.projectId}`);
  return project;
}

/** Any issue by id or key, ignoring permissions. */
export function findIssue(ctx: StoreContext, idOrKey: string): IssueRecord | undefined {
  if (Object.prototype.hasOwnProperty.call(ctx.state.issues, idOrKey)) return ctx.state.issues[idOrKey];
  const upper = idOrKey.toUpperCase();
  return Object.values(ctx.state.issues).find((i) => i.key === upper);
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/** The issue if `actorId` may browse it; otherwise the same 404 Jira gives (no leak of existence). */
export function visibleIssue(ctx: StoreContext, actorId: string, idOrKey: string): IssueRecord {
  const issue = findIssue(ctx, idOrKey);
  if (!issue || !canBrowse(ctx.state, actorId, issue)) throw notFound(ISSUE_NOT_FOUND);
  return issue;
}

export function findCustomField(ctx: StoreContext, id: string): CustomFieldRecord | undefined {
  return ctx.state.customFields.find((f) => f.id === id);
}

export function customFieldOfKind(ctx: StoreContext, kind: CustomFieldRecord['kind']): CustomFieldRecord | undefined {
  return ctx.state.customFields.find((f) => f.kind === kind);
}

export function findServiceDesk(ctx: StoreContext, id: string): ServiceDeskRecord | undefined {
  return ctx.state.serviceDesks.find((s) => s.id === id);
}

export function serviceDeskOfProject(ctx: StoreContext, projectId: string): ServiceDeskRecord | undefined {
  return ctx.state.serviceDesks.find((s) => s.projectId === projectId);
}

export function findRequestType(ctx: StoreContext, id: string): RequestTypeRecord | undefined {
  return ctx.state.requestTypes.find((r) => r.id === id);
}
