import { router } from '@forge/bridge';
import type { MouseEvent } from 'react';

const URL_PATTERN = /https:\/\/[^\s<>"]+/g;
// Punctuation that ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Text with its https links made clickable. A Custom UI frame may not open windows itself, so a
 * link opens through the host (`router.open`, which asks before leaving Atlassian).
 */
export function LinkedText({ text }: { text: string }) {
  const parts: (string | { url: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ url });
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.url} onClick={(event) => openLink(event, part.url)} rel="noreferrer" data-testid="detail-link">
            {part.url}
          </a>
        ),
      )}
    </>
  );
}

function openLink(event: MouseEvent<HTMLAnchorElement>, url: string): void {
  event.preventDefault();
  void router.open(url).catch(() => undefined);
}
