import { AwsError } from '../../errors';
import type { InputProblem } from '../../input';

/** HTTP statuses from the Organizations model's `smithy.api#httpError` traits. */
const STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  AccountNotFoundException: 404,
  AWSOrganizationsNotInUseException: 404,
  ChildNotFoundException: 404,
  ConcurrentModificationException: 409,
  ConstraintViolationException: 409,
  CreateAccountStatusNotFoundException: 404,
  DestinationParentNotFoundException: 404,
  DuplicateAccountException: 409,
  InvalidInputException: 400,
  OrganizationalUnitNotFoundException: 404,
  ParentNotFoundException: 404,
  ServiceException: 500,
  SourceParentNotFoundException: 404,
  TargetNotFoundException: 404,
  TooManyRequestsException: 429,
};

/** An Organizations error; its structures name the message member `Message`. */
export function orgError(code: keyof typeof STATUS & string, message: string, extra: Record<string, unknown> = {}): AwsError {
  return new AwsError(code, message, { status: STATUS[code] ?? 400, messageMember: 'Message', extra });
}

const REASONS: Record<Exclude<InputProblem['kind'], 'type'>, string> = {
  required: 'INPUT_REQUIRED',
  pattern: 'INVALID_PATTERN',
  'min-length': 'MIN_LENGTH_EXCEEDED',
  'max-length': 'MAX_LENGTH_EXCEEDED',
  'min-value': 'MIN_VALUE_EXCEEDED',
  'max-value': 'MAX_VALUE_EXCEEDED',
  enum: 'INVALID_ENUM',
};

/** Organizations reports bad input as InvalidInputException with a Reason from its model. */
export function invalidInput(problem: InputProblem): AwsError {
  // A value of the wrong JSON type never reaches validation in AWS: the deserialiser refuses it.
  if (problem.kind === 'type') return new AwsError('SerializationException', problem.message, { status: 400 });
  return orgError('InvalidInputException', problem.message, { Reason: REASONS[problem.kind] });
}

export const invalidNextToken = (): AwsError =>
  orgError('InvalidInputException', 'The NextToken value is not valid. Use the NextToken from the previous response.', { Reason: 'INVALID_NEXT_TOKEN' });
