import { AwsError } from '../../errors';
import { InputReader } from '../../input';
import { awsJsonProtocol } from '../../protocols/aws-json';
import { timestamp, type OperationOutput } from '../../protocols/values';
import type { OperationHandler, ServiceDefinition } from '../service';
import { smError, type SecretRecord, type SecretTag, type SecretsManagerModel, type SecretValueInput } from './model';

// Limits from the Secrets Manager Smithy model (secrets-manager-2017-10-17.json); the name
// characters are the service's own rule (the model has no pattern).
const NAME = { min: 1, max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/ };
const SECRET_ID = { min: 1, max: 2048 };
const TOKEN = { min: 32, max: 64 };
const REGION = { min: 1, max: 128, pattern: /^([a-z]+-)+\d+$/ };
const ROTATION_LAMBDA = { min: 0, max: 2048 };

const read = (input: Record<string, unknown>) => new InputReader(input, (problem) => smError('InvalidParameterException', problem.message));

/** The secret's value members; never both, and the binary must be base64 (the wire form of a blob). */
function readValue(r: InputReader, required: boolean): SecretValueInput {
  const secretString = r.string('SecretString', { min: 1, max: 65536 });
  const secretBinary = r.string('SecretBinary', { min: 1, max: 87384 });
  if (secretString !== undefined && secretBinary !== undefined) {
    throw smError('InvalidParameterException', 'You can only specify one of SecretString or SecretBinary.');
  }
  if (required && secretString === undefined && secretBinary === undefined) {
    throw smError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
  }
  if (secretBinary !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(secretBinary)) throw smError('InvalidParameterException', 'SecretBinary must be base64.');
  return { ...(secretString === undefined ? {} : { secretString }), ...(secretBinary === undefined ? {} : { secretBinary }) };
}

function readTags(r: InputReader, member: string): SecretTag[] | undefined {
  return r.structList(member)?.map((t) => ({ Key: t.requiredString('Key', { min: 1, max: 128 }), Value: t.string('Value', { min: 0, max: 256 }) ?? '' }));
}

function readReplicaRegions(r: InputReader, member: string): { region: string; kmsKeyId?: string }[] | undefined {
  return r.structList(member, { minItems: 1 })?.map((item) => {
    const region = item.requiredString('Region', REGION);
    const kmsKeyId = item.string('KmsKeyId', { min: 0, max: 2048 });
    return { region, ...(kmsKeyId ? { kmsKeyId } : {}) };
  });
}

function replicationStatus(secret: SecretRecord): OperationOutput[] | undefined {
  if (secret.replicas.length === 0) return undefined;
  return secret.replicas.map((r) => ({ Region: r.region, KmsKeyId: r.kmsKeyId ?? 'alias/aws/secretsmanager', Status: r.status, StatusMessage: 'Replication succeeded' }));
}

function describe(secret: SecretRecord): OperationOutput {
  const versions: OperationOutput = {};
  for (const v of secret.versions) if (v.stages.length > 0) versions[v.versionId] = [...v.stages];
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    RotationEnabled: secret.rotationEnabled || undefined,
    RotationLambdaARN: secret.rotationLambdaArn,
    RotationRules: secret.rotationRules ? { ...secret.rotationRules } : undefined,
    LastRotatedDate: secret.lastRotatedAtMs === undefined ? undefined : timestamp(secret.lastRotatedAtMs),
    LastChangedDate: timestamp(secret.lastChangedAtMs),
    LastAccessedDate: secret.lastAccessedAtMs === undefined ? undefined : timestamp(secret.lastAccessedAtMs),
    DeletedDate: secret.deletedAtMs === undefined ? undefined : timestamp(secret.deletedAtMs),
    Tags: secret.tags.length > 0 ? secret.tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined,
    VersionIdsToStages: versions,
    CreatedDate: timestamp(secret.createdAtMs),
    PrimaryRegion: secret.replicas.length > 0 ? secret.region : undefined,
    ReplicationStatus: replicationStatus(secret),
  };
}

/**
 * AWS Secrets Manager (awsJson1_1, target prefix secretsmanager): the calls that change a secret
 * (each one recorded by CloudTrail through the wrapper the stand-in puts around these handlers)
 * plus DescribeSecret and GetSecretValue to read one back.
 */
