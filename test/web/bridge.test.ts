/**
 * Unit tests of the sandbox's Custom UI host pieces: resource serving (content types, traversal,
 * shim injection, CSP), the bridge routes against a fake backend, and the shim itself run in a
 * `vm` with a minimal window whose fetch goes straight to the routes.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type { Hono } from 'hono';
import { bridgeShimScript } from '../../sandbox/web/bridge-shim';
import {
  BridgeRouteError,
  UnknownFrameError,
  createBridgeRoutes,
  type BridgeBackend,
  type FetchProductRequest,
} from '../../sandbox/web/bridge-routes';
import { createResourceRoutes, injectIntoHead, scriptHash } from '../../sandbox/web/resource-server';

const BRIDGE_URL = '/__sandbox/bridge';
const TOKEN = 'frame-1';

describe('resource routes', () => {
  let projectRoot: string;
  let app: Hono;

  beforeAll(() => {
    projectRoot = mkdtempSync(path.join(os.tmpdir(), 'provisio-resources-'));
    const build = path.join(projectRoot, 'static/ui/build');
    mkdirSync(path.join(build, 'assets'), { recursive: true });
    writeFileSync(
      path.join(build, 'index.html'),
      '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <script type="module" src="./assets/app.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n',
    );
    writeFileSync(path.join(build, 'assets/app.js'), 'console.log("app");');
    writeFileSync(path.join(build, 'assets/app.css'), 'body{}');
    writeFileSync(path.join(build, 'assets/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(build, 'assets/data.bin'), 'x');
    writeFileSync(path.join(projectRoot, 'static/ui/secret.txt'), 'do not serve');
    writeFileSync(path.join(projectRoot, 'package.json'), '{}');
    symlinkSync(path.join(projectRoot, 'package.json'), path.join(build, 'assets/escape.json'));
    app = createResourceRoutes({
      projectRoot,
      resources: [{ key: 'ui', path: 'static/ui/build' }],
      bridgeUrl: BRIDGE_URL,
      isValidFrameToken: (token) => token === TOKEN,
    });
  });

  afterAll(() => rmSync(projectRoot, { recursive: true, force: true }));

  const get = (p: string) => app.request(`/__forge/resources/ui/${TOKEN}/${p}`);

  test('serves index.html for the folder with the shim as the first element of <head>', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const shim = bridgeShimScript({ frameToken: TOKEN, bridgeUrl: BRIDGE_URL });
    expect(html).toContain(`<head><script>${shim}</script>\n    <meta charset="UTF-8" />`);
    expect(html.indexOf('<script>')).toBeLessThan(html.indexOf('./assets/app.js'));
    expect(await (await get('index.html')).text()).toBe(html);
  });

  test('sets a Forge-like CSP that allows only the shim inline, by hash', async () => {
    const res = await get('');
    const csp = res.headers.get('content-security-policy') ?? '';
    const shim = bridgeShimScript({ frameToken: TOKEN, bridgeUrl: BRIDGE_URL });
    const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe(`'self' '${scriptHash(shim)}'`);
    expect(directives['style-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(scriptHash(shim)).toMatch(/^sha256-[A-Za-z0-9+/]+=*$/);
  });

  test('redirects the token folder without a trailing slash so relative assets resolve', async () => {
    const res = await app.request(`/__forge/resources/ui/${TOKEN}?x=1`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/__forge/resources/ui/${TOKEN}/?x=1`);
  });

  test.each([
    ['assets/app.js', 'text/javascript; charset=utf-8', 'console.log("app");'],
    ['assets/app.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['assets/data.bin', 'application/octet-stream', 'x'],
  ])('serves %s as %s, untouched', async (file, type, body) => {
    const res = await get(file);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe(body);
  });

  test('answers 404 for missing files and unknown resources', async () => {
    expect((await get('assets/missing.js')).status).toBe(404);
    expect((await app.request(`/__forge/resources/nope/${TOKEN}/`)).status).toBe(404);
  });

  test.each(['..%2fsecret.txt', 'assets/..%2f..%2fsecret.txt', '..%5csecret.txt', 'assets%2f..%2f..%2f..%2fpackage.json', 'a%00.js', 'assets/escape.json'])(
    'refuses the traversal %s',
    async (p) => {
      const res = await get(p);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('do not serve');
    },
  );

  test('refuses the page for an unknown frame token but still serves public assets', async () => {
    const page = await app.request('/__forge/resources/ui/stolen/');
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('__bridge');
    expect((await app.request('/__forge/resources/ui/stolen/assets/app.js')).status).toBe(200);
  });

  test('adds a cross-origin bridge URL to connect-src', async () => {
    const crossOrigin = createResourceRoutes({
      projectRoot,
      resources: [{ key: 'ui', path: 'static/ui/build' }],
      bridgeUrl: 'http://127.0.0.1:9999/__sandbox/bridge',
      isValidFrameToken: () => true,
    });
    const csp = (await crossOrigin.request('/__forge/resources/ui/t/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9999");
  });
});

describe('injectIntoHead', () => {
  test.each([
    ['<html><head lang="x"><title>t</title></head></html>', '<html><head lang="x"><i/><title>t</title></head></html>'],
    ['<!doctype html><html><body></body></html>', '<!doctype html><html><head><i/></head><body></body></html>'],
    ['<!DOCTYPE html><p>hi</p>', '<!DOCTYPE html><head><i/></head><p>hi</p>'],
    ['<html><header></header><HEAD></HEAD></html>', '<html><header></header><HEAD><i/></HEAD></html>'],
  ])('%s', (html, expected) => {
    expect(injectIntoHead(html, '<i/>')).toBe(expected);
  });
});

describe('bridgeShimScript', () => {
  test('cannot be broken out of by a hostile token or URL', () => {
    const script = bridgeShimScript({ frameToken: '</script><script>alert(1)</script>', bridgeUrl: '/b<!--' });
    expect(script).not.toMatch(/<\/script|<!--/i);
    expect(() => new vm.Script(script)).not.toThrow();
  });
});

interface BackendCalls {
  getContext: string[];
  invoke: { frameToken: string; functionKey: string; payload: unknown }[];
  fetchProduct: { frameToken: string; request: FetchProductRequest }[];
}

function fakeBackend(): { backend: BridgeBackend; calls: BackendCalls } {
  const calls: BackendCalls = { getContext: [], invoke: [], fetchProduct: [] };
  const known = (frameToken: string) => {
    if (frameToken !== TOKEN) throw new UnknownFrameError();
  };
  const backend: BridgeBackend = {
    async getContext(frameToken) {
      known(frameToken);
      calls.getContext.push(frameToken);
      return { moduleKey: 'provisio-issue-panel', extension: { type: 'jira:issuePanel', issue: { key: 'ITS-1' } } };
    },
    async invoke(frameToken, functionKey, payload) {
      known(frameToken);
      calls.invoke.push({ frameToken, functionKey, payload });
      if (functionKey === 'explode') throw new Error('resolver exploded');
      if (functionKey === 'teapot') throw new BridgeRouteError(418, 'short and stout');
      if (functionKey === 'nothing') return undefined;
      return { ok: true, data: { echo: payload } };
    },
    async fetchProduct(frameToken, request) {
      known(frameToken);
      calls.fetchProduct.push({ frameToken, request });
      return { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '{"key":"ITS-1"}' };
    },
  };
  return { backend, calls };
}

describe('bridge routes', () => {
  const post = (app: Hono, method: string, body: unknown) =>
    app.request(`${BRIDGE_URL}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('getContext answers the backend context for the token', async () => {
    const { backend, calls } = fakeBackend();
    const res = await post(createBridgeRoutes(backend), 'getContext', { frameToken: TOKEN, payload: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { moduleKey: 'provisio-issue-panel', extension: { type: 'jira:issuePanel', issue: { key: 'ITS-1' } } } });
    expect(calls.getContext).toEqual([TOKEN]);
  });

  test('invoke passes the function key and payload and answers {result}', async () => {
    const { backend, calls } = fakeBackend();
    const app = createBridgeRoutes(backend);
    const res = await post(app, 'invoke', { frameToken: TOKEN, payload: { functionKey: 'panel/get-info', payload: { a: 1 } } });
    expect(await res.json()).toEqual({ result: { ok: true, data: { echo: { a: 1 } } } });
    expect(calls.invoke).toEqual([{ frameToken: TOKEN, functionKey: 'panel/get-info', payload: { a: 1 } }]);

    const nothing = await post(app, 'invoke', { frameToken: TOKEN, payload: { functionKey: 'nothing' } });
    expect(await nothing.json()).toEqual({ result: null });

    const withMetadata = await post(app, 'invoke', { frameToken: TOKEN, payload: { functionKey: 'x', metadata: { rateLimitProperties: true } } });
    expect(await withMetadata.json()).toEqual({ result: { body: { ok: true, data: {} }, metadata: {} } });
  });

  test('fetchProduct normalises the request init', async () => {
    const { backend, calls } = fakeBackend();
    const res = await post(createBridgeRoutes(backend), 'fetchProduct', {
      frameToken: TOKEN,
      payload: {
        product: 'jira',
        restPath: '/rest/api/3/issue/ITS-1',
        fetchRequestInit: { method: 'GET', headers: [['x-atlassian-token', 'no-check']], body: null },
        isMultipartFormData: false,
      },
    });
    expect(await res.json()).toEqual({ result: { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '{"key":"ITS-1"}' } });
    expect(calls.fetchProduct).toEqual([
      { frameToken: TOKEN, request: { product: 'jira', restPath: '/rest/api/3/issue/ITS-1', init: { method: 'GET', headers: [['x-atlassian-token', 'no-check']], body: null } } },
    ]);
  });

  test.each([
    ['an unknown token', { frameToken: 'expired', payload: null }],
    ['no token', { payload: null }],
  ])('answers 403 for %s', async (_what, body) => {
    const res = await post(createBridgeRoutes(fakeBackend().backend), 'getContext', body);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/frame token/);
  });

  test('maps backend failures to {error} with their message', async () => {
    const app = createBridgeRoutes(fakeBackend().backend);
    const explode = await post(app, 'invoke', { frameToken: TOKEN, payload: { functionKey: 'explode' } });
    expect(explode.status).toBe(500);
    expect(await explode.json()).toEqual({ error: 'resolver exploded' });
    const teapot = await post(app, 'invoke', { frameToken: TOKEN, payload: { functionKey: 'teapot' } });
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ error: 'short and stout' });
  });

  test.each([
    ['an unknown method', 'openRovo', { frameToken: TOKEN }, 404, /not supported by the Provisio sandbox/],
    ['a frame-answered method', 'showFlag', { frameToken: TOKEN }, 400, /answered inside the frame/],
    ['a body that is not JSON', 'getContext', '{nope', 400, /must be JSON/],
    ['invoke without a function key', 'invoke', { frameToken: TOKEN, payload: {} }, 400, /functionKey/],
    ['invokeRemote', 'invoke', { frameToken: TOKEN, payload: { invokeType: 'ui-remote-fetch' } }, 400, /not supported/],
    ['fetchProduct with bad headers', 'fetchProduct', { frameToken: TOKEN, payload: { product: 'jira', restPath: '/x', fetchRequestInit: { headers: [[1]] } } }, 400, /headers/],
  ])('rejects %s', async (_what, method, body, status, message) => {
    const res = await post(createBridgeRoutes(fakeBackend().backend), method, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(message);
  });
});

/** Runs the shim in a fresh realm with just enough of a window; fetch goes to the routes. */
function loadShim(app: Hono) {
  const fetched: string[] = [];
  const root = { attributes: {} as Record<string, string>, setAttribute(name: string, value: string) { this.attributes[name] = value; } };
  const window: Record<string, unknown> = {
    location: { origin: 'http://sandbox.test', reload: () => undefined },
    document: { title: '', documentElement: root },
    fetch: async (url: string, init: RequestInit) => {
      fetched.push(url);
      return app.request(url, init);
    },
    setTimeout,
    console,
  };
  window.window = window;
  vm.runInNewContext(bridgeShimScript({ frameToken: TOKEN, bridgeUrl: `${BRIDGE_URL}/` }), window);
  const bridge = window.__bridge as { callBridge<T = unknown>(method: string, payload?: unknown): Promise<T> };
  return { callBridge: bridge.callBridge, window, fetched, root, log: window.__sandboxBridgeLog as { method: string; payload: unknown }[] };
}

