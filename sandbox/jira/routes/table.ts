/** Every route the stand-in serves. The conformance test checks it covers each one. */
import { changelogRoutes } from './changelog';
import { commentRoutes } from './comments';
import { type Method, type RouteDef, type SpecName } from './define';
import { groupRoutes } from './groups';
import { issueRoutes } from './issues';
import { metaRoutes } from './meta';
import { permissionRoutes } from './permissions';
import { propertyRoutes } from './properties';
import { requestRoutes } from './requests';
import { searchRoutes } from './search';
import { serviceDeskRoutes } from './servicedesk';
import { userRoutes } from './users';

export const JIRA_ROUTES: readonly RouteDef[] = [
  ...userRoutes,
  ...groupRoutes,
  ...permissionRoutes,
  ...metaRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...changelogRoutes,
  ...propertyRoutes,
  ...searchRoutes,
  ...serviceDeskRoutes,
  ...requestRoutes,
];

export interface ServedRoute {
  method: Method;
  /** Path template as the official spec writes it. */
  path: string;
  spec: SpecName;
}

export function servedRoutes(): ServedRoute[] {
  return JIRA_ROUTES.map(({ method, path, spec }) => ({ method, path, spec }));
}
