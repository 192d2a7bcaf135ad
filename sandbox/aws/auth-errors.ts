import { AwsError } from './errors';
import type { SigV4FailureKind } from './sigv4/errors';

interface WireName {
  code: string;
  status: number;
}

/**
 * The names AWS front ends give authentication failures. Query services (STS, SNS) and JSON
 * services (Organizations, CodeBuild, …) name the same failure differently; the SDK raises
 * whichever class the code names, so the stand-in must answer with the service's own name.
 */
const NAMES: Record<'awsJson' | 'awsQuery' | 'restXml', Record<SigV4FailureKind, WireName>> = {
  awsQuery: {
    'missing-authentication': { code: 'MissingAuthenticationToken', status: 403 },
    'incomplete-signature': { code: 'IncompleteSignature', status: 400 },
    'unknown-access-key': { code: 'InvalidClientTokenId', status: 403 },
    'invalid-token': { code: 'InvalidClientTokenId', status: 403 },
    'expired-token': { code: 'ExpiredToken', status: 403 },
    'signature-mismatch': { code: 'SignatureDoesNotMatch', status: 403 },
    'payload-hash-mismatch': { code: 'SignatureDoesNotMatch', status: 403 },
    'request-expired': { code: 'SignatureDoesNotMatch', status: 403 },
    'scope-mismatch': { code: 'SignatureDoesNotMatch', status: 403 },
  },
  awsJson: {
    'missing-authentication': { code: 'MissingAuthenticationTokenException', status: 403 },
    'incomplete-signature': { code: 'IncompleteSignatureException', status: 400 },
    'unknown-access-key': { code: 'UnrecognizedClientException', status: 400 },
    'invalid-token': { code: 'UnrecognizedClientException', status: 400 },
    'expired-token': { code: 'ExpiredTokenException', status: 400 },
    'signature-mismatch': { code: 'InvalidSignatureException', status: 403 },
    'payload-hash-mismatch': { code: 'InvalidSignatureException', status: 403 },
    'request-expired': { code: 'InvalidSignatureException', status: 403 },
    'scope-mismatch': { code: 'InvalidSignatureException', status: 403 },
  },
  // S3 names them its own way (S3 error responses, "List of error codes").
  restXml: {
    'missing-authentication': { code: 'AccessDenied', status: 403 },
    'incomplete-signature': { code: 'AuthorizationHeaderMalformed', status: 400 },
    'unknown-access-key': { code: 'InvalidAccessKeyId', status: 403 },
    'invalid-token': { code: 'InvalidToken', status: 400 },
    'expired-token': { code: 'ExpiredToken', status: 400 },
    'signature-mismatch': { code: 'SignatureDoesNotMatch', status: 403 },
    'payload-hash-mismatch': { code: 'XAmzContentSHA256Mismatch', status: 400 },
    'request-expired': { code: 'RequestTimeTooSkewed', status: 403 },
    'scope-mismatch': { code: 'AuthorizationHeaderMalformed', status: 400 },
  },
};

export function authError(family: 'awsJson' | 'awsQuery' | 'restXml', kind: SigV4FailureKind, message: string): AwsError {
  const { code, status } = NAMES[family][kind];
  return new AwsError(code, message, { status });
}
