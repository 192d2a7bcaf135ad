/**
 * The web UI's only way into Jira: its public REST API, called as the signed-in user through the
 * stand-in's `fetchAs`, exactly the requests a browser session would make. Failures become
 * `JiraApiError`s whose message a person can read (never a stack trace).
 */

/** What the UI needs of the Jira stand-in. */
export interface JiraRestApi {
  fetchAs(accountId: string, request: Request): Promise<Response>;
}

export type Query = Record<string, string | number | boolean | undefined>;

export class JiraApiError extends Error {
  override readonly name = 'JiraApiError';

  constructor(
    readonly status: number,
    message: string,
    /** Jira's per-field messages (`errors` of an ErrorCollection), keyed by field id. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class JiraClient {
  constructor(
    private readonly api: JiraRestApi,
    private readonly origin: string,
    readonly accountId: string,
  ) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.send<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown, query: Query = {}): Promise<T> {
    return this.send<T>('POST', withQuery(path, query), body);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = new Request(this.origin + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    let response: Response;
    try {
      response = await this.api.fetchAs(this.accountId, request);
    } catch (error) {
      const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
      throw new JiraApiError(502, `Jira could not be reached${detail}`);
    }
    const text = await response.text();
    if (!response.ok) {
      const { message, fieldErrors } = describeJiraError(response.status, text);
      throw new JiraApiError(response.status, message, fieldErrors);
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new JiraApiError(502, `Jira answered ${method} ${path.split('?')[0]} with something that is not JSON`);
    }
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Jira could not accept that request.',
  401: 'Jira does not recognise the signed-in user. Sign in again.',
  403: "You don't have permission to do that in Jira.",
  404: "Jira couldn't find that, or you don't have permission to see it.",
  409: 'Jira reported a conflict; reload the page and try again.',
  429: 'Jira is rate limiting requests right now; try again in a moment.',
};

/**
 * The readable message of a Jira or JSM error body: the platform's ErrorCollection
 * (`{errorMessages, errors}`), JSM's ErrorResponse (`{errorMessage}`), or a generic
 * `{message}`/`{error}`; falls back to a sentence for the status.
 */
export function describeJiraError(status: number, bodyText: string): { message: string; fieldErrors: Record<string, string> } {
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const messages: string[] = [];
  const fieldErrors: Record<string, string> = {};
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.errorMessages)) messages.push(...b.errorMessages.filter((m): m is string => typeof m === 'string' && m !== ''));
    if (typeof b.errors === 'object' && b.errors !== null && !Array.isArray(b.errors)) {
      for (const [field, message] of Object.entries(b.errors as Record<string, unknown>)) {
        if (typeof message === 'string' && message) fieldErrors[field] = message;
      }
    }
    for (const key of ['errorMessage', 'message', 'error']) {
      const value = b[key];
      if (typeof value === 'string' && value) {
        messages.push(value);
        break;
      }
    }
  }
  const fallback = STATUS_MESSAGES[status] ?? (status >= 500 ? `Jira had a problem (HTTP ${status}); try again.` : `Jira answered HTTP ${status}.`);
  const fieldText = Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`);
  const message = messages.length ? messages.join(' ') : fieldText.length ? fieldText.join(' ') : fallback;
  return { message, fieldErrors };
}
