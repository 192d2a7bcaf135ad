/**
 * The contract between the Custom UI (static/*) and the resolvers (src/entry/resolvers), defined once
 * and imported by both sides. Every resolver answers a ResolverResult; the UI switches on `ok`.
 */

export const RESOLVER_KEYS = {
  panelGetInfo: 'panel/get-info',
  panelRetry: 'panel/retry',
  adminGetInfo: 'admin/get-info',
} as const;

export type ResolverErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT' | 'UPSTREAM_FAILED' | 'INTERNAL';

export interface ResolverError {
  code: ResolverErrorCode;
  message: string;
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export type RunStatusView = 'queued' | 'running' | 'failed' | 'succeeded';
export type StepStatusView = 'pending' | 'done' | 'failed' | 'skipped';

export interface RunStepView {
  id: string;
  title: string;
  status: StepStatusView;
  detail?: string;
  at?: string;
}

/** A provisioning run as the panel shows it; never carries secrets. */
export interface RunView {
  action: string;
  status: RunStatusView;
  steps: RunStepView[];
  approvedBy?: string;
  approvedAt?: string;
  failureReason?: string;
  attempts: number;
  updatedAt: string;
}

export interface PanelInfo {
  issueKey: string;
  appVersion: string;
  /** Absent when Provisio has not acted on this request. */
  run?: RunView;
  /** Whether the viewer may use Retry (the resolver checks again when it is used). */
  canRetry: boolean;
}

export interface AdminInfo {
  appVersion: string;
  /** Display name of the admin viewing the page, read from Jira as that user. */
  viewerDisplayName: string;
}
