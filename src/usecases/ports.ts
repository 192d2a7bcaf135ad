import type { OnboardingSettings } from '../domain/config/onboarding-settings';
import type { Run } from '../domain/runs/run';

/** The ports the use cases need; adapters implement them and entry/ wires them together. */

export interface RunStore {
  get(issueId: string): Promise<{ run: Run; version: number } | undefined>;
  create(run: Run): Promise<boolean>;
  save(run: Run, expectedVersion: number): Promise<number>;
}

export interface ServiceDesk {
  customerRequest(issueIdOrKey: string): Promise<{ issueId: string; issueKey: string; requestTypeId: string; status: string; fields: Record<string, unknown> }>;
  approval(issueKey: string): Promise<{ decision: 'pending' | 'approved' | 'declined'; approvedBy?: { accountId: string; displayName: string }; completedAt?: string }>;
  comment(issueKey: string, text: string, options: { internal: boolean; marker: string }): Promise<string>;
  hasComment(issueKey: string, marker: string): Promise<boolean>;
  moveTo(issueKey: string, statusName: string): Promise<'moved' | 'already-there'>;
}

export interface IdentityDirectory {
  findUserByLogin(login: string): Promise<{ id: string; login: string; email: string; status: string } | undefined>;
  createUser(user: { login: string; email: string; firstName: string; lastName: string; department?: string; manager?: string }): Promise<{ id: string; login: string }>;
  findGroupByName(name: string): Promise<{ id: string; name: string } | undefined>;
  addToGroup(userId: string, groupId: string, groupName: string): Promise<void>;
}

/**
 * Tells a channel outside Jira that a run failed. Two steps, both best effort (neither throws):
 * composing may call out (the issue's link), sending is the one call that cannot be repeated
 * safely, so a caller that sends at most once records "sent" between the two.
 */
export interface FailureNotifier {
  prepareRunFailed(run: Run, reason: string): Promise<{ send(): Promise<void> }>;
}

export interface RunQueue {
  enqueue(issueId: string, delaySeconds?: number): Promise<void>;
}

export interface OnboardingConfig {
  onboarding(): Promise<OnboardingSettings | undefined>;
}

export const nowIso = (): string => new Date().toISOString();

/** Follow-up provisioning: the customer's own endpoint receives the onboarded user (signed POST). */
export interface FollowUpEndpoint {
  /** Sends the payload once per idempotency key; answers a readable result for the ticket. */
  send(url: string, payload: Record<string, unknown>, idempotencyKey: string): Promise<string>;
}
