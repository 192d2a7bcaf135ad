import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The Vite config of one Custom UI package (`configUrl` is its vite.config.mts's
 * `import.meta.url`). Forge serves a Custom UI resource from a path it chooses and its CSP only
 * allows the resource's own files, so assets must be relative (`base: './'`) and never inlined
 * as data: URLs.
 */
export function customUiConfig(configUrl: string): UserConfig {
  const root = path.dirname(fileURLToPath(configUrl));
  return defineConfig({
    root,
    base: './',
    plugins: [react()],
    resolve: {
      alias: {
        '@shared': path.resolve(root, '../../src/shared'),
        '@common': path.resolve(root, '../common'),
      },
    },
    build: {
      outDir: 'build',
      emptyOutDir: true,
      assetsInlineLimit: 0,
    },
  });
}
