import { route } from '@forge/api';
import type { JiraClient } from './jira-client';

export interface RequestTypeInfo {
  id: string;
  name: string;
  serviceDeskId: string;
  fields: { fieldId: string; name: string; required: boolean }[];
}

interface Page<T> {
  values: T[];
  isLastPage?: boolean;
}

/** Lists service desks' request types and their fields, as the caller sees them (for the admin's mapping form). */
export async function listRequestTypes(jira: JiraClient): Promise<RequestTypeInfo[]> {
  const desks = await jira.get<Page<{ id: string }>>(route`/rest/servicedeskapi/servicedesk?limit=50`, 'list service desks');
  const result: RequestTypeInfo[] = [];
  for (const desk of desks.values) {
    const types = await jira.get<Page<{ id: string; name: string }>>(route`/rest/servicedeskapi/servicedesk/${desk.id}/requesttype?limit=100`, 'list request types');
    for (const type of types.values) {
      const fields = await jira.get<{ requestTypeFields: { fieldId: string; name: string; required: boolean }[] }>(
        route`/rest/servicedeskapi/servicedesk/${desk.id}/requesttype/${type.id}/field`,
        `list the fields of ${type.name}`,
      );
      result.push({ id: type.id, name: type.name, serviceDeskId: desk.id, fields: fields.requestTypeFields.map((f) => ({ fieldId: f.fieldId, name: f.name, required: f.required })) });
    }
  }
  return result;
}
