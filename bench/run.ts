import { readdirSync } from 'node:fs';
import path from 'node:path';

/** `npm run bench`: runs every `*.bench.ts` in this folder, one after the other, and prints what each reports. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
    .sort();
  if (files.length === 0) throw new Error(`no bench files${only ? ` matching "${only}"` : ''} in ${__dirname}`);
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- bench files are CommonJS like the rest of the project
    const bench = require(path.join(__dirname, file)) as { run?: () => Promise<string> };
    if (typeof bench.run !== 'function') throw new Error(`${file} exports no run()`);
    console.log(`\n=== ${file} ===\n`);
    console.log(await bench.run());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
