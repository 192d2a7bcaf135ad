import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { Credentials } from './aws-harness';

export interface RawCall {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  credentials: Credentials;
  service: string;
  region?: string;
  signingDateMs: number;
}

function toHttpRequest(call: RawCall): HttpRequest {
  const url = new URL(call.url);
  return {
    method: call.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...(call.headers ?? {}) },
    ...(call.body === undefined ? {} : { body: call.body }),
  };
}

function toFetch(call: RawCall, signed: HttpRequest): Request {
  const url = new URL(call.url);
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return new Request(`${url.origin}${url.pathname}${query ? `?${query}` : ''}`, {
    method: signed.method,
    headers: signed.headers,
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

const signer = (call: RawCall) => new SignatureV4({ credentials: call.credentials, region: call.region ?? 'us-east-1', service: call.service, sha256: Sha256 });

/** Signs a request the way the SDK does (Authorization header), at a chosen time. */
export async function signed(call: RawCall): Promise<Request> {
  return toFetch(call, await signer(call).sign(toHttpRequest(call), { signingDate: new Date(call.signingDateMs) }));
}

/** Presigns a request (signature in the query string). */
export async function presigned(call: RawCall & { expiresIn: number }): Promise<Request> {
  return toFetch(call, await signer(call).presign(toHttpRequest(call), { signingDate: new Date(call.signingDateMs), expiresIn: call.expiresIn }));
}

/** The signed request with its body replaced after signing. */
export async function withBody(request: Request, body: string): Promise<Request> {
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}