export function secretsManagerService(model: SecretsManagerModel, wrap: (operations: Record<string, OperationHandler>) => Record<string, OperationHandler> = (o) => o): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {
    CreateSecret: (input, call) => {
      const r = read(input);
      const name = r.requiredString('Name', NAME);
      const clientRequestToken = r.string('ClientRequestToken', TOKEN);
      const description = r.string('Description', { min: 0, max: 2048 });
      const kmsKeyId = r.string('KmsKeyId', { min: 0, max: 2048 });
      const value = readValue(r, false);
      const tags = readTags(r, 'Tags') ?? [];
      const replicaRegions = readReplicaRegions(r, 'AddReplicaRegions') ?? [];
      r.boolean('ForceOverwriteReplicaSecret');
      const { secret, versionId } = model.create({
        accountId: call.principal.accountId,
        region: call.region,
        name,
        value,
        tags,
        replicaRegions,
        ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
        ...(description === undefined ? {} : { description }),
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId, ReplicationStatus: replicationStatus(secret) };
    },

    PutSecretValue: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const clientRequestToken = r.string('ClientRequestToken', TOKEN);
      const value = readValue(r, true);
      const stages = r.stringList('VersionStages', { min: 1, max: 256, minItems: 1, maxItems: 20 });
      r.string('RotationToken', { min: 36, max: 256 });
      const { secret, version } = model.putValue(secretId, call.principal.accountId, call.region, value, {
        ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
        ...(stages === undefined ? {} : { stages }),
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
    },

    UpdateSecret: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const clientRequestToken = r.string('ClientRequestToken', TOKEN);
      const description = r.string('Description', { min: 0, max: 2048 });
      const kmsKeyId = r.string('KmsKeyId', { min: 0, max: 2048 });
      const value = readValue(r, false);
      const { secret, versionId } = model.update(secretId, call.principal.accountId, call.region, {
        value,
        ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
        ...(description === undefined ? {} : { description }),
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
    },

    RotateSecret: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const clientRequestToken = r.string('ClientRequestToken', TOKEN);
      const rotationLambdaArn = r.string('RotationLambdaARN', ROTATION_LAMBDA);
      const rules = input.RotationRules;
      let rotationRules: SecretRecord['rotationRules'];
      if (rules !== undefined && rules !== null) {
        if (typeof rules !== 'object' || Array.isArray(rules)) throw smError('InvalidParameterException', 'RotationRules must be a structure.');
        const rr = read(rules as Record<string, unknown>);
        const days = rr.integer('AutomaticallyAfterDays', { min: 1, max: 1000 });
        const duration = rr.string('Duration', { min: 2, max: 3, pattern: /^[0-9h]+$/ });
        const schedule = rr.string('ScheduleExpression', { min: 1, max: 256 });
        rotationRules = { ...(days === undefined ? {} : { AutomaticallyAfterDays: days }), ...(duration ? { Duration: duration } : {}), ...(schedule ? { ScheduleExpression: schedule } : {}) };
      }
      const rotateImmediately = r.boolean('RotateImmediately') ?? true;
      const { secret, versionId } = model.rotate(secretId, call.principal.accountId, call.region, {
        rotateImmediately,
        ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
        ...(rotationLambdaArn === undefined ? {} : { rotationLambdaArn }),
        ...(rotationRules === undefined ? {} : { rotationRules }),
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
    },

    DeleteSecret: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const window = r.integer('RecoveryWindowInDays');
      const force = r.boolean('ForceDeleteWithoutRecovery') ?? false;
      if (window !== undefined && window !== 0 && force) {
        throw smError('InvalidParameterException', 'You can\'t use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.');
      }
      if (window !== undefined && window !== 0 && (window < 7 || window > 30)) {
        throw smError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
      }
      const secret = model.scheduleDeletion(secretId, call.principal.accountId, call.region, {
        forceDeleteWithoutRecovery: force,
        ...(window ? { recoveryWindowInDays: window } : {}),
      });
      return { ARN: secret.arn, Name: secret.name, DeletionDate: timestamp(secret.deletionDateMs ?? call.nowMs) };
    },

    RestoreSecret: (input, call) => {
      const secret = model.restore(read(input).requiredString('SecretId', SECRET_ID), call.principal.accountId, call.region);
      return { ARN: secret.arn, Name: secret.name };
    },

    PutResourcePolicy: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const policy = r.requiredString('ResourcePolicy', { min: 1, max: 20480 });
      r.boolean('BlockPublicPolicy');
      let parsed: unknown;
      try {
        parsed = JSON.parse(policy);
      } catch {
        throw smError('MalformedPolicyDocumentException', 'This resource policy contains an unsupported policy document.');
      }
      if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { Statement?: unknown }).Statement)) {
        throw smError('MalformedPolicyDocumentException', 'This resource policy contains an unsupported policy document.');
      }
      const secret = model.putResourcePolicy(secretId, call.principal.accountId, call.region, policy);
      return { ARN: secret.arn, Name: secret.name };
    },

    DeleteResourcePolicy: (input, call) => {
      const secret = model.deleteResourcePolicy(read(input).requiredString('SecretId', SECRET_ID), call.principal.accountId, call.region);
      return { ARN: secret.arn, Name: secret.name };
    },

    TagResource: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const tags = readTags(r, 'Tags');
      if (tags === undefined) r.requiredString('Tags');
      model.tag(secretId, call.principal.accountId, call.region, tags ?? []);
      return {};
    },

    UntagResource: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const keys = r.stringList('TagKeys', { min: 1, max: 128 });
      if (keys === undefined) r.requiredString('TagKeys');
      model.untag(secretId, call.principal.accountId, call.region, keys ?? []);
      return {};
    },

    ReplicateSecretToRegions: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const regions = readReplicaRegions(r, 'AddReplicaRegions');
      if (regions === undefined) r.requiredString('AddReplicaRegions');
      const force = r.boolean('ForceOverwriteReplicaSecret') ?? false;
      const secret = model.replicate(secretId, call.principal.accountId, call.region, regions ?? [], force);
      return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) ?? [] };
    },

    DescribeSecret: (input, call) => {
      const secretId = read(input).requiredString('SecretId', SECRET_ID);
      const secret = model.find(secretId, call.principal.accountId, call.region);
      if (!secret) throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return describe(secret);
    },

    GetSecretValue: (input, call) => {
      const r = read(input);
      const secretId = r.requiredString('SecretId', SECRET_ID);
      const versionId = r.string('VersionId', { min: 32, max: 64 });
      const stage = r.string('VersionStage', { min: 1, max: 256 });
      const { secret, version } = model.value(secretId, call.principal.accountId, call.region, {
        ...(versionId === undefined ? {} : { versionId }),
        ...(stage === undefined ? {} : { stage }),
      });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        SecretBinary: version.secretBinary,
        VersionStages: [...version.stages],
        CreatedDate: timestamp(version.createdAtMs),
      };
    },
  };

  return {
    name: 'secretsmanager',
    endpointPrefix: 'secretsmanager',
    signingName: 'secretsmanager',
    actionPrefix: 'secretsmanager',
    protocol: awsJsonProtocol({ targetPrefix: 'secretsmanager' }),
    operations: wrap(operations),
    accessDenied: (principal, action, input, call) => {
      const secretId = typeof input.SecretId === 'string' ? input.SecretId : typeof input.Name === 'string' ? input.Name : '*';
      const resource = secretId.startsWith('arn:') ? secretId : `arn:aws:secretsmanager:${call.region}:${principal.accountId}:secret:${secretId}`;
      return new AwsError(
        'AccessDeniedException',
        `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
        { status: 400, messageMember: 'Message' },
      );
    },
  };
}

/** How Secrets Manager calls read in CloudTrail. */
export const SECRETS_MANAGER_CLOUDTRAIL = {
  eventSource: 'secretsmanager.amazonaws.com',
  readOnly: new Set(['DescribeSecret', 'GetSecretValue', 'ListSecrets']),
  hiddenMembers: new Set(['SecretString', 'SecretBinary']),
  arnKey: (operation: string): 'arn' | 'aRN' => (operation === 'DeleteSecret' || operation === 'RestoreSecret' ? 'aRN' : 'arn'),
} as const;
