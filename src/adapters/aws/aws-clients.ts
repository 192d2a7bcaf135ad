import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import type { AwsSession } from './aws-session';

/**
 * The official SDK clients on a fetch-based handler, so every call goes through Forge's egress
 * rules. `maxAttempts: 1`: a throttled or failed call is retried by the run itself, later, from
 * a delayed Forge event, instead of sleeping inside an invocation (which burns its time limit
 * and its egress budget).
 */
export function organizationsClient(session: AwsSession): OrganizationsClient {
  // Organizations is a global service, served from us-east-1 whatever the app's region.
  return new OrganizationsClient({ region: 'us-east-1', credentials: session.provider, requestHandler: new FetchHttpHandler(), maxAttempts: 1 });
}

export function codeBuildClient(session: AwsSession, region: string): CodeBuildClient {
  return new CodeBuildClient({ region, credentials: session.provider, requestHandler: new FetchHttpHandler(), maxAttempts: 1 });
}
