import type { AwsError } from './errors';

/**
 * Opaque NextToken paging. The token names the listing it belongs to, so a token from one
 * listing (or a made-up one) is refused the way services refuse it, not silently misread.
 */
export function paginate<T>(
  items: readonly T[],
  options: { listing: string; nextToken?: string; maxResults?: number; defaultPageSize: number; invalidToken: () => AwsError },
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (options.nextToken !== undefined) {
    const decoded = decodeToken(options.nextToken);
    if (!decoded || decoded.listing !== options.listing || decoded.offset > items.length) throw options.invalidToken();
    offset = decoded.offset;
  }
  const size = options.maxResults ?? options.defaultPageSize;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { page, nextToken: encodeToken({ listing: options.listing, offset: next }) } : { page };
}

function encodeToken(token: { listing: string; offset: number }): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeToken(token: string): { listing: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { listing, offset } = parsed as Record<string, unknown>;
    if (typeof listing !== 'string' || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return undefined;
    return { listing, offset };
  } catch {
    return undefined;
  }
}
