import type { Clock } from '../../platform/clock';
import type { CloudTrailSpec } from '../cloudtrail';
import { codeBuildService } from './codebuild/service';
import type { CodeBuildModel } from './codebuild/model';
import type { IamModel } from './iam/model';
import type { OrganizationsModel } from './organizations/model';
import { organizationsService } from './organizations/service';
import type { OperationHandler, ServiceDefinition } from './service';
import type { SecretsManagerModel } from './secretsmanager/model';
import { SECRETS_MANAGER_CLOUDTRAIL, secretsManagerService } from './secretsmanager/service';
import type { SnsModel } from './sns/model';
import { snsService } from './sns/service';
import { stsService } from './sts/service';
import type { IdentityCenterModel } from './sso-admin/model';
import { ssoAdminService } from './sso-admin/service';
import { identityStoreService } from './identitystore/service';
import type { S3Model } from './s3/model';
import { s3Service } from './s3/service';

/** Everything a service definition may need; grows as services are added. */
export interface ServiceModels {
  clock: Clock;
  region: string;
  iam: IamModel;
  organizations: OrganizationsModel;
  codebuild: CodeBuildModel;
  secretsmanager: SecretsManagerModel;
  sns: SnsModel;
  /** IAM Identity Center: SSO Admin and the identity store share it. */
  identityCenter: IdentityCenterModel;
  /** S3 buckets and objects (the Jira → S3 export's destination). */
  s3: S3Model;
  /** Wraps a service's handlers so each call leaves its CloudTrail record. */
  recordApiCalls(operations: Record<string, OperationHandler>, spec: CloudTrailSpec): Record<string, OperationHandler>;
}

/** The services the stand-in serves. A new service is one more entry here. */
const SERVICES: ((models: ServiceModels) => ServiceDefinition)[] = [
  (m) => stsService(m.iam),
  (m) => organizationsService(m.organizations),
  (m) => codeBuildService(m.codebuild, m.region),
  (m) => secretsManagerService(m.secretsmanager, (operations) => m.recordApiCalls(operations, SECRETS_MANAGER_CLOUDTRAIL)),
  (m) => snsService(m.sns),
  (m) => ssoAdminService(m.identityCenter),
  (m) => identityStoreService(m.identityCenter),
  (m) => s3Service(m.s3),
];

export function createServices(models: ServiceModels): ServiceDefinition[] {
  return SERVICES.map((create) => create(models));
}
