/**
 * The app's typed errors. Each layer wraps what it caught as `cause`, so a log shows the chain
 * while users see only `message`, which never carries secrets.
 */
export type AppErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT' | 'UPSTREAM_FAILED' | 'INTERNAL';

export abstract class AppError extends Error {
  abstract readonly code: AppErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class ForbiddenError extends AppError {
  override readonly name: string = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends AppError {
  override readonly name: string = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

export class InvalidInputError extends AppError {
  override readonly name: string = 'InvalidInputError';
  readonly code = 'INVALID_INPUT';
}

export class UpstreamError extends AppError {
  override readonly name: string = 'UpstreamError';
  readonly code = 'UPSTREAM_FAILED';

  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
