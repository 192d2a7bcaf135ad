import type { HttpRequest, HttpResponse } from '@smithy/types';

/** One request/response pair as it crossed the wire, for the model-conformance checks. */
export interface WireExchange {
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

/**
 * An SDK request handler that hands the signed request to a fetch-style function in-process,
 * the way the platform's egress router calls the stand-in, with the SDK's real AWS URL.
 * Written here because the SDK ships handlers for real sockets only (node:http, fetch).
 */
export function inProcessHandler(handle: (request: Request) => Promise<Response>, onExchange?: (exchange: WireExchange) => void) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const query = Object.entries(request.query ?? {})
        .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v === null ? [[k]] : [[k, v]]))
        .map((pair) => pair.map((p) => encodeURIComponent(String(p))).join('='))
        .join('&');
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`;
      const body = request.body === undefined || request.body === null ? undefined : (request.body as string | Uint8Array<ArrayBuffer>);
      const response = await handle(new Request(url, { method: request.method, headers: request.headers, ...(body === undefined ? {} : { body }) }));
      const bytes = new Uint8Array(await response.arrayBuffer());
      const headers = Object.fromEntries([...response.headers]);
      onExchange?.({
        url,
        requestHeaders: { ...request.headers },
        requestBody: typeof body === 'string' ? body : body ? new TextDecoder().decode(body) : '',
        status: response.status,
        responseHeaders: headers,
        responseBody: new TextDecoder().decode(bytes),
      });
      return { response: { statusCode: response.status, headers, body: bytes } };
    },
  };
}
