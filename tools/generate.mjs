#!/usr/bin/env node
// The main job over idl/: every library folder's IDL goes through the front end (preprocessor, parser,
// model with vtables and semantic rules) in one run, and a report is printed per library. Until the
// emitters exist this is what `npm run generate` does; it fails (exit 1) on any error in idl/.
//
//   node tools/generate.mjs [idl-dir]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const idlRoot = path.resolve(process.argv[2] ?? path.join(root, 'idl'));

let cli;
try {
  cli = require(path.join(root, 'packages/cli/dist/index.js'));
} catch {
  process.stderr.write('generate: the front end is not built; run `npm run build` first\n');
  process.exit(1);
}

const libraries = fs
  .readdirSync(idlRoot, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const files = libraries.flatMap((lib) =>
  fs
    .readdirSync(path.join(idlRoot, lib))
    .filter((f) => f.endsWith('.idl'))
    .sort()
    .map((f) => path.relative(process.cwd(), path.join(idlRoot, lib, f))),
);

const t0 = process.hrtime.bigint();
const reports = cli.vtableReports(files, {});
const ms = Number(process.hrtime.bigint() - t0) / 1e6;

let errors = 0;
for (const lib of libraries) {
  const mine = reports.filter((r) => path.basename(path.dirname(r.file)) === lib);
  const interfaces = mine.flatMap((r) => r.interfaces);
  const slots = interfaces.reduce((n, i) => n + i.slots.length, 0);
  process.stdout.write(`${lib}: ${mine.length} files, ${interfaces.length} interfaces, ${slots} vtable slots\n`);
  for (const i of interfaces) process.stdout.write(`  ${i.name.padEnd(28)} ${String(i.slots.length).padStart(3)} slots  ${i.iid ?? '(no iid)'}\n`);
}
const seen = new Set();
for (const r of reports) {
  for (const d of r.diagnostics) {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (d.severity === 'error') errors++;
    process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
  }
}
process.stdout.write(`front end over ${path.relative(process.cwd(), idlRoot) || '.'}: ${files.length} files in ${ms.toFixed(0)} ms, ${errors} error(s)\n`);
process.exit(errors ? 1 : 0);
