/** Issue entity properties. */
import { deleteIssueProperty, getIssueProperty, setIssueProperty } from '../store/properties';
import { noContent, ok, route, type RouteDef } from './define';

export const propertyRoutes: RouteDef[] = [
  route('platform', 'GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ({ ctx, actor, params }) => {
    const key = params.propertyKey ?? '';
    return ok({ key, value: getIssueProperty(ctx, actor.accountId, params.issueIdOrKey ?? '', key) });
  }),

  route('platform', 'PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ({ ctx, actor, params, body }) => {
    const created = setIssueProperty(ctx, actor.accountId, params.issueIdOrKey ?? '', params.propertyKey ?? '', body);
    return { status: created ? 201 : 200 };
  }),

  route('platform', 'DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ({ ctx, actor, params }) => {
    deleteIssueProperty(ctx, actor.accountId, params.issueIdOrKey ?? '', params.propertyKey ?? '');
    return noContent();
  }),
];
