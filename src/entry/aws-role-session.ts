import { AwsSession } from '../adapters/aws/aws-session';
import { VendingConfigRepository } from '../adapters/forge/vending-config-repository';
import type { AwsConnectionSettings } from '../domain/account-vending/vending-settings';
import { InvalidInputError } from '../domain/errors';

/**
 * The AWS role's session from the connection saved on the admin page (role, external id, the IAM
 * user's keys, the cached session), shared by account vending, JIT access and the S3 export.
 * Nothing is called here: the keys are read and the role assumed on the session's first use.
 */
export async function roleSession(config: VendingConfigRepository = new VendingConfigRepository()): Promise<{ connection: AwsConnectionSettings; session: AwsSession }> {
  const connection = await config.connection();
  if (!connection) throw new InvalidInputError('Provisio is not connected to AWS: an admin must set up the AWS connection in Provisio’s settings.');
  const session = new AwsSession({
    connection,
    keys: async () => {
      const keys = await config.accessKeys();
      if (!keys) throw new InvalidInputError('The AWS access keys are missing: an admin must save them in Provisio’s settings.');
      return keys;
    },
    cache: config.sessionCache(),
  });
  return { connection, session };
}
