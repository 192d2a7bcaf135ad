import type { Clock } from '../../../platform/clock';
import { AwsError } from '../../errors';
import type { IdGenerator } from '../../ids';
import { SigV4Error } from '../../sigv4/errors';
import { ALWAYS_ALLOWED_ACTIONS, isActionAllowed } from './policy';

export interface IamUser {
  accountId: string;
  userName: string;
  arn: string;
  /** `AIDA…`, what GetCallerIdentity reports as UserId. */
  userId: string;
  /** Identity policy: action patterns the user may call. */
  allowedActions: string[];
}

export interface IamAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  userArn: string;
  status: 'Active' | 'Inactive';
}

export interface IamRole {
  accountId: string;
  roleName: string;
  arn: string;
  /** `AROA…` */
  roleId: string;
  /** Trust policy: who may assume the role, and the `sts:ExternalId` they must present (if any). */
  trust: { principalArns: string[]; externalId?: string };
  /** Permission policy of the role's sessions. */
  allowedActions: string[];
  /** 3600–43200; AssumeRole's DurationSeconds may not exceed it. */
  maxSessionDurationSeconds: number;
}

export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  assumedRoleArn: string;
  /** `AROA…:<session>` */
  assumedRoleId: string;
  /** The identity that called AssumeRole. */
  sourceArn: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Who made a call, once the signature is verified. */
export interface IamPrincipal {
  kind: 'user' | 'assumed-role';
  arn: string;
  accountId: string;
  /** GetCallerIdentity's UserId. */
  userId: string;
  /** CodeBuild's `initiator` form: the user name, or `<role>/<session>`. */
  displayName: string;
  allowedActions: readonly string[];
  /** For assumed-role principals: the role and session. */
  roleArn?: string;
  sessionExpiresAtMs?: number;
}

export interface IamState {
  users: IamUser[];
  accessKeys: IamAccessKey[];
  roles: IamRole[];
  sessions: RoleSession[];
}

export interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
}

const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * IAM users, access keys, roles and STS sessions. It authenticates access keys for the SigV4
 * verifier, answers "may this principal call this action", and implements AssumeRole's trust
 * evaluation. There is no IAM API yet; tests and the seed use these methods directly.
 */
export class IamModel {
  private state: IamState = { users: [], accessKeys: [], roles: [], sessions: [] };

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  createUser(input: { accountId: string; userName: string; allowedActions: string[] }): IamUser {
    const arn = `arn:aws:iam::${input.accountId}:user/${input.userName}`;
    if (this.state.users.some((u) => u.arn === arn)) throw new Error(`IAM user ${arn} already exists`);
    const user: IamUser = { ...input, allowedActions: [...input.allowedActions], arn, userId: `AIDA${this.ids.upperAlnum(17)}` };
    this.state.users.push(user);
    return user;
  }

  createAccessKey(userArn: string): IamAccessKey {
    if (!this.state.users.some((u) => u.arn === userArn)) throw new Error(`no IAM user ${userArn}`);
    const key: IamAccessKey = { accessKeyId: `AKIA${this.ids.upperAlnum(16)}`, secretAccessKey: this.ids.secret(40), userArn, status: 'Active' };
    this.state.accessKeys.push(key);
    return key;
  }

  setAccessKeyStatus(accessKeyId: string, status: IamAccessKey['status']): void {
    const key = this.state.accessKeys.find((k) => k.accessKeyId === accessKeyId);
    if (!key) throw new Error(`no access key ${accessKeyId}`);
    key.status = status;
  }

  createRole(input: {
    accountId: string;
    roleName: string;
    trustedPrincipalArns: string[];
    externalId?: string;
    allowedActions: string[];
    maxSessionDurationSeconds?: number;
  }): IamRole {
    const arn = `arn:aws:iam::${input.accountId}:role/${input.roleName}`;
    if (this.state.roles.some((r) => r.arn === arn)) throw new Error(`IAM role ${arn} already exists`);
    const max = input.maxSessionDurationSeconds ?? 3600;
    if (!Number.isInteger(max) || max < 3600 || max > 43200) throw new RangeError(`MaxSessionDuration must be 3600–43200 seconds, got ${max}`);
    const role: IamRole = {
      accountId: input.accountId,
      roleName: input.roleName,
      arn,
      roleId: `AROA${this.ids.upperAlnum(17)}`,
      trust: { principalArns: [...input.trustedPrincipalArns], ...(input.externalId === undefined ? {} : { externalId: input.externalId }) },
      allowedActions: [...input.allowedActions],
      maxSessionDurationSeconds: max,
    };
    this.state.roles.push(role);
    return role;
  }

  /** Redeploys the role's trust policy with another ExternalId (an admin deploying the template with the app's id). */
  setRoleExternalId(roleArn: string, externalId: string | undefined): void {
    const role = this.requireRole(roleArn);
    role.trust = { principalArns: role.trust.principalArns, ...(externalId === undefined ? {} : { externalId }) };
  }

  setRoleAllowedActions(roleArn: string, allowedActions: string[]): void {
    this.requireRole(roleArn).allowedActions = [...allowedActions];
  }

  users(): IamUser[] {
    return this.state.users.map((u) => ({ ...u }));
  }

