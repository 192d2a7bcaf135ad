#!/usr/bin/env node
// The npm registry mirror our machines and CI use serves only the linux-x64 builds of packages
// that ship per-platform binaries as optional dependencies (DuckDB's node bindings). `npm install`
// then writes a lockfile naming optional dependencies it could not resolve, and `npm ci` refuses
// it as out of sync. Run this after any `npm install` that changes the lockfile: it drops, from
// package-lock.json, optional dependencies that have no entry of their own.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const installed = new Set(Object.keys(lock.packages).map((key) => key.split('node_modules/').at(-1)));
let pruned = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (installed.has(name)) continue;
    delete entry.optionalDependencies[name];
    pruned += 1;
    console.log(`pruned ${name} (optional dependency of ${key || 'the project'})`);
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(pruned ? `${pruned} unavailable optional dependencies pruned` : 'nothing to prune');
