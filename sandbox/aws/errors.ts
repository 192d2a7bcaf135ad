/**
 * An error as an AWS service answers it. `code` is the wire name (`__type` in awsJson, `<Code>`
 * in awsQuery); `fields` are the error structure's members as the service's model names them
 * (Organizations says `Message`, most others `message`), so the SDK fills the exception class.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly code: string;
  readonly status: number;
  /** Whether the caller (Sender) or the service (Receiver) is at fault. */
  readonly fault: 'client' | 'server';
  readonly fields: Record<string, unknown>;

  constructor(code: string, message: string, opts: { status: number; fault?: 'client' | 'server'; messageMember?: 'message' | 'Message'; extra?: Record<string, unknown> }) {
    super(message);
    this.code = code;
    this.status = opts.status;
    this.fault = opts.fault ?? (opts.status >= 500 ? 'server' : 'client');
    this.fields = { [opts.messageMember ?? 'message']: message, ...(opts.extra ?? {}) };
  }
}

export function internalFailure(): AwsError {
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', { status: 500 });
}
