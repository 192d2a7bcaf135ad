// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports the pure domain may never use: it knows nothing of Forge, AWS, Okta or Node I/O. */
const DOMAIN_FORBIDDEN = {
  patterns: [
    { group: ['@forge/*'], message: 'src/domain is pure: no Forge SDKs (use a port).' },
    { group: ['@aws-sdk/*', '@smithy/*'], message: 'src/domain is pure: no AWS SDK (use a port).' },
    { regex: '^(@okta/|okta-sdk|@okta-)', message: 'src/domain is pure: no Okta SDK (use a port).' },
    { group: ['node:*'], message: 'src/domain is pure: no Node built-ins.' },
    { group: ['**/adapters/**', '**/entry/**', '**/usecases/**'], message: 'src/domain depends on nothing outside itself.' },
  ],
  paths: ['fs', 'path', 'crypto', 'http', 'https', 'os', 'child_process', 'net', 'util', 'buffer', 'stream', 'events', 'url'].map((name) => ({
    name,
    message: 'src/domain is pure: no Node built-ins.',
  })),
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'static/*/build/**', 'coverage/**', '.sandbox-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', DOMAIN_FORBIDDEN] },
  },
  {
    files: ['static/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
