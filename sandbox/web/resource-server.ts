/**
 * Serves Custom UI resources the way Forge's CDN does, at
 * `/__forge/resources/:resourceKey/:frameToken/<file>`. The frame token sits in the path so the
 * app's relative asset URLs (`./assets/x.js`, from Vite's `base: './'`) resolve under it and the
 * injected shim knows which frame it is. Responses carry a Forge-like CSP, so an app that breaks
 * Forge's rules (inline scripts, remote assets, stray fetches) breaks here too.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { bridgeShimScript } from './bridge-shim';

export interface ResourceServerOptions {
  projectRoot: string;
  /** `resources[]` from manifest.yml: `path` is relative to the project root. */
  resources: { key: string; path: string }[];
  /** Base URL of the bridge routes, handed to the shim. */
  bridgeUrl: string;
  isValidFrameToken(token: string): boolean;
}

export const RESOURCE_ROUTE_PREFIX = '/__forge/resources';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The URL a frame loads: its resource's index.html under its own token. */
export function resourceEntryUrl(resourceKey: string, frameToken: string): string {
  return `${RESOURCE_ROUTE_PREFIX}/${encodeURIComponent(resourceKey)}/${encodeURIComponent(frameToken)}/`;
}

export function createResourceRoutes(opts: ResourceServerOptions): Hono {
  const roots = new Map(opts.resources.map((r) => [r.key, path.resolve(opts.projectRoot, r.path)]));
  const app = new Hono();

  // Without the trailing slash, relative asset URLs would resolve one folder too high.
  app.get(`${RESOURCE_ROUTE_PREFIX}/:resourceKey/:frameToken`, (c) => {
    const url = new URL(c.req.url);
    return c.redirect(`${url.pathname}/${url.search}`, 301);
  });

  app.get(`${RESOURCE_ROUTE_PREFIX}/:resourceKey/:frameToken/*`, async (c) => {
    const root = roots.get(c.req.param('resourceKey'));
    if (!root) return notFound(c, `no resource "${c.req.param('resourceKey')}" in the manifest`);
    const frameToken = c.req.param('frameToken');

    const relative = resourceRelativePath(new URL(c.req.url).pathname);
    if (relative === null) return c.text('Forbidden: the path leaves the resource folder', 403);

    const file = await resolveInside(root, relative === '' ? 'index.html' : relative);
    if (file === null) return c.text('Forbidden: the path leaves the resource folder', 403);
    if (file === undefined) return notFound(c, 'not found');

    const isHtml = path.extname(file).toLowerCase() === '.html';
    // The page gets the bridge; the bundle's other files are public, as on Forge's CDN.
    if (isHtml && !opts.isValidFrameToken(frameToken)) {
      return c.text('Forbidden: unknown or expired frame token; reload the host page', 403);
    }
    const content = await fs.readFile(file);
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    c.header('X-Content-Type-Options', 'nosniff');
    if (!isHtml) {
      c.header('Content-Type', contentType);
      c.header('Cache-Control', 'no-cache');
      return c.body(new Uint8Array(content));
    }

    const shim = bridgeShimScript({ frameToken, bridgeUrl: opts.bridgeUrl });
    c.header('Content-Type', contentType);
    c.header('Content-Security-Policy', contentSecurityPolicy(shim, opts.bridgeUrl));
    c.header('Cache-Control', 'no-store'); // the page embeds the frame token
    c.header('Referrer-Policy', 'same-origin');
    return c.body(injectIntoHead(content.toString('utf8'), `<script>${shim}</script>`));
  });

  return app;
}

/**
 * Forge's Custom UI policy, with only the resource's own origin allowed. The shim is the single
 * inline script, allowed by its hash; an inline script from the app is refused like on Forge.
 */
export function contentSecurityPolicy(shim: string, bridgeUrl: string): string {
  const connect = ["'self'"];
  if (/^https?:\/\//i.test(bridgeUrl)) connect.push(new URL(bridgeUrl).origin);
  return [
    "default-src 'self'",
    `script-src 'self' '${scriptHash(shim)}'`,
    "style-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "img-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

export function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

/** Puts `markup` first inside <head>, creating a head when the document has none. */
export function injectIntoHead(html: string, markup: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + markup + html.slice(head.index + head[0].length);
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + `<head>${markup}</head>` + html.slice(root.index + root[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + `<head>${markup}</head>` + html.slice(at);
}

/**
 * The file path after `/__forge/resources/<key>/<token>/`, decoded per segment, or null when a
 * segment could climb out (`..`, encoded slashes, backslashes, NUL).
 */
function resourceRelativePath(pathname: string): string | null {
  const segments = pathname.split('/').slice(5); // '', '__forge', 'resources', key, token
  const decoded: string[] = [];
  for (const raw of segments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '..' || /[/\\\0]/.test(segment)) return null;
    if (segment === '' || segment === '.') continue;
    decoded.push(segment);
  }
  return decoded.join('/');
}

/** Absolute path of an existing file inside root; null if it escapes (also via symlinks), undefined if missing. */
async function resolveInside(root: string, relative: string): Promise<string | null | undefined> {
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fs.realpath(candidate), fs.realpath(root)]);
  } catch {
    return undefined;
  }
  if (!isInside(realRoot, real)) return null;
  const stat = await fs.stat(real);
  if (stat.isDirectory()) return resolveInside(root, path.join(relative, 'index.html'));
  return stat.isFile() ? real : undefined;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function notFound(c: Context, message: string): Response {
  return c.text(`Not found: ${message}`, 404);
}
