import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsSession } from './aws-session';

/**
 * One SigV4-signed HTTPS request (IAM auth for API Gateway or a Lambda function URL), signed by
 * the role's session and sent through the runtime's fetch, so Forge's egress rules apply.
 */
export async function signedFetch(
  session: AwsSession,
  endpoint: { service: 'execute-api' | 'lambda'; region: string },
  request: { method: 'GET' | 'POST'; url: URL; body?: string; headers?: Record<string, string> },
): Promise<Response> {
  const credentials = await session.provider();
  const signer = new SignatureV4({ credentials, region: endpoint.region, service: endpoint.service, sha256: Sha256 });
  const query: Record<string, string> = {};
  request.url.searchParams.forEach((value, key) => (query[key] = value));
  const headers: Record<string, string> = { host: request.url.host, accept: 'application/json', ...(request.headers ?? {}) };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign({
    method: request.method,
    protocol: 'https:',
    hostname: request.url.hostname,
    path: request.url.pathname,
    query,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  // fetch sets Host itself from the URL (the value that was signed).
  const { host: _host, ...sendHeaders } = signed.headers;
  return fetch(request.url, { method: request.method, headers: sendHeaders, ...(request.body !== undefined ? { body: request.body } : {}) });
}
