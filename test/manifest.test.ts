import path from 'node:path';
import { validate } from '@forge/manifest';
import { loadManifest } from '../sandbox/platform/manifest';

const ROOT = path.resolve(__dirname, '..');

describe('manifest.yml', () => {
  test('passes @forge/manifest full validation with zero errors and zero warnings', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT); // the validator resolves handlers and resources from the working directory
    try {
      const result = await validate(false, path.join(ROOT, 'manifest.yml'));
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  test('uses a current Node runtime', () => {
    expect(['nodejs22.x', 'nodejs24.x']).toContain(loadManifest(ROOT).runtimeName);
  });

  test('every handler names a function exported by src/index.ts, and index.ts exports nothing else', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const index = require('../src/index') as Record<string, unknown>;
    const handlers = [...loadManifest(ROOT).functions.values()].map((f) => f.handler);
    for (const handler of handlers) {
      const [moduleName, exportName] = handler.split('.');
      expect(moduleName).toBe('index');
      expect(typeof index[exportName as string]).toBe('function');
    }
    expect(Object.keys(index).sort()).toEqual(handlers.map((h) => h.split('.')[1]).sort());
  });
});
