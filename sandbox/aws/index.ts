/**
 * The AWS stand-in: STS, Organizations and CodeBuild speaking the real wire protocols, with
 * SigV4 verification and IAM authorisation, on the sandbox's virtual clock.
 */
export { createAwsStandIn, type AwsStandIn, type AwsStandInOptions } from './stand-in';
export { seedAwsDemo, PROVISIO_AUTOMATION_ACTIONS, type AwsDemoSeed, type AwsDemoKeys } from './seed';
export type { AwsRequestLogEntry } from './request-log';
export { IamModel, type IamUser, type IamRole, type IamAccessKey, type IamPrincipal, type RoleSession } from './services/iam/model';
export {
  OrganizationsModel,
  CREATE_ACCOUNT_FAILURE_REASONS,
  type CreateAccountFailureReason,
  type CreateAccountStatusRecord,
  type OrgAccount,
  type OrgUnit,
  type OrgRoot,
  type Organization,
  type Tag,
} from './services/organizations/model';
export { CodeBuildModel, type CodeBuildProject, type CodeBuildBuildView, type EnvironmentVariable } from './services/codebuild/model';
export { AwsError } from './errors';
export { BaselineBackends, type BaselineBackend, type BackendJob, type BackendRequestRecord } from './backends';
export { SecretsManagerModel, type SecretRecord, type SecretVersion } from './services/secretsmanager/model';
export { SnsModel, type Topic, type Subscription, type PublishedMessage, type DeliveryAttempt, type MessageAttribute } from './services/sns/model';
export { stringToSign as snsStringToSign, type SigningIdentity } from './services/sns/certificate';
export { EventBridgeModel, matchesPattern, type EventBridgeEvent, type EventRule } from './eventbridge';
export type { CloudTrailRecord } from './cloudtrail';
export { IdentityCenterModel, type IdcAssignment, type IdcInstance, type IdcOperation, type IdcPermissionSet, type IdcUser } from './services/sso-admin/model';
export { S3Model, type S3Object, type S3Bucket, type BucketPolicyStatement } from './services/s3/model';
