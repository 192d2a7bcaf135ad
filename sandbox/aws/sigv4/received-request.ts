/**
 * A request as it arrived, before URL parsing could normalise it. SigV4 signs the path, query
 * and header bytes the client sent, so verification works from these rather than from a URL
 * object (WHATWG URL parsing resolves `..`, merges headers and re-encodes characters).
 */
export interface ReceivedRequest {
  method: string;
  /** The path as on the request line, percent-encoding as sent. */
  path: string;
  /** The query string without `?`, as sent. */
  rawQuery: string;
  /** Header lines in arrival order, names as sent; a name may repeat. */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
}

/**
 * Reads a fetch Request. Fetch has already joined repeated headers with ", " (no SDK sends
 * repeats) and dropped `host`, which is restored from the URL: that is the authority the
 * client connected to and signed.
 */
export async function receivedFromFetch(request: Request, body?: Uint8Array): Promise<ReceivedRequest> {
  const url = new URL(request.url);
  const headers: [string, string][] = [...request.headers];
  if (!request.headers.has('host')) headers.push(['host', url.host]);
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    rawQuery: url.search.startsWith('?') ? url.search.slice(1) : url.search,
    headers,
    body: body ?? new Uint8Array(await request.arrayBuffer()),
  };
}

/** All values of a header (case-insensitive name), in order. */
export function headerValues(request: ReceivedRequest, name: string): string[] {
  const wanted = name.toLowerCase();
  return request.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** A header's value with repeats joined by `,`, as SigV4 canonicalises them; undefined if absent. */
export function headerValue(request: ReceivedRequest, name: string): string | undefined {
  const values = headerValues(request, name);
  return values.length === 0 ? undefined : values.join(',');
}
