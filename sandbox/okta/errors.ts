import { errorId } from './ids';

/**
 * Errors of the Management API. Domain code throws these; the route layer renders Okta's body
 * `{errorCode, errorSummary, errorLink, errorId, errorCauses}` (errorLink repeats the code, as Okta does).
 */
export class OktaApiError extends Error {
  override readonly name = 'OktaApiError';

  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: string[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${errorCode}: ${errorSummary}`);
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: errorId(),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** 400 E0000001 "Api validation failed: <field>" with one cause per problem, as Okta reports profile errors. */
export function validationFailed(subject: string, causes: string[]): OktaApiError {
  return new OktaApiError(400, 'E0000001', `Api validation failed: ${subject}`, causes);
}

export function loginTaken(): OktaApiError {
  return validationFailed('login', ['login: An object with this field already exists in the current organization']);
}

export function malformedBody(): OktaApiError {
  return new OktaApiError(400, 'E0000003', 'The request body was not well-formed.');
}

export function accessDenied(headers: Record<string, string> = {}): OktaApiError {
  return new OktaApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [], headers);
}

/** Okta names the resource type in the summary: `(User)`, `(UserGroup)`. */
export function notFound(id: string, type: 'User' | 'UserGroup'): OktaApiError {
  return new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);
}

export function pathNotFound(): OktaApiError {
  return new OktaApiError(404, 'E0000008', 'The requested path was not found');
}

export function invalidToken(headers: Record<string, string> = {}): OktaApiError {
  return new OktaApiError(401, 'E0000011', 'Invalid token provided', [], headers);
}

export function activationFailedAlreadyActive(): OktaApiError {
  return new OktaApiError(403, 'E0000016', 'Activation failed because the user is already active');
}

export function methodNotAllowed(): OktaApiError {
  return new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
}

export function invalidSearch(cause?: string): OktaApiError {
  return new OktaApiError(400, 'E0000031', 'Invalid search criteria.', cause ? [cause] : []);
}

export function notAllowedInStatus(): OktaApiError {
  return new OktaApiError(403, 'E0000038', "This operation is not allowed in the user's current status.");
}

/** Management API wording; the token endpoint words its 429 differently (see oauth/errors). */
export function rateLimited(): OktaApiError {
  return new OktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
}

export const TOKEN_ENDPOINT_RATE_LIMIT_SUMMARY = 'You exceeded the maximum number of requests. Try again in a while.';

/** E0000124/E0000125: the two ways `nextLogin=changePassword` is refused on create (spec examples). */
export function expireOnCreateNeedsPassword(): OktaApiError {
  const text = 'Could not create user. To create a user and expire their password immediately, a password must be specified.';
  return new OktaApiError(400, 'E0000124', text, [text]);
}

export function expireOnCreateNeedsActivation(): OktaApiError {
  const text = 'Could not create user. To create a user and expire their password immediately, `activate` must be true.';
  return new OktaApiError(400, 'E0000125', text, [text]);
}

/**
 * Errors of the OAuth endpoints, rendered as `{error, error_description}`. `headers` carries
 * e.g. the `DPoP-Nonce` of a `use_dpop_nonce` answer.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const invalidClient = (description: string): OAuthError => new OAuthError(401, 'invalid_client', description);
export const invalidRequest = (description: string): OAuthError => new OAuthError(400, 'invalid_request', description);
export const invalidScope = (description: string): OAuthError => new OAuthError(400, 'invalid_scope', description);
export const invalidDpopProof = (description: string): OAuthError => new OAuthError(400, 'invalid_dpop_proof', description);

/**
 * A resource-request refusal Okta answers with a `WWW-Authenticate` challenge and no body
 * (DPoP problems come back as 400 with only the header explaining them).
 */
export class ResourceChallenge extends Error {
  override readonly name = 'ResourceChallenge';

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    description: string,
  ) {
    super(description);
  }
}
