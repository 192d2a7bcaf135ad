/**
 * Okta's cursor paging: `limit` plus an opaque `after` cursor, with `Link` headers for `self`
 * and (when more remain) `next`. Ids sort in creation order, so the cursor is the last id served.
 */
export interface Page<T> {
  items: T[];
  limit: number;
  nextAfter?: string;
}

export function pageOf<T extends { id: string }>(all: T[], query: URLSearchParams, defaultLimit: number, maxLimit: number): Page<T> {
  const requested = Number.parseInt(query.get('limit') ?? '', 10);
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, maxLimit) : defaultLimit;
  const after = query.get('after');
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = after ? sorted.filter((item) => item.id > after) : sorted;
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return { items, limit, ...(rest.length > limit && last ? { nextAfter: last.id } : {}) };
}

export function linkHeaders(base: string, path: string, query: URLSearchParams, page: Page<unknown>): string[] {
  const url = (after: string | null): string => {
    const params = new URLSearchParams(query);
    params.delete('after');
    params.delete('limit');
    if (after) params.set('after', after);
    params.set('limit', String(page.limit));
    return `${base}${path}?${params.toString()}`;
  };
  const links = [`<${url(query.get('after'))}>; rel="self"`];
  if (page.nextAfter) links.push(`<${url(page.nextAfter)}>; rel="next"`);
  return links;
}