  accessKeys(): IamAccessKey[] {
    return this.state.accessKeys.map((k) => ({ ...k }));
  }

  roles(): IamRole[] {
    return this.state.roles.map((r) => ({ ...r }));
  }

  role(arn: string): IamRole | undefined {
    const role = this.state.roles.find((r) => r.arn === arn);
    return role ? { ...role } : undefined;
  }

  sessions(): RoleSession[] {
    return this.state.sessions.map((s) => ({ ...s }));
  }

  /**
   * Authenticates an access key for the SigV4 verifier. Long-term keys (`AKIA…`) must come
   * without a session token; temporary ones (`ASIA…`) with the token they were issued with.
   */
  authenticate(accessKeyId: string, sessionToken: string | undefined): { secretAccessKey: string; principal: IamPrincipal } {
    const invalid = () => new SigV4Error('invalid-token', 'The security token included in the request is invalid.');
    const key = this.state.accessKeys.find((k) => k.accessKeyId === accessKeyId);
    if (key) {
      if (key.status !== 'Active' || sessionToken !== undefined) throw invalid();
      const user = this.state.users.find((u) => u.arn === key.userArn);
      if (!user) throw invalid();
      return { secretAccessKey: key.secretAccessKey, principal: userPrincipal(user) };
    }
    const session = this.state.sessions.find((s) => s.accessKeyId === accessKeyId);
    if (!session) throw new SigV4Error('unknown-access-key', 'The security token included in the request is invalid.');
    if (sessionToken !== session.sessionToken) throw invalid();
    if (this.clock.now() >= session.expiresAtMs) throw new SigV4Error('expired-token', 'The security token included in the request is expired');
    const role = this.state.roles.find((r) => r.arn === session.roleArn);
    if (!role) throw invalid();
    return { secretAccessKey: session.secretAccessKey, principal: sessionPrincipal(session, role) };
  }

  /** Whether the principal's policy allows `service:Action`. */
  isAllowed(principal: IamPrincipal, action: string): boolean {
    return isActionAllowed(ALWAYS_ALLOWED_ACTIONS, action) || isActionAllowed(principal.allowedActions, action);
  }

  /**
   * STS AssumeRole's trust evaluation: the caller must be a trusted principal and present the
   * ExternalId the trust policy requires. Like STS, every refusal (unknown role included) is
   * the same AccessDenied, so a caller cannot probe for roles.
   */
  assumeRole(caller: IamPrincipal, request: AssumeRoleRequest): RoleSession {
    const role = this.state.roles.find((r) => r.arn === request.roleArn);
    const trusted =
      role !== undefined &&
      role.trust.principalArns.some((p) => p === caller.arn || p === `arn:aws:iam::${caller.accountId}:root` || (caller.roleArn !== undefined && p === caller.roleArn)) &&
      (role.trust.externalId === undefined || role.trust.externalId === request.externalId);
    if (!role || !trusted) {
      throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`, { status: 403 });
    }
    const chained = caller.kind === 'assumed-role';
    const maxSeconds = chained ? ROLE_CHAINING_MAX_SECONDS : role.maxSessionDurationSeconds;
    const duration = request.durationSeconds ?? 3600;
    if (duration > maxSeconds) {
      throw new AwsError(
        'ValidationError',
        chained
          ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
          : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
        { status: 400 },
      );
    }
    const now = this.clock.now();
    const session: RoleSession = {
      accessKeyId: `ASIA${this.ids.upperAlnum(16)}`,
      secretAccessKey: this.ids.secret(40),
      sessionToken: `IQoJb3JpZ2luX2VjE${this.ids.secret(300)}`,
      roleArn: role.arn,
      sessionName: request.sessionName,
      assumedRoleArn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${request.sessionName}`,
      assumedRoleId: `${role.roleId}:${request.sessionName}`,
      sourceArn: caller.arn,
      issuedAtMs: now,
      expiresAtMs: now + duration * 1000,
    };
    this.state.sessions.push(session);
    // Expired sessions can be forgotten; keep the list from growing without bound.
    this.state.sessions = this.state.sessions.filter((s) => s.expiresAtMs > now - 24 * 3600 * 1000);
    return { ...session };
  }

  snapshot(): IamState {
    return structuredClone(this.state);
  }

  restore(state: IamState): void {
    this.state = structuredClone(state);
  }

  private requireRole(arn: string): IamRole {
    const role = this.state.roles.find((r) => r.arn === arn);
    if (!role) throw new Error(`no IAM role ${arn}`);
    return role;
  }
}

function userPrincipal(user: IamUser): IamPrincipal {
  return { kind: 'user', arn: user.arn, accountId: user.accountId, userId: user.userId, displayName: user.userName, allowedActions: user.allowedActions };
}

function sessionPrincipal(session: RoleSession, role: IamRole): IamPrincipal {
  return {
    kind: 'assumed-role',
    arn: session.assumedRoleArn,
    accountId: role.accountId,
    userId: session.assumedRoleId,
    displayName: `${role.roleName}/${session.sessionName}`,
    allowedActions: role.allowedActions,
    roleArn: role.arn,
    sessionExpiresAtMs: session.expiresAtMs,
  };
}
