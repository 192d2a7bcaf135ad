import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The official specs and vectors live outside the project (../shared/contracts) and are never
 * copied in. PROVISIO_CONTRACTS_DIR points elsewhere; `npm run contracts:fetch` downloads them.
 */
export function contractsDir(): string | undefined {
  const dir = process.env.PROVISIO_CONTRACTS_DIR ?? path.resolve(__dirname, '../../../shared/contracts');
  return existsSync(dir) ? dir : undefined;
}

export function contractPath(...parts: string[]): string {
  const dir = contractsDir();
  if (!dir) throw new Error('contracts folder not found');
  return path.join(dir, ...parts);
}

/**
 * `describe` when the contracts folder exists; otherwise one skipped test whose name says why,
 * plus a warning, so a run without the folder shows what it did not check.
 */
export function describeWithContracts(name: string, body: () => void): void {
  if (contractsDir()) {
    describe(name, body);
    return;
  }
  const where = process.env.PROVISIO_CONTRACTS_DIR ?? '../shared/contracts';
  const why = `contracts folder not found at ${where}: run \`npm run contracts:fetch\` or set PROVISIO_CONTRACTS_DIR`;
  describe(name, () => {
    test.skip(`SKIPPED (${why})`, () => undefined);
  });
  console.warn(`[contracts] ${name}: ${why}`);
}
