/** `/portal` and `/portal/{serviceDeskId}/{requestTypeId}`: the customer portal's request types and forms. */
import type { PageContext } from './context';
import { html, type SafeHtml } from './html';
import { JiraApiError } from './jira-client';
import { formToRequestFieldValues, renderField, type FormValues, type RequestTypeField } from './request-form';

interface ServiceDesk {
  id: string;
  projectKey: string;
  projectName: string;
}

interface RequestType {
  id: string;
  name: string;
  description?: string;
  helpText?: string;
  serviceDeskId?: string;
}

interface Paged<T> {
  values: T[];
}

interface CreateMeta {
  requestTypeFields: RequestTypeField[];
}

const JSM = '/rest/servicedeskapi';

function portalPath(serviceDeskId: string, requestTypeId: string): string {
  return `/portal/${encodeURIComponent(serviceDeskId)}/${encodeURIComponent(requestTypeId)}`;
}

export async function portalHome(ui: PageContext): Promise<SafeHtml> {
  const desks = await ui.jira.get<Paged<ServiceDesk>>(`${JSM}/servicedesk`, { limit: 100 });
  const sections = await Promise.all(
    desks.values.map(async (desk) => {
      const types = await ui.jira.get<Paged<RequestType>>(`${JSM}/servicedesk/${encodeURIComponent(desk.id)}/requesttype`, { limit: 100 });
      return html`<section class="portal">
        <h2>${desk.projectName}</h2>
        <ul class="request-types">
          ${types.values.map(
            (t) => html`<li><a class="request-type" href="${portalPath(desk.id, t.id)}">
              <span class="rt-icon" aria-hidden="true">${t.name.slice(0, 1)}</span>
              <span><strong>${t.name}</strong>${t.description ? html`<span class="muted">${t.description}</span>` : ''}</span>
            </a></li>`,
          )}
        </ul>
        ${types.values.length === 0 ? html`<p class="empty">This service desk has no request types you can raise.</p>` : ''}
      </section>`;
    }),
  );
  return html`<div class="page-head"><h1>Raise a request</h1></div>
    <p class="lead">Welcome to the help center. What can we help you with?</p>
    ${sections.length ? sections : html`<p class="empty">There are no service desks you can raise requests in.</p>`}`;
}

export interface RequestTypeForm {
  desk: ServiceDesk | undefined;
  type: RequestType;
  fields: RequestTypeField[];
}

/** The request type and its fields, or a 404 JiraApiError when the desk does not offer it. */
export async function loadRequestType(ui: PageContext, serviceDeskId: string, requestTypeId: string): Promise<RequestTypeForm> {
  const deskPath = `${JSM}/servicedesk/${encodeURIComponent(serviceDeskId)}`;
  const [desks, types, meta] = await Promise.all([
    ui.jira.get<Paged<ServiceDesk>>(`${JSM}/servicedesk`, { limit: 100 }),
    ui.jira.get<Paged<RequestType>>(`${deskPath}/requesttype`, { limit: 100 }),
    ui.jira.get<CreateMeta>(`${deskPath}/requesttype/${encodeURIComponent(requestTypeId)}/field`),
  ]);
  const type = types.values.find((t) => t.id === requestTypeId);
  if (!type) throw new JiraApiError(404, 'This service desk has no such request type.');
  return { desk: desks.values.find((d) => d.id === serviceDeskId), type, fields: meta.requestTypeFields };
}

export function requestForm(
  form: RequestTypeForm,
  serviceDeskId: string,
  values: FormValues = {},
  error?: { message: string; fieldErrors: Record<string, string> },
): SafeHtml {
  const { desk, type, fields } = form;
  const known = new Set(fields.map((f) => f.fieldId));
  const stray = error ? Object.entries(error.fieldErrors).filter(([id]) => !known.has(id)) : [];
  return html`<nav class="breadcrumbs"><a href="/portal">Help center</a> / ${desk?.projectName ?? 'Service desk'}</nav>
    <section class="card form-card">
      <h1>${type.name}</h1>
      ${type.description ? html`<p class="lead">${type.description}</p>` : ''}
      ${type.helpText && type.helpText !== type.description ? html`<p class="help">${type.helpText}</p>` : ''}
      ${
        error
          ? html`<div class="flash flash-error" role="alert" data-testid="form-error">${error.message}${
              stray.length ? html`<ul>${stray.map(([id, m]) => html`<li>${id}: ${m}</li>`)}</ul>` : ''
            }</div>`
          : ''
      }
      <form method="post" action="${portalPath(serviceDeskId, type.id)}" class="request-form" novalidate>
        ${fields.map((f) => renderField(f, values, error?.fieldErrors[f.fieldId]))}
        <p class="required-note"><span class="required">*</span> Required fields</p>
        <div class="actions">
          <button type="submit" class="button primary">Send</button>
          <a class="button subtle" href="/portal">Cancel</a>
        </div>
      </form>
    </section>`;
}

/** Reads a posted form as FormValues (files, which the form never sends, are ignored). */
export function readForm(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

export type SubmitResult = { ok: true; issueKey: string } | { ok: false; page: SafeHtml };

/** Raises the request as the signed-in user; a 400 re-renders the form with JSM's message and the values kept. */
export async function submitRequest(ui: PageContext, form: RequestTypeForm, serviceDeskId: string, values: FormValues): Promise<SubmitResult> {
  try {
    const created = await ui.jira.post<{ issueKey: string }>(`${JSM}/request`, {
      serviceDeskId,
      requestTypeId: form.type.id,
      requestFieldValues: formToRequestFieldValues(form.fields, values),
    });
    return { ok: true, issueKey: created.issueKey };
  } catch (error) {
    if (error instanceof JiraApiError && error.status === 400) {
      return { ok: false, page: requestForm(form, serviceDeskId, values, { message: error.message, fieldErrors: error.fieldErrors }) };
    }
    throw error;
  }
}
