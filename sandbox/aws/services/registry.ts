import type { Clock } from '../../platform/clock';
import { codeBuildService } from './codebuild/service';
import type { CodeBuildModel } from './codebuild/model';
import type { IamModel } from './iam/model';
import type { OrganizationsModel } from './organizations/model';
import { organizationsService } from './organizations/service';
import type { ServiceDefinition } from './service';
import { stsService } from './sts/service';

/** Everything a service definition may need; grows as services are added. */
export interface ServiceModels {
  clock: Clock;
  region: string;
  iam: IamModel;
  organizations: OrganizationsModel;
  codebuild: CodeBuildModel;
}

/** The services the stand-in serves. A new service is one more entry here. */
const SERVICES: ((models: ServiceModels) => ServiceDefinition)[] = [
  (m) => stsService(m.iam),
  (m) => organizationsService(m.organizations),
  (m) => codeBuildService(m.codebuild, m.region),
];

export function createServices(models: ServiceModels): ServiceDefinition[] {
  return SERVICES.map((create) => create(models));
}
