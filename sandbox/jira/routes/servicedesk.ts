/** JSM service desks, request types and their fields. */
import { notFound } from '../errors';
import { type ServiceDeskRecord } from '../model';
import { isAgent, projectPermissions } from '../permissions';
import { pageOf, pagedDto, requestTypeDto, requestTypeFieldDto, serviceDeskDto } from '../render/jsm';
import { findRequestType, findServiceDesk, type StoreContext } from '../store/context';
import { ok, queryInt, queryString, route, type RouteDef } from './define';

function canAccess(ctx: StoreContext, accountId: string, sd: ServiceDeskRecord): boolean {
  const project = ctx.state.projects.find((p) => p.id === sd.projectId);
  return !!project && projectPermissions(ctx.state, accountId, project).has('BROWSE_PROJECTS');
}

function accessibleDesk(ctx: StoreContext, accountId: string, id: string): ServiceDeskRecord {
  const sd = findServiceDesk(ctx, id);
  if (!sd || !canAccess(ctx, accountId, sd)) throw notFound(`The service desk ${id} does not exist or you do not have access to it.`);
  return sd;
}

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

export const serviceDeskRoutes: RouteDef[] = [
  route('jsm', 'GET', '/rest/servicedeskapi/servicedesk', ({ ctx, actor, url }) => {
    const desks = ctx.state.serviceDesks.filter((sd) => canAccess(ctx, actor.accountId, sd)).map((sd) => serviceDeskDto(ctx, sd));
    return ok(pagedDto(ctx, pathOf(url), pageOf(desks, queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/servicedesk/{serviceDeskId}', ({ ctx, actor, params }) =>
    ok(serviceDeskDto(ctx, accessibleDesk(ctx, actor.accountId, params.serviceDeskId ?? ''))),
  ),

  route('jsm', 'GET', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype', ({ ctx, actor, params, url }) => {
    const sd = accessibleDesk(ctx, actor.accountId, params.serviceDeskId ?? '');
    const term = queryString(url, 'searchQuery')?.toLowerCase();
    const types = ctx.state.requestTypes
      .filter((rt) => rt.serviceDeskId === sd.id && (!term || rt.name.toLowerCase().includes(term)))
      .map((rt) => requestTypeDto(ctx, rt));
    return ok(pagedDto(ctx, pathOf(url), pageOf(types, queryInt(url, 'start', 0), queryInt(url, 'limit', 50, 1))));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}', ({ ctx, actor, params }) => {
    const sd = accessibleDesk(ctx, actor.accountId, params.serviceDeskId ?? '');
    const rt = findRequestType(ctx, params.requestTypeId ?? '');
    if (!rt || rt.serviceDeskId !== sd.id) throw notFound(`The request type ${params.requestTypeId ?? ''} does not exist.`);
    return ok(requestTypeDto(ctx, rt));
  }),

  route('jsm', 'GET', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field', ({ ctx, actor, params }) => {
    const sd = accessibleDesk(ctx, actor.accountId, params.serviceDeskId ?? '');
    const rt = findRequestType(ctx, params.requestTypeId ?? '');
    if (!rt || rt.serviceDeskId !== sd.id) throw notFound(`The request type ${params.requestTypeId ?? ''} does not exist.`);
    const project = ctx.state.projects.find((p) => p.id === sd.projectId);
    const agent = !!project && isAgent(ctx.state, actor.accountId, project);
    return ok({
      requestTypeFields: rt.fields.map((f) => requestTypeFieldDto(ctx, f)),
      canRaiseOnBehalfOf: agent,
      canAddRequestParticipants: agent,
    });
  }),
];