describe('bridge shim', () => {
  test('forwards server methods to the routes with the frame token', async () => {
    const { backend, calls } = fakeBackend();
    const shim = loadShim(createBridgeRoutes(backend));
    await expect(shim.callBridge('invoke', { functionKey: 'panel/get-info', payload: { n: 2 } })).resolves.toEqual({ ok: true, data: { echo: { n: 2 } } });
    expect((await shim.callBridge<{ moduleKey: string }>('getContext')).moduleKey).toBe('provisio-issue-panel');
    const product = await shim.callBridge<{ status: number }>('fetchProduct', { product: 'jira', restPath: '/rest/api/3/myself', fetchRequestInit: { headers: [] } });
    expect(product.status).toBe(200);
    expect(shim.fetched).toEqual([`${BRIDGE_URL}/invoke`, `${BRIDGE_URL}/getContext`, `${BRIDGE_URL}/fetchProduct`]);
    expect(calls.invoke[0]?.frameToken).toBe(TOKEN);
  });

  test("rejects with the server's message", async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    await expect(shim.callBridge('invoke', { functionKey: 'explode' })).rejects.toMatchObject({ message: 'invoke failed: resolver exploded', status: 500 });
  });

  test('keeps functions in the frame', async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    await expect(shim.callBridge('invoke', { functionKey: 'x', payload: { deep: { fn: () => 1 } } })).rejects.toThrow(/Cannot send a function \(payload\.deep\.fn\)/);
    expect(shim.fetched).toEqual([]);
  });

  test('rejects unknown methods clearly', async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    await expect(shim.callBridge('openModal', {})).rejects.toThrow('Bridge method "openModal" is not supported by the Provisio sandbox');
  });

  test('on/emit stay inside the frame and unsubscribe works', async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    const heard: unknown[] = [];
    const subscription = await shim.callBridge<{ unsubscribe(): void }>('on', { event: 'provisio.refresh', callback: (p: unknown) => heard.push(p) });
    await shim.callBridge('emit', { event: 'provisio.refresh', payload: { n: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    subscription.unsubscribe();
    await shim.callBridge('emit', { event: 'provisio.refresh', payload: { n: 2 } });
    await new Promise((r) => setTimeout(r, 5));
    expect(heard).toEqual([{ n: 1 }]);
    expect(shim.fetched).toEqual([]);
    expect(shim.log.find((entry) => entry.method === 'on')?.payload).toEqual({ event: 'provisio.refresh' });
  });

  test('answers the UI-only methods locally', async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    await shim.callBridge('enableTheming');
    expect(shim.root.attributes['data-color-mode']).toBe('light');
    await shim.callBridge('changeWindowTitle', 'Provisio · ITS-1');
    expect((shim.window.document as { title: string }).title).toBe('Provisio · ITS-1');
    for (const method of ['submit', 'close', 'open', 'refresh', 'showFlag']) {
      await expect(shim.callBridge(method, { id: 'f' })).resolves.not.toBe(false);
    }
    await expect(shim.callBridge('getFrameDispatch')).resolves.toBeUndefined();
    await expect(shim.callBridge('getUrl', { target: 'issue', issueKey: 'ITS-1' })).resolves.toBe('http://sandbox.test/browse/ITS-1');
    await expect(shim.callBridge('navigate', { url: 'https://example.com', type: 'new-tab' })).resolves.toBeUndefined();
    expect(shim.log.map((entry) => entry.method)).toEqual(
      expect.arrayContaining(['enableTheming', 'changeWindowTitle', 'submit', 'showFlag', 'navigate']),
    );
    expect(shim.fetched).toEqual([]);
  });

  test('createHistory gives an in-frame history with listen and location', async () => {
    const shim = loadShim(createBridgeRoutes(fakeBackend().backend));
    const history = await shim.callBridge<{
      location: { pathname: string };
      listen(listener: (location: { pathname: string; search: string }, action: string) => void): () => void;
      push(to: string): void;
      replace(to: { pathname: string }): void;
      back(): void;
      forward(): void;
    }>('createHistory');
    expect(history.location.pathname).toBe('/');
    const seen: [string, string][] = [];
    const unlisten = history.listen((location, action) => seen.push([location.pathname + location.search, action]));
    history.push('/requests/ITS-1?tab=steps');
    history.replace({ pathname: '/requests/ITS-2' });
    history.push('/x');
    history.back();
    unlisten();
    history.forward();
    expect(seen).toEqual([
      ['/requests/ITS-1?tab=steps', 'PUSH'],
      ['/requests/ITS-2', 'REPLACE'],
      ['/x', 'PUSH'],
      ['/requests/ITS-2', 'POP'],
    ]);
    expect(history.location.pathname).toBe('/x');
  });
});
