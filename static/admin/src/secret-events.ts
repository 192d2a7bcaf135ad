/**
 * The Secrets Manager calls the audit's EventBridge rule forwards (infra/secret-audit.yaml), for
 * the report's event filter.
 */
export const SECRET_CHANGE_EVENTS = [
  'CreateSecret',
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'RotateSecret',
  'CancelRotateSecret',
  'DeleteSecret',
  'RestoreSecret',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
  'TagResource',
  'UntagResource',
  'ReplicateSecretToRegions',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
] as const;
