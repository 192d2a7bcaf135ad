import type { Clock } from '../../../platform/clock';
import type { IdGenerator } from '../../ids';

/**
 * IAM Identity Center for one organization: its instance (with its identity store), permission
 * sets, users, and account assignments. Assignment changes are asynchronous as in AWS: a create
 * or delete answers IN_PROGRESS with a request id and settles `assignmentSeconds` of virtual time
 * later; while one is in progress on an account and permission set, another change there is a
 * ConflictException. Settling is computed on read, so no timers are involved.
 */
export interface IdcInstance {
  instanceArn: string;
  identityStoreId: string;
  ownerAccountId: string;
  name: string;
}

export interface IdcPermissionSet {
  arn: string;
  name: string;
  instanceArn: string;
  sessionDuration: string;
}

export interface IdcUser {
  userId: string;
  identityStoreId: string;
  userName: string;
  displayName: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface IdcAssignment {
  instanceArn: string;
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export interface IdcOperation extends IdcAssignment {
  requestId: string;
  kind: 'create' | 'delete';
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  failureReason?: string;
  createdAtMs: number;
  settlesAtMs: number;
}

export interface IdentityCenterState {
  instances: IdcInstance[];
  permissionSets: IdcPermissionSet[];
  users: IdcUser[];
  assignments: IdcAssignment[];
  operations: IdcOperation[];
}

export class IdcError extends Error {
  constructor(
    readonly code: 'ConflictException' | 'ResourceNotFoundException' | 'ValidationException' | 'ServiceQuotaExceededException',
    message: string,
    readonly resource?: { type: string; id: string },
  ) {
    super(message);
  }
}

const sameAssignment = (a: IdcAssignment, b: IdcAssignment) =>
  a.instanceArn === b.instanceArn && a.accountId === b.accountId && a.permissionSetArn === b.permissionSetArn && a.principalType === b.principalType && a.principalId === b.principalId;

export class IdentityCenterModel {
  private state: IdentityCenterState = { instances: [], permissionSets: [], users: [], assignments: [], operations: [] };
  /** Changes made so far, newest last (tests and the bench read when a membership really changed). */
  readonly changes: { kind: 'assigned' | 'unassigned'; assignment: IdcAssignment; atMs: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly options: { assignmentSeconds: number },
  ) {}

  createInstance(input: { ownerAccountId: string; name?: string }): IdcInstance {
    const instance: IdcInstance = {
      instanceArn: `arn:aws:sso:::instance/ssoins-${this.ids.hex(16)}`,
      identityStoreId: `d-${this.ids.hex(10)}`,
      ownerAccountId: input.ownerAccountId,
      name: input.name ?? 'Provisio Demo',
    };
    this.state.instances.push(instance);
    return instance;
  }

  createPermissionSet(instanceArn: string, name: string, sessionDuration = 'PT1H'): IdcPermissionSet {
    const instance = this.requireInstance(instanceArn);
    const set: IdcPermissionSet = { arn: `arn:aws:sso:::permissionSet/${instance.instanceArn.split('/')[1]}/ps-${this.ids.hex(16)}`, name, instanceArn, sessionDuration };
    this.state.permissionSets.push(set);
    return set;
  }

  createUser(identityStoreId: string, input: { userName: string; email: string; givenName: string; familyName: string; displayName?: string }): IdcUser {
    if (!this.state.instances.some((i) => i.identityStoreId === identityStoreId)) throw new IdcError('ResourceNotFoundException', 'Identity store not found', { type: 'IDENTITY_STORE', id: identityStoreId });
    const existing = this.state.users.find((u) => u.identityStoreId === identityStoreId && u.userName.toLowerCase() === input.userName.toLowerCase());
    if (existing) return existing;
    const user: IdcUser = {
      userId: `${this.ids.hex(10)}-${this.ids.uuid()}`,
      identityStoreId,
      userName: input.userName,
      displayName: input.displayName ?? `${input.givenName} ${input.familyName}`,
      givenName: input.givenName,
      familyName: input.familyName,
      email: input.email,
    };
    this.state.users.push(user);
    return user;
  }

  /** Assigns at once (seeding the permanent members, or an admin changing it by hand in the console). */
  assignNow(assignment: IdcAssignment): void {
    this.settle();
    if (!this.state.assignments.some((a) => sameAssignment(a, assignment))) {
      this.state.assignments.push({ ...assignment });
      this.changes.push({ kind: 'assigned', assignment: { ...assignment }, atMs: this.clock.now() });
    }
  }

  unassignNow(assignment: IdcAssignment): void {
    this.settle();
    const before = this.state.assignments.length;
    this.state.assignments = this.state.assignments.filter((a) => !sameAssignment(a, assignment));
    if (this.state.assignments.length !== before) this.changes.push({ kind: 'unassigned', assignment: { ...assignment }, atMs: this.clock.now() });
  }

  instance(instanceArn: string): IdcInstance | undefined {
    return this.state.instances.find((i) => i.instanceArn === instanceArn);
  }

  instances(): IdcInstance[] {
    return this.state.instances.map((i) => ({ ...i }));
  }

  permissionSets(): IdcPermissionSet[] {
    return this.state.permissionSets.map((p) => ({ ...p }));
  }

  permissionSet(arn: string): IdcPermissionSet | undefined {
    return this.state.permissionSets.find((p) => p.arn === arn);
  }

  users(identityStoreId: string): IdcUser[] {
    return this.state.users.filter((u) => u.identityStoreId === identityStoreId);
  }

  hasIdentityStore(identityStoreId: string): boolean {
    return this.state.instances.some((i) => i.identityStoreId === identityStoreId);
  }

  assignments(filter: { instanceArn: string; accountId: string; permissionSetArn: string }): IdcAssignment[] {
    this.settle();
    return this.state.assignments.filter((a) => a.instanceArn === filter.instanceArn && a.accountId === filter.accountId && a.permissionSetArn === filter.permissionSetArn).map((a) => ({ ...a }));
  }

  requestChange(kind: 'create' | 'delete', assignment: IdcAssignment): IdcOperation {
    this.settle();
    const instance = this.requireInstance(assignment.instanceArn);
    const set = this.permissionSet(assignment.permissionSetArn);
    if (!set || set.instanceArn !== instance.instanceArn) throw new IdcError('ResourceNotFoundException', `Could not find PermissionSet with PermissionSetArn ${assignment.permissionSetArn}`);
    if (assignment.principalType === 'USER' && !this.state.users.some((u) => u.identityStoreId === instance.identityStoreId && u.userId === assignment.principalId)) {
      throw new IdcError('ResourceNotFoundException', `Could not find principal with id ${assignment.principalId} in the identity store`);
    }
    const busy = this.state.operations.find(
      (op) => op.status === 'IN_PROGRESS' && op.instanceArn === assignment.instanceArn && op.accountId === assignment.accountId && op.permissionSetArn === assignment.permissionSetArn,
    );
    if (busy) throw new IdcError('ConflictException', 'An account assignment operation on this account and permission set is already in progress. Retry the request once it completes.');
    const now = this.clock.now();
    const op: IdcOperation = { ...assignment, requestId: this.ids.uuid(), kind, status: 'IN_PROGRESS', createdAtMs: now, settlesAtMs: now + this.options.assignmentSeconds * 1000 };
    this.state.operations.push(op);
    if (this.state.operations.length > 5000) this.state.operations.splice(0, this.state.operations.length - 5000);
    this.settle();
    return { ...op };
  }

  operation(instanceArn: string, requestId: string, kind: 'create' | 'delete'): IdcOperation | undefined {
    this.settle();
    const op = this.state.operations.find((o) => o.requestId === requestId && o.instanceArn === instanceArn && o.kind === kind);
    return op ? { ...op } : undefined;
  }

  snapshot(): IdentityCenterState {
    return structuredClone(this.state);
  }

  restore(state: IdentityCenterState): void {
    this.state = structuredClone(state);
  }

  /** Applies every change whose time has come, in the order they were asked for. */
  private settle(): void {
    const now = this.clock.now();
    for (const op of this.state.operations) {
      if (op.status !== 'IN_PROGRESS' || op.settlesAtMs > now) continue;
      op.status = 'SUCCEEDED';
      const { instanceArn, accountId, permissionSetArn, principalType, principalId } = op;
      const assignment = { instanceArn, accountId, permissionSetArn, principalType, principalId };
      const exists = this.state.assignments.some((a) => sameAssignment(a, assignment));
      if (op.kind === 'create' && !exists) {
        this.state.assignments.push(assignment);
        this.changes.push({ kind: 'assigned', assignment, atMs: op.settlesAtMs });
      } else if (op.kind === 'delete' && exists) {
        this.state.assignments = this.state.assignments.filter((a) => !sameAssignment(a, assignment));
        this.changes.push({ kind: 'unassigned', assignment, atMs: op.settlesAtMs });
      }
    }
  }

  private requireInstance(instanceArn: string): IdcInstance {
    const instance = this.instance(instanceArn);
    if (!instance) throw new IdcError('ResourceNotFoundException', `Could not find Instance with InstanceArn ${instanceArn}`);
    return instance;
  }
}
