/**
 * Why a request failed authentication. Kinds, not wire codes: each protocol names them its own
 * way (awsQuery `SignatureDoesNotMatch`, awsJson `InvalidSignatureException`), see ../auth-errors.ts.
 */
export type SigV4FailureKind =
  | 'missing-authentication'
  | 'incomplete-signature'
  | 'unknown-access-key'
  | 'invalid-token'
  | 'expired-token'
  | 'signature-mismatch'
  | 'payload-hash-mismatch'
  | 'request-expired'
  | 'scope-mismatch';

export class SigV4Error extends Error {
  override readonly name = 'SigV4Error';

  constructor(
    readonly kind: SigV4FailureKind,
    message: string,
  ) {
    super(message);
  }
}
