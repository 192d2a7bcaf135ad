/**
 * Error codes the emulated KVS returns as `{code, message, context?}` bodies with non-2xx statuses.
 * The SDK turns any such body into `ForgeKvsAPIError` (and swallows KEY_NOT_FOUND on get/delete).
 * "[doc]" codes come from handling-errors-kvs / handling-errors-customentities; the others are the
 * emulator's choice where the docs name no code (forge-platform-boundary.md §10).
 */
export const KvsErrorCode = {
  /** [SDK tests] 404 with message 'Provided key does not exist'. */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  /** [doc] plain KVS: empty key. */
  KEY_TOO_SHORT: 'KEY_TOO_SHORT',
  /** [doc] custom entity store: empty key. */
  EMPTY_KEY: 'EMPTY_KEY',
  /** [doc] */
  KEY_TOO_LONG: 'KEY_TOO_LONG',
  /** [doc] */
  INVALID_KEY: 'INVALID_KEY',
  /** [doc] */
  MAX_SIZE: 'MAX_SIZE',
  /** [doc] */
  MAX_DEPTH: 'MAX_DEPTH',
  /** [doc] */
  ENTITY_TYPE_TOO_SHORT: 'ENTITY_TYPE_TOO_SHORT',
  /** [doc] */
  ENTITY_TYPE_TOO_LARGE: 'ENTITY_TYPE_TOO_LARGE',
  /** [doc] bad entity name; also used for a well-formed name the manifest does not declare. */
  INVALID_ENTITY_TYPE: 'INVALID_ENTITY_TYPE',
  /** [doc] value does not match the declared attribute types. */
  INVALID_ENTITY_VALUE: 'INVALID_ENTITY_VALUE',
  /** [doc] index name not declared for the entity. */
  INVALID_ENTITY_INDEX: 'INVALID_ENTITY_INDEX',
  /** [doc] entity query limit outside 1..100. */
  COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
  /** [doc] `{and: []}` / `{or: []}`. */
  EMPTY_FILTER_OPERATOR: 'EMPTY_FILTER_OPERATOR',
  /** [doc] `and` and `or` at the same level. */
  INVALID_FILTER_OPERATORS_COMBINATION: 'INVALID_FILTER_OPERATORS_COMBINATION',
  /** [doc] a condition with too few values (BETWEEN needs two). */
  INSUFFICIENT_FILTER_VALUES: 'INSUFFICIENT_FILTER_VALUES',
  /** [SDK tests] generic malformed request ('Provided request body is invalid'). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** [3rd-party + boundary probe] FAIL_IF_EXISTS on an existing key, HTTP 409. */
  KEY_CONFLICT: 'KEY_CONFLICT',
  /** Emulator's choice: a transaction condition did not hold; the whole transaction is rejected. */
  CONDITIONAL_CHECK_FAILED: 'CONDITIONAL_CHECK_FAILED',
  /** Emulator's choice: path not served by the KVS. */
  NOT_FOUND: 'NOT_FOUND',
  /** [SDK tests] */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type KvsErrorCodeName = (typeof KvsErrorCode)[keyof typeof KvsErrorCode];

export interface KvsErrorBody {
  code: string;
  message: string;
  context?: Record<string, unknown>;
}

/** Thrown inside the service; `handle()` turns it into a `{status, body}` result. */
export class KvsError extends Error {
  readonly code: KvsErrorCodeName;
  readonly status: number;
  readonly context: Record<string, unknown> | undefined;

  constructor(code: KvsErrorCodeName, message: string, status = 400, context?: Record<string, unknown>) {
    super(message);
    this.name = 'KvsError';
    this.code = code;
    this.status = status;
    this.context = context;
  }

  toBody(): KvsErrorBody {
    return this.context === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, context: this.context };
  }
}

export function badRequest(message: string, context?: Record<string, unknown>): KvsError {
  return new KvsError(KvsErrorCode.BAD_REQUEST, message, 400, context);
}

export function keyNotFound(): KvsError {
  return new KvsError(KvsErrorCode.KEY_NOT_FOUND, 'Provided key does not exist', 404);
}
