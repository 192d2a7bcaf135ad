/**
 * AWS's reasons in plain words: what happened, and who has to do what. The AWS code stays in
 * brackets so an AWS administrator can still search for it.
 */
const CREATE_ACCOUNT_FAILURES: Record<string, string> = {
  EMAIL_ALREADY_EXISTS:
    'This email already owns an AWS account (in this organization or elsewhere). Every AWS account needs its own root email: change "Account email" to an address no AWS account uses (a plus-alias such as team+aws-dev@example.com works), then retry.',
  INVALID_EMAIL: 'AWS cannot use this email address; it does not look deliverable. Change "Account email" to an address that receives mail, then retry.',
  ACCOUNT_LIMIT_EXCEEDED:
    'The organization has reached its AWS account quota. An AWS administrator must close unused accounts or ask AWS to raise the "accounts per organization" quota, then retry.',
  INVALID_ADDRESS: "AWS rejected the organization's contact address. An AWS administrator must correct the management account's contact information, then retry.",
  CONCURRENT_ACCOUNT_MODIFICATION: 'AWS was already handling a request for an account with the same details. Wait a few minutes, then retry.',
  INTERNAL_FAILURE: 'AWS had an internal failure while creating the account. Retry; if it fails again, an AWS administrator should contact AWS Support.',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: 'A GovCloud account already exists for this account. An AWS administrator must resolve this with AWS.',
  MISSING_BUSINESS_VALIDATION: "AWS has not validated the organization's business information yet. An AWS administrator must complete it in the management account, then retry.",
  FAILED_BUSINESS_VALIDATION: "AWS could not validate the organization's business information. An AWS administrator must correct it in the management account, then retry.",
  PENDING_BUSINESS_VALIDATION: "AWS is still validating the organization's business information. Retry once AWS has finished (this can take a day).",
  UNKNOWN_BUSINESS_VALIDATION: "AWS could not complete the business validation of the organization. An AWS administrator should contact AWS Support.",
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: "AWS could not verify the identity given for the organization's business validation. An AWS administrator must correct it, then retry.",
  MISSING_PAYMENT_INSTRUMENT: 'The management account has no payment method. An AWS administrator must add one, then retry.',
  INVALID_PAYMENT_INSTRUMENT: "The management account's payment method was declined. An AWS administrator must update it, then retry.",
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: 'AWS could not apply the tags while creating the account. An AWS administrator should check the organization\'s tag policies, then retry.',
};

export function createAccountFailureInWords(reason: string | undefined): string {
  const code = reason ?? 'UNKNOWN';
  const words = CREATE_ACCOUNT_FAILURES[code] ?? 'AWS could not create the account and gave no reason Provisio knows. An AWS administrator should check the request in AWS Organizations.';
  return `${words} (AWS reason: ${code})`;
}

/**
 * An error AWS answered right away, in plain words; `transient` says whether waiting and trying
 * again can fix it without anyone acting.
 */
export function awsErrorInWords(code: string, action: string, message: string, reason?: string): { words: string; transient: boolean } {
  switch (code) {
    case 'TooManyRequestsException':
    case 'ThrottlingException':
    case 'Throttling':
    case 'RequestLimitExceeded':
      return { words: `AWS is throttling Provisio's calls (${action}); Provisio waits and tries again.`, transient: true };
    case 'ConcurrentModificationException':
      return { words: `AWS Organizations was busy with another change (${action}); Provisio waits and tries again.`, transient: true };
    case 'ServiceException':
    case 'InternalFailure':
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
      return { words: `AWS had a temporary failure (${action}); Provisio waits and tries again.`, transient: true };
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return { words: "Provisio's AWS session expired; it gets a new one and tries again.", transient: true };
    case 'AccessDenied':
      if (action === 'sts:AssumeRole') {
        return {
          words: "Provisio could not assume its AWS role: the role ARN, the external id or the role's trust policy does not match. An admin must check the AWS connection in Provisio's settings (use Test connection).",
          transient: false,
        };
      }
      return { words: `Provisio's AWS role may not call ${action}. An admin must update the role's policy from Provisio's infra template.`, transient: false };
    case 'AccessDeniedException':
      return { words: `Provisio's AWS role may not call ${action}. An admin must update the role's policy from Provisio's infra template.`, transient: false };
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'SignatureDoesNotMatch':
    case 'InvalidSignatureException':
      return { words: "AWS does not accept Provisio's access keys (deleted, deactivated or mistyped). An admin must save working keys in Provisio's settings.", transient: false };
    case 'AWSOrganizationsNotInUseException':
      return { words: "The role's account is not in an AWS organization. An admin must connect Provisio to the organization's management account.", transient: false };
    case 'ConstraintViolationException':
      if (reason === 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED') return { words: 'AWS is limiting how fast accounts are created; Provisio waits and tries again.', transient: true };
      if (reason === 'ACCOUNT_NUMBER_LIMIT_EXCEEDED') return { words: createAccountFailureInWords('ACCOUNT_LIMIT_EXCEEDED'), transient: false };
      return { words: `AWS refused ${action}: ${message}${reason ? ` (${reason})` : ''}`, transient: false };
    case 'AccountNotFoundException':
      return { words: 'AWS Organizations has no such account (any more). An AWS administrator should check the account in AWS Organizations.', transient: false };
    case 'OrganizationalUnitNotFoundException':
    case 'DestinationParentNotFoundException':
    case 'ParentNotFoundException':
      return { words: 'The organizational unit does not exist (any more). Change "Organizational unit" on the request, then retry.', transient: false };
    case 'ResourceNotFoundException':
      return { words: `AWS found nothing for ${action}: ${message}. An admin must check the baseline settings in Provisio.`, transient: false };
    default:
      return { words: `AWS refused ${action}: ${message || code}`, transient: false };
  }
}
