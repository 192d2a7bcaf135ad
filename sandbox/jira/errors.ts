/**
 * Domain errors of the Jira stand-in. Domain code throws these; the route layer turns them
 * into Jira's `{errorMessages, errors}` or JSM's `{errorMessage, i18nErrorMessage}` bodies.
 */
export type JiraErrorKind = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'gone' | 'too-large';

const STATUS: Record<JiraErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
};

export class JiraError extends Error {
  readonly kind: JiraErrorKind;
  /** Field-keyed messages, as Jira's `errors` map (e.g. `{summary: 'You must specify a summary of the issue.'}`). */
  readonly fieldErrors: Record<string, string>;
  /** JSM's i18n key for the message, when JSM answers. */
  readonly i18nKey: string;

  constructor(kind: JiraErrorKind, message: string, opts: { fieldErrors?: Record<string, string>; i18nKey?: string } = {}) {
    super(message);
    this.name = 'JiraError';
    this.kind = kind;
    this.fieldErrors = opts.fieldErrors ?? {};
    this.i18nKey = opts.i18nKey ?? `sd.error.${kind}`;
  }

  get status(): number {
    return STATUS[this.kind];
  }

  /** The messages list for Jira's ErrorCollection: empty when only field errors say what went wrong. */
  get errorMessages(): string[] {
    return this.message ? [this.message] : [];
  }
}

export const badRequest = (message: string, fieldErrors?: Record<string, string>): JiraError =>
  new JiraError('bad-request', message, { fieldErrors });
export const forbidden = (message: string): JiraError => new JiraError('forbidden', message);
export const notFound = (message: string): JiraError => new JiraError('not-found', message);
export const conflict = (message: string): JiraError => new JiraError('conflict', message);

/** Jira answers 400 with an empty `errorMessages` and per-field `errors` for invalid field input. */
export function fieldErrors(errors: Record<string, string>): JiraError {
  return new JiraError('bad-request', '', { fieldErrors: errors });
}

/** JQL problems are 400s whose messages Jira prefixes consistently. */
export class JqlError extends JiraError {
  constructor(message: string) {
    super('bad-request', message);
    this.name = 'JqlError';
  }
}
