import type { Clock } from '../../../platform/clock';
import { AwsError } from '../../errors';
import type { IdGenerator } from '../../ids';

export interface SecretTag {
  Key: string;
  Value: string;
}

export interface SecretVersion {
  versionId: string;
  stages: string[];
  createdAtMs: number;
  secretString?: string;
  /** Base64, as the wire carries blobs. */
  secretBinary?: string;
}

export interface SecretReplica {
  region: string;
  kmsKeyId?: string;
  status: 'InSync' | 'Failed' | 'InProgress';
}

export interface SecretRecord {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  description?: string;
  kmsKeyId?: string;
  createdAtMs: number;
  lastChangedAtMs: number;
  lastAccessedAtMs?: number;
  lastRotatedAtMs?: number;
  /** Set while the secret is scheduled for deletion. */
  deletedAtMs?: number;
  deletionDateMs?: number;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  rotationRules?: { AutomaticallyAfterDays?: number; Duration?: string; ScheduleExpression?: string };
  tags: SecretTag[];
  resourcePolicy?: string;
  versions: SecretVersion[];
  replicas: SecretReplica[];
}

export interface SecretsManagerState {
  secrets: SecretRecord[];
}

/** Secrets Manager errors carry `Message` (capital M) and, as awsJson client errors, answer 400. */
export const smError = (code: string, message: string): AwsError => new AwsError(code, message, { status: 400, messageMember: 'Message' });

const notFound = () => smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
const markedForDeletion = () => smError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface SecretValueInput {
  secretString?: string;
  secretBinary?: string;
}

/**
 * Secrets per account and region, with versions and staging labels (AWSCURRENT, AWSPREVIOUS,
 * AWSPENDING), tags, a resource policy, rotation settings, replicas and scheduled deletion, all
 * on the virtual clock. A secret is found by ARN, by partial ARN (without the random suffix) or
 * by name, as the service resolves `SecretId`.
 */
export class SecretsManagerModel {
  private state: SecretsManagerState = { secrets: [] };

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  secrets(): SecretRecord[] {
    return structuredClone(this.state.secrets);
  }

  /** The secret `secretId` names in the caller's account and region (deleted ones included). */
  find(secretId: string, accountId: string, region: string): SecretRecord | undefined {
    const secret = this.state.secrets.find(
      (s) =>
        s.accountId === accountId &&
        s.region === region &&
        (s.arn === secretId || s.name === secretId || (secretId.startsWith('arn:') && s.arn.slice(0, s.arn.length - 7) === secretId)),
    );
    return secret ? structuredClone(secret) : undefined;
  }

  private require(secretId: string, accountId: string, region: string, options: { allowDeleted?: boolean } = {}): SecretRecord {
    this.purgeExpired();
    const secret = this.state.secrets.find((s) => s.arn === this.find(secretId, accountId, region)?.arn);
    if (!secret) throw notFound();
    if (secret.deletedAtMs !== undefined && !options.allowDeleted) throw markedForDeletion();
    return secret;
  }

