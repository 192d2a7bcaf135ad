/**
 * The contract between the Custom UI (static/*) and the resolvers (src/entry/resolvers), defined once
 * and imported by both sides. Every resolver answers a ResolverResult; the UI switches on `ok`.
 */

export const RESOLVER_KEYS = {
  panelGetInfo: 'panel/get-info',
  adminGetInfo: 'admin/get-info',
} as const;

export type ResolverErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT' | 'UPSTREAM_FAILED' | 'INTERNAL';

export interface ResolverError {
  code: ResolverErrorCode;
  message: string;
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface PanelInfo {
  issueKey: string;
  appVersion: string;
}

export interface AdminInfo {
  appVersion: string;
  /** Display name of the admin viewing the page, read from Jira as that user. */
  viewerDisplayName: string;
}
