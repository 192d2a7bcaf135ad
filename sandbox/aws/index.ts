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
