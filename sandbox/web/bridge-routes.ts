/**
 * HTTP side of the sandbox bridge: the shim in each Custom UI frame posts the server-answered
 * bridge methods here as `POST /__sandbox/bridge/:method` with `{frameToken, payload}` and gets
 * `{result}` or `{error}` back. Everything about the frame (module, context, viewer) is looked up
 * by the backend from the token; nothing the browser says about itself is trusted.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SERVER_BRIDGE_METHODS } from './bridge-shim';

export interface FetchProductInit {
  method?: string;
  headers?: [string, string][];
  body?: string | null;
}

export interface FetchProductRequest {
  product: string;
  restPath: string;
  init: FetchProductInit;
}

export interface FetchProductResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface BridgeBackend {
  getContext(frameToken: string): Promise<Record<string, unknown>>;
  invoke(frameToken: string, functionKey: string, payload: unknown): Promise<unknown>;
  fetchProduct(frameToken: string, request: FetchProductRequest): Promise<FetchProductResponse>;
}

/** Thrown by a backend (or here) to answer with a chosen status; the message reaches the UI. */
export class BridgeRouteError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeRouteError';
  }
}

/** A backend throws this for a frame token it never issued or has expired. */
export class UnknownFrameError extends BridgeRouteError {
  constructor(message = 'unknown or expired frame token; reload the page') {
    super(403, message);
    this.name = 'UnknownFrameError';
  }
}

export const BRIDGE_ROUTE_PREFIX = '/__sandbox/bridge';

type ServerMethod = (typeof SERVER_BRIDGE_METHODS)[number];

/** Methods the shim answers inside the frame; posting one here is a shim bug, not an unknown method. */
const FRAME_ANSWERED_METHODS = new Set([
  'enableTheming', 'changeWindowTitle', 'emitReadyEvent', 'getFrameDispatch', 'showFlag', 'closeFlag',
  'refresh', 'submit', 'close', 'onClose', 'open', 'navigate', 'reload', 'getUrl',
  'on', 'onPublic', 'emit', 'emitPublic', 'createHistory',
]);

export function createBridgeRoutes(backend: BridgeBackend): Hono {
  const app = new Hono();

  app.post(`${BRIDGE_ROUTE_PREFIX}/:method`, async (c) => {
    try {
      const method = c.req.param('method');
      if (!isServerMethod(method)) {
        if (FRAME_ANSWERED_METHODS.has(method)) {
          throw new BridgeRouteError(400, `bridge method "${method}" is answered inside the frame, not by the server`);
        }
        throw new BridgeRouteError(404, `bridge method "${method}" is not supported by the Provisio sandbox`);
      }
      const { frameToken, payload } = await readCall(c);
      const result = await answer(backend, method, frameToken, payload);
      // JSON has no undefined; null keeps the `result` key so the shim can tell success apart.
      return c.json({ result: result === undefined ? null : result });
    } catch (error) {
      return errorResponse(c, error);
    }
  });

  return app;
}

async function answer(backend: BridgeBackend, method: ServerMethod, frameToken: string, payload: unknown): Promise<unknown> {
  switch (method) {
    case 'getContext':
      return backend.getContext(frameToken);
    case 'invoke': {
      const call = asRecord(payload, 'invoke payload');
      if (call.invokeType !== undefined) {
        throw new BridgeRouteError(400, `invoke with invokeType "${String(call.invokeType)}" (invokeRemote/invokeService) is not supported by the Provisio sandbox`);
      }
      if (typeof call.functionKey !== 'string' || call.functionKey === '') {
        throw new BridgeRouteError(400, 'invoke payload needs a functionKey string');
      }
      const result = await backend.invoke(frameToken, call.functionKey, call.payload);
      // With metadata the real bridge wraps the answer as {body, metadata}.
      return call.metadata ? { body: result, metadata: {} } : result;
    }
    case 'fetchProduct':
      return backend.fetchProduct(frameToken, readFetchProduct(payload));
  }
}

async function readCall(c: Context): Promise<{ frameToken: string; payload: unknown }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BridgeRouteError(400, 'bridge call body must be JSON {frameToken, payload}');
  }
  const call = asRecord(body, 'bridge call body');
  if (typeof call.frameToken !== 'string' || call.frameToken === '') throw new UnknownFrameError('missing frame token');
  return { frameToken: call.frameToken, payload: call.payload };
}

function readFetchProduct(payload: unknown): FetchProductRequest {
  const request = asRecord(payload, 'fetchProduct payload');
  if (typeof request.product !== 'string' || typeof request.restPath !== 'string') {
    throw new BridgeRouteError(400, 'fetchProduct payload needs product and restPath strings');
  }
  const raw = request.fetchRequestInit === undefined || request.fetchRequestInit === null ? {} : asRecord(request.fetchRequestInit, 'fetchRequestInit');
  const init: FetchProductInit = { headers: readHeaders(raw.headers), body: null };
  if (raw.method !== undefined) {
    if (typeof raw.method !== 'string') throw new BridgeRouteError(400, 'fetchRequestInit.method must be a string');
    init.method = raw.method;
  }
  if (raw.body !== undefined && raw.body !== null) {
    if (typeof raw.body !== 'string') throw new BridgeRouteError(400, 'fetchRequestInit.body must be a string or null');
    init.body = raw.body;
  }
  return { product: request.product, restPath: request.restPath, init };
}

/** The bridge sends headers as [name, value] pairs; a plain object is accepted too. */
function readHeaders(value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  const pairs = Array.isArray(value) ? value : Object.entries(asRecord(value, 'fetchRequestInit.headers'));
  return pairs.map((pair: unknown) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new BridgeRouteError(400, 'fetchRequestInit.headers must be [name, value] string pairs');
    }
    return [pair[0], pair[1]];
  });
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BridgeRouteError(400, `${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function isServerMethod(method: string): method is ServerMethod {
  return (SERVER_BRIDGE_METHODS as readonly string[]).includes(method);
}

function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof BridgeRouteError) return c.json({ error: error.message }, error.status);
  // An app or backend failure: the UI gets the message (as Forge's invoke rejects with one), not a stack.
  const message = error instanceof Error && error.message ? error.message : 'the sandbox bridge failed';
  return c.json({ error: message }, 500);
}
