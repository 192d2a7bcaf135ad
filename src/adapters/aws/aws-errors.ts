import { awsErrorInWords } from '../../domain/account-vending/aws-failures';
import { UpstreamError } from '../../domain/errors';

/**
 * An AWS call that failed, in plain words. `transient` says whether waiting and trying again can
 * fix it (throttling, a busy organization, a network failure) or a person has to act.
 */
export class AwsApiError extends UpstreamError {
  override readonly name = 'AwsApiError';

  constructor(
    message: string,
    status: number | undefined,
    readonly awsCode: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, status, options);
  }
}

interface SdkServiceError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
  Reason?: unknown;
  $retryable?: { throttling?: boolean };
}

function isSdkServiceError(error: unknown): error is SdkServiceError {
  return error instanceof Error && '$metadata' in error && '$fault' in error;
}

/** Translates what an SDK call threw; `action` is the IAM action (`organizations:CreateAccount`). */
export function awsErrorFrom(error: unknown, action: string): AwsApiError {
  if (error instanceof AwsApiError) return error;
  if (isSdkServiceError(error)) {
    const status = error.$metadata?.httpStatusCode;
    const reason = typeof error.Reason === 'string' ? error.Reason : undefined;
    const { words, transient } = awsErrorInWords(error.name, action, error.message, reason);
    // An unknown server-side fault is worth another try; an unknown client-side one is not.
    const retry = transient || (error.$fault === 'server' && !KNOWN_PERMANENT.has(error.name)) || error.$retryable?.throttling === true;
    return new AwsApiError(words, status, error.name, retry, { cause: error });
  }
  // No answer at all (network, egress, timeout): the call may or may not have happened; try again.
  const name = error instanceof Error ? error.name : typeof error;
  return new AwsApiError(`AWS did not answer (${action}: ${name}); Provisio waits and tries again.`, undefined, 'NoResponse', true, { cause: error });
}

const KNOWN_PERMANENT = new Set(['AccessDeniedException', 'AccessDenied']);
