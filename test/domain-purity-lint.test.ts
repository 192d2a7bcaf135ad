import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Runs the real ESLint CLI with the project's config (in a child process: ESLint loads its
 * config with a dynamic import, which Jest's module system does not run).
 */
function lint(file: string, code: string): string[] {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', path.join(ROOT, file), '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The lint rule that keeps src/domain pure, exercised through ESLint itself with the project's config. */
describe('src/domain purity rule', () => {

  test.each([
    ["import { kvs } from '@forge/kvs';", 'no Forge SDKs'],
    ["import api from '@forge/api';", 'no Forge SDKs'],
    ["import { STSClient } from '@aws-sdk/client-sts';", 'no AWS SDK'],
    ["import okta from '@okta/okta-sdk-nodejs';", 'no Okta SDK'],
    ["import { readFileSync } from 'node:fs';", 'no Node built-ins'],
    ["import { createHash } from 'crypto';", 'no Node built-ins'],
    ["import { JiraClient } from '../adapters/jira/jira-client';", 'depends on nothing outside itself'],
  ])('forbids %s in src/domain', async (line, message) => {
    const messages = lint('src/domain/example.ts', `${line}\nexport const used = [${line.match(/import \{?\s*(\w+)/)?.[1]}];\n`);
    expect(messages.join('\n')).toContain(message);
  });

  test('allows the same imports outside src/domain, and domain-internal imports inside it', async () => {
    expect(lint('src/adapters/example.ts', "import { kvs } from '@forge/kvs';\nexport const used = [kvs];\n")).toEqual([]);
    expect(lint('src/domain/example.ts', "import { parseRun } from './runs/run-record';\nimport { OktaSettings } from './config/okta-settings';\nexport const used = [parseRun, {} as OktaSettings];\n")).toEqual([]);
  });
});
