/**
 * The two workflows of the demo site. Service desk requests follow `jsm-request`; approval
 * transitions are taken only by the approval logic (as the approver), never offered in
 * GET /transitions.
 */
import { RESOLUTION, STATUS } from './catalog';
import { type WorkflowId } from './model';

export type TransitionKind = 'agent' | 'approval';

export interface TransitionDef {
  id: string;
  name: string;
  from: readonly string[];
  to: string;
  kind: TransitionKind;
}

export interface WorkflowDef {
  id: WorkflowId;
  statuses: readonly string[];
  transitions: readonly TransitionDef[];
  initialStatus(needsApproval: boolean): string;
}

const NOT_DONE_REQUEST_STATUSES = [STATUS.waitingForApproval, STATUS.open, STATUS.inProgress, STATUS.provisioningFailed];

export const APPROVAL_TRANSITION = { approve: '61', decline: '71' } as const;

const JSM_REQUEST: WorkflowDef = {
  id: 'jsm-request',
  statuses: [...NOT_DONE_REQUEST_STATUSES, STATUS.done, STATUS.declined, STATUS.canceled],
  transitions: [
    { id: '11', name: 'Start progress', from: [STATUS.open], to: STATUS.inProgress, kind: 'agent' },
    { id: '21', name: 'Resolve', from: [STATUS.inProgress, STATUS.provisioningFailed], to: STATUS.done, kind: 'agent' },
    { id: '31', name: 'Provisioning failed', from: [STATUS.inProgress], to: STATUS.provisioningFailed, kind: 'agent' },
    { id: '41', name: 'Retry', from: [STATUS.provisioningFailed], to: STATUS.inProgress, kind: 'agent' },
    { id: '51', name: 'Cancel request', from: NOT_DONE_REQUEST_STATUSES, to: STATUS.canceled, kind: 'agent' },
    { id: APPROVAL_TRANSITION.approve, name: 'Approve', from: [STATUS.waitingForApproval], to: STATUS.inProgress, kind: 'approval' },
    { id: APPROVAL_TRANSITION.decline, name: 'Decline', from: [STATUS.waitingForApproval], to: STATUS.declined, kind: 'approval' },
  ],
  initialStatus: (needsApproval) => (needsApproval ? STATUS.waitingForApproval : STATUS.open),
};

const SOFTWARE_SIMPLE: WorkflowDef = {
  id: 'software-simple',
  statuses: [STATUS.toDo, STATUS.inProgress, STATUS.done],
  transitions: [
    { id: '11', name: 'To Do', from: [STATUS.inProgress, STATUS.done], to: STATUS.toDo, kind: 'agent' },
    { id: '21', name: 'In Progress', from: [STATUS.toDo, STATUS.done], to: STATUS.inProgress, kind: 'agent' },
    { id: '31', name: 'Done', from: [STATUS.toDo, STATUS.inProgress], to: STATUS.done, kind: 'agent' },
  ],
  initialStatus: () => STATUS.toDo,
};

export const WORKFLOWS: Record<WorkflowId, WorkflowDef> = { 'jsm-request': JSM_REQUEST, 'software-simple': SOFTWARE_SIMPLE };

/** The resolution Jira's post-functions set when an issue enters a status (null clears it). */
export function resolutionOnEnter(statusId: string): string | null {
  switch (statusId) {
    case STATUS.done:
      return RESOLUTION.done;
    case STATUS.declined:
      return RESOLUTION.declined;
    case STATUS.canceled:
      return RESOLUTION.wontDo;
    default:
      return null;
  }
}

/** Transitions of `kind` leaving `statusId`. */
export function transitionsFrom(workflowId: WorkflowId, statusId: string, kind: TransitionKind): TransitionDef[] {
  return WORKFLOWS[workflowId].transitions.filter((t) => t.kind === kind && t.from.includes(statusId));
}
