import { AwsError } from '../../errors';
import { InputReader, type InputProblem } from '../../input';
import { awsQueryProtocol } from '../../protocols/aws-query';
import { timestamp } from '../../protocols/values';
import type { IamModel } from '../iam/model';
import type { OperationHandler, ServiceDefinition } from '../service';

// Constraints from the STS Smithy model (sts-2011-06-15.json).
const ROLE_SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]*$/;

/** STS validates input with the generic `ValidationError` query error. */
const validationError = (problem: InputProblem) => new AwsError('ValidationError', problem.message, { status: 400 });
const read = (input: Record<string, unknown>) => new InputReader(input, validationError);

/** AWS STS (awsQuery, version 2011-06-15): AssumeRole and GetCallerIdentity. */
export function stsService(iam: IamModel): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {
    AssumeRole: (input, call) => {
      const r = read(input);
      const roleArn = r.requiredString('RoleArn', { min: 20, max: 2048 });
      const sessionName = r.requiredString('RoleSessionName', { min: 2, max: 64, pattern: ROLE_SESSION_NAME });
      const durationSeconds = r.integer('DurationSeconds', { min: 900, max: 43200 });
      const externalId = r.string('ExternalId', { min: 2, max: 1224, pattern: EXTERNAL_ID });
      const sourceIdentity = r.string('SourceIdentity', { min: 2, max: 64, pattern: SOURCE_IDENTITY });
      const policy = r.string('Policy', { min: 1 });
      const tags = r.structList('Tags', { maxItems: 50 });
      const session = iam.assumeRole(call.principal, {
        roleArn,
        sessionName,
        ...(externalId === undefined ? {} : { externalId }),
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
      });
      // STS reports how full the packed session policy and tags are (percent), only when any were passed.
      const packedBytes = (policy?.length ?? 0) + (tags?.length ?? 0) * 32;
      const packed = packedBytes > 0 ? Math.min(100, Math.ceil((packedBytes / 2048) * 100)) : undefined;
      return {
        Credentials: {
          AccessKeyId: session.accessKeyId,
          SecretAccessKey: session.secretAccessKey,
          SessionToken: session.sessionToken,
          Expiration: timestamp(session.expiresAtMs),
        },
        AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.assumedRoleArn },
        PackedPolicySize: packed,
        SourceIdentity: sourceIdentity,
      };
    },

    GetCallerIdentity: (_input, call) => ({ UserId: call.principal.userId, Account: call.principal.accountId, Arn: call.principal.arn }),
  };

  return {
    name: 'sts',
    endpointPrefix: 'sts',
    signingName: 'sts',
    actionPrefix: 'sts',
    protocol: awsQueryProtocol({ version: '2011-06-15', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/' }),
    operations,
    accessDenied: (principal, action, input) =>
      new AwsError('AccessDenied', `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${typeof input.RoleArn === 'string' ? input.RoleArn : '*'}`, {
        status: 403,
      }),
  };
}