  create(input: {
    accountId: string;
    region: string;
    name: string;
    clientRequestToken?: string;
    description?: string;
    kmsKeyId?: string;
    value: SecretValueInput;
    tags: SecretTag[];
    replicaRegions: { region: string; kmsKeyId?: string }[];
  }): { secret: SecretRecord; versionId?: string } {
    this.purgeExpired();
    const existing = this.state.secrets.find((s) => s.accountId === input.accountId && s.region === input.region && s.name === input.name);
    if (existing) {
      if (existing.deletedAtMs !== undefined) {
        throw smError('InvalidRequestException', `You can't create this secret because a secret with this name is already scheduled for deletion.`);
      }
      throw smError('ResourceExistsException', `The operation failed because the secret ${input.name} already exists.`);
    }
    if (input.replicaRegions.some((r) => r.region === input.region)) {
      throw smError('InvalidParameterException', 'Invalid replica region: a secret cannot be replicated to its own region.');
    }
    const now = this.clock.now();
    const suffix = [...this.ids.hex(12)].map((c, i) => SUFFIX_CHARS[(parseInt(c, 16) * 7 + i * 13) % SUFFIX_CHARS.length]).join('').slice(0, 6);
    const secret: SecretRecord = {
      arn: `arn:aws:secretsmanager:${input.region}:${input.accountId}:secret:${input.name}-${suffix}`,
      name: input.name,
      accountId: input.accountId,
      region: input.region,
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.kmsKeyId === undefined ? {} : { kmsKeyId: input.kmsKeyId }),
      createdAtMs: now,
      lastChangedAtMs: now,
      rotationEnabled: false,
      tags: input.tags.map((t) => ({ ...t })),
      versions: [],
      replicas: input.replicaRegions.map((r) => ({ region: r.region, ...(r.kmsKeyId ? { kmsKeyId: r.kmsKeyId } : {}), status: 'InSync' })),
    };
    this.state.secrets.push(secret);
    let versionId: string | undefined;
    if (input.value.secretString !== undefined || input.value.secretBinary !== undefined) {
      versionId = this.addVersion(secret, input.value, input.clientRequestToken, ['AWSCURRENT']).versionId;
    }
    return { secret: structuredClone(secret), ...(versionId === undefined ? {} : { versionId }) };
  }

  /**
   * A new version, staged AWSCURRENT unless told otherwise. The ClientRequestToken is the version
   * id, so a retried call with the same token and value is a no-op, and with another value an error.
   */
  putValue(
    secretId: string,
    accountId: string,
    region: string,
    value: SecretValueInput,
    options: { clientRequestToken?: string; stages?: string[] } = {},
  ): { secret: SecretRecord; version: SecretVersion } {
    const secret = this.require(secretId, accountId, region);
    const version = this.addVersion(secret, value, options.clientRequestToken, options.stages ?? ['AWSCURRENT']);
    return { secret: structuredClone(secret), version: structuredClone(version) };
  }

  update(
    secretId: string,
    accountId: string,
    region: string,
    changes: { description?: string; kmsKeyId?: string; value?: SecretValueInput; clientRequestToken?: string },
  ): { secret: SecretRecord; versionId?: string } {
    const secret = this.require(secretId, accountId, region);
    if (changes.description !== undefined) secret.description = changes.description;
    if (changes.kmsKeyId !== undefined) secret.kmsKeyId = changes.kmsKeyId;
    secret.lastChangedAtMs = this.clock.now();
    let versionId: string | undefined;
    if (changes.value && (changes.value.secretString !== undefined || changes.value.secretBinary !== undefined)) {
      versionId = this.addVersion(secret, changes.value, changes.clientRequestToken, ['AWSCURRENT']).versionId;
    }
    return { secret: structuredClone(secret), ...(versionId === undefined ? {} : { versionId }) };
  }

  /**
   * Rotation as the service drives it, with the rotation function's work done in place: a new
   * version is generated and promoted to AWSCURRENT. Without a rotation function, set now or
   * before, the call is refused.
   */
  rotate(
    secretId: string,
    accountId: string,
    region: string,
    input: { clientRequestToken?: string; rotationLambdaArn?: string; rotationRules?: SecretRecord['rotationRules']; rotateImmediately: boolean },
  ): { secret: SecretRecord; versionId?: string } {
    const secret = this.require(secretId, accountId, region);
    if (input.rotationLambdaArn !== undefined) secret.rotationLambdaArn = input.rotationLambdaArn;
    if (input.rotationRules !== undefined) secret.rotationRules = { ...input.rotationRules };
    if (!secret.rotationLambdaArn && !input.rotationRules) {
      throw smError('InvalidRequestException', 'No Lambda rotation function ARN is associated with this secret.');
    }
    secret.rotationEnabled = true;
    secret.lastChangedAtMs = this.clock.now();
    if (!input.rotateImmediately) return { secret: structuredClone(secret) };
    const version = this.addVersion(secret, { secretString: `rotated-${this.ids.hex(24)}` }, input.clientRequestToken, ['AWSCURRENT']);
    secret.lastRotatedAtMs = this.clock.now();
    return { secret: structuredClone(secret), versionId: version.versionId };
  }

  scheduleDeletion(secretId: string, accountId: string, region: string, options: { recoveryWindowInDays?: number; forceDeleteWithoutRecovery: boolean }): SecretRecord {
    const secret = this.require(secretId, accountId, region, { allowDeleted: true });
    if (secret.deletedAtMs !== undefined) {
      if (options.forceDeleteWithoutRecovery) {
        this.state.secrets = this.state.secrets.filter((s) => s !== secret);
        return structuredClone({ ...secret, deletionDateMs: this.clock.now() });
      }
      throw markedForDeletion();
    }
    const now = this.clock.now();
    secret.deletedAtMs = now;
    secret.lastChangedAtMs = now;
    if (options.forceDeleteWithoutRecovery) {
      this.state.secrets = this.state.secrets.filter((s) => s !== secret);
      return structuredClone({ ...secret, deletionDateMs: now });
    }
    secret.deletionDateMs = now + (options.recoveryWindowInDays ?? 30) * 86_400_000;
    return structuredClone(secret);
  }

  restore(secretId: string, accountId: string, region: string): SecretRecord {
    const secret = this.require(secretId, accountId, region, { allowDeleted: true });
    delete secret.deletedAtMs;
    delete secret.deletionDateMs;
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  putResourcePolicy(secretId: string, accountId: string, region: string, policy: string): SecretRecord {
    const secret = this.require(secretId, accountId, region);
    secret.resourcePolicy = policy;
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  deleteResourcePolicy(secretId: string, accountId: string, region: string): SecretRecord {
    const secret = this.require(secretId, accountId, region);
    delete secret.resourcePolicy;
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  tag(secretId: string, accountId: string, region: string, tags: SecretTag[]): SecretRecord {
    const secret = this.require(secretId, accountId, region);
    for (const tag of tags) {
      const existing = secret.tags.find((t) => t.Key === tag.Key);
      if (existing) existing.Value = tag.Value;
      else secret.tags.push({ ...tag });
    }
    if (secret.tags.length > 50) throw smError('InvalidParameterException', 'A secret can have at most 50 tags.');
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  untag(secretId: string, accountId: string, region: string, keys: string[]): SecretRecord {
    const secret = this.require(secretId, accountId, region);
    secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  replicate(secretId: string, accountId: string, region: string, regions: { region: string; kmsKeyId?: string }[], forceOverwrite: boolean): SecretRecord {
    const secret = this.require(secretId, accountId, region);
    for (const replica of regions) {
      if (replica.region === secret.region) throw smError('InvalidParameterException', 'Invalid replica region: a secret cannot be replicated to its own region.');
      const existing = secret.replicas.find((r) => r.region === replica.region);
      if (existing && !forceOverwrite) continue;
      if (existing) existing.kmsKeyId = replica.kmsKeyId;
      else secret.replicas.push({ region: replica.region, ...(replica.kmsKeyId ? { kmsKeyId: replica.kmsKeyId } : {}), status: 'InSync' });
    }
    secret.lastChangedAtMs = this.clock.now();
    return structuredClone(secret);
  }

  /** The value staged `stage` (default AWSCURRENT) or the version `versionId`; records the access. */
  value(secretId: string, accountId: string, region: string, options: { versionId?: string; stage?: string } = {}): { secret: SecretRecord; version: SecretVersion } {
    const secret = this.require(secretId, accountId, region);
    const version = options.versionId
      ? secret.versions.find((v) => v.versionId === options.versionId && (!options.stage || v.stages.includes(options.stage)))
      : secret.versions.find((v) => v.stages.includes(options.stage ?? 'AWSCURRENT'));
    if (!version) throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: " + (options.stage ?? 'AWSCURRENT'));
    const day = Math.floor(this.clock.now() / 86_400_000) * 86_400_000;
    secret.lastAccessedAtMs = day;
    return { secret: structuredClone(secret), version: structuredClone(version) };
  }

  snapshot(): SecretsManagerState {
    return structuredClone(this.state);
  }

  restoreState(state: SecretsManagerState): void {
    this.state = structuredClone(state);
  }

  private addVersion(secret: SecretRecord, value: SecretValueInput, clientRequestToken: string | undefined, stages: string[]): SecretVersion {
    const versionId = clientRequestToken ?? this.ids.uuid();
    const existing = secret.versions.find((v) => v.versionId === versionId);
    if (existing) {
      if (existing.secretString === value.secretString && existing.secretBinary === value.secretBinary) return existing;
      throw smError('ResourceExistsException', `A version with VersionId ${versionId} already exists and its value differs from the value in this request.`);
    }
    const now = this.clock.now();
    for (const stage of stages) {
      for (const other of secret.versions) {
        if (!other.stages.includes(stage)) continue;
        other.stages = other.stages.filter((s) => s !== stage);
        if (stage === 'AWSCURRENT') {
          for (const o of secret.versions) o.stages = o.stages.filter((s) => s !== 'AWSPREVIOUS');
          other.stages.push('AWSPREVIOUS');
        }
      }
    }
    const version: SecretVersion = {
      versionId,
      stages: [...stages],
      createdAtMs: now,
      ...(value.secretString === undefined ? {} : { secretString: value.secretString }),
      ...(value.secretBinary === undefined ? {} : { secretBinary: value.secretBinary }),
    };
    secret.versions.push(version);
    // Versions without a staging label are deprecated; the service keeps about 100 of them.
    const unlabeled = secret.versions.filter((v) => v.stages.length === 0);
    if (unlabeled.length > 100) secret.versions = secret.versions.filter((v) => v.stages.length > 0 || unlabeled.slice(-100).includes(v));
    secret.lastChangedAtMs = now;
    return version;
  }

  private purgeExpired(): void {
    const now = this.clock.now();
    this.state.secrets = this.state.secrets.filter((s) => s.deletionDateMs === undefined || s.deletionDateMs > now);
  }
}
