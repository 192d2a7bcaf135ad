/**
 * Query-string parsing for SigV4. Hand-written because URLSearchParams turns `+` into a space
 * and throws on stray `%`, while SigV4 keeps `+` literal and the official suite sends raw
 * characters such as `%^` and spaces.
 */
export function parseQuery(rawQuery: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([lenientDecode(key), lenientDecode(value)]);
  }
  return pairs;
}

/** Decodes valid %XX runs (as UTF-8) and leaves everything else, including lone `%`, as sent. */
export function lenientDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** RFC 3986 escaping as SigV4 wants it: encodeURIComponent plus `!'()*`. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
