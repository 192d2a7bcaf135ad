/** The Forge product event the stand-in hands to the platform for every change. */
export interface JiraProductEvent {
  /** 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue' | 'avi:jira:commented:issue' | 'avi:jira:assigned:issue' */
  eventType: string;
  /** Exactly the Forge trigger payload: eventType, issue, atlassianId, changelog, associatedStatuses, comment … */
  payload: Record<string, unknown>;
  /** Who caused it (the platform uses this for filter.ignoreSelf). */
  actorAccountId?: string;
}

export const EVENT = {
  created: 'avi:jira:created:issue',
  updated: 'avi:jira:updated:issue',
  deleted: 'avi:jira:deleted:issue',
  commented: 'avi:jira:commented:issue',
  assigned: 'avi:jira:assigned:issue',
} as const;
