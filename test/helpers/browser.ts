/**
 * Real-browser tests against Debian's Chromium through playwright-core (no downloaded browsers,
 * no network). Also: serving a Hono app on an ephemeral port, and building a Custom UI package
 * into a private folder so a test never reads a half-written `static/<name>/build`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';

/** Jest sets NODE_ENV=test, which would make Vite ship React's development build; tests must see what users get. */
const PRODUCTION_BUILD_ENV = { ...process.env, NODE_ENV: 'production' };

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Keeps Chromium quiet and offline: no background requests, updates, sync or QUIC probes. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `CHROMIUM_PATH` when set (an explicit choice, so a wrong value skips rather than silently
 * falling back), else Debian's /usr/bin/chromium; undefined when it is not executable.
 */
export function chromiumPath(): string | undefined {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return isExecutable(candidate) ? candidate : undefined;
}

/**
 * `describe` when Chromium is installed; otherwise one skipped test whose name says why, plus a
 * warning, so a run without a browser shows what it did not check.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (chromiumPath()) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    test.skip('SKIPPED (Chromium not found: apt-get install chromium)', () => undefined);
  });
  console.warn(`[browser] ${name}: Chromium not found at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'}; set CHROMIUM_PATH or apt-get install chromium`);
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  // Playwright gives each launch a fresh temporary profile and removes it on close.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface TestServer {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 at a free port. */
export function startTestServer(app: Hono): Promise<TestServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive sockets from the browser would otherwise hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}

const builds = new Map<string, Promise<string>>();

/**
 * Builds `static/<name>` with its own Vite config into a fresh temp folder and returns that
 * folder (once per test file). Building privately means the test sees the current sources and
 * is not disturbed by a concurrent `npm run build:ui` emptying the shared build folder.
 */
export function buildCustomUi(name: 'issue-panel' | 'admin'): Promise<string> {
  let build = builds.get(name);
  if (!build) {
    build = runViteBuild(name);
    builds.set(name, build);
  }
  return build;
}

async function runViteBuild(name: string): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `provisio-${name}-`));
  const vite = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite');
  const config = path.join(PROJECT_ROOT, 'static', name, 'vite.config.mts');
  try {
    await promisify(execFile)(vite, ['build', '--config', config, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: PROJECT_ROOT, env: PRODUCTION_BUILD_ENV });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`vite build of static/${name} failed: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return outDir;
}

const inPlaceBuilds = new Map<string, Promise<void>>();

/**
 * Makes sure `static/<name>/build` (the folder manifest.yml points the sandbox at) holds a build
 * of the current sources, building it in place when it is missing or older than any source
 * (`npm test` has usually just built it, so this is normally a quick check).
 */
export function ensureCustomUiBuilt(name: 'issue-panel' | 'admin'): Promise<void> {
  let done = inPlaceBuilds.get(name);
  if (!done) {
    done = buildInPlaceIfStale(name);
    inPlaceBuilds.set(name, done);
  }
  return done;
}

async function buildInPlaceIfStale(name: string): Promise<void> {
  const entry = path.join(PROJECT_ROOT, 'static', name, 'build', 'index.html');
  const sources = [path.join(PROJECT_ROOT, 'static', name), path.join(PROJECT_ROOT, 'static', 'common'), path.join(PROJECT_ROOT, 'src', 'shared')];
  const newestSource = Math.max(...sources.map((dir) => newestMtime(dir, path.join(PROJECT_ROOT, 'static', name, 'build'))));
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource) return;
  const vite = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite');
  const config = path.join(PROJECT_ROOT, 'static', name, 'vite.config.mts');
  try {
    await promisify(execFile)(vite, ['build', '--config', config, '--logLevel', 'warn'], { cwd: PROJECT_ROOT, env: PRODUCTION_BUILD_ENV });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`static/${name}/build is missing or stale and building it failed (try npm run build:ui): ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

/** Newest modification time of the files under `dir`, leaving out `skip`. */
function newestMtime(dir: string, skip: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip || entry.name === 'node_modules') continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
