#!/usr/bin/env node
// The main job over idl/: every library folder with a comidl.config.json is generated into
// packages/generated/<name>-{interfaces,proxies,mocks}; every other folder (libraries that others import,
// such as idl/com) goes through the front end and is reported. One front-end run serves all of it.
// Nothing is written unless everything succeeded; exit 1 on any error, with located diagnostics.
// Each library's vtable lock (idl/<lib>/vtable.lock.json) is checked: a changed layout behind a locked IID
// stops generation, unless --update-lock accepts it; new IIDs are added to the lock after the packages.
//
//   node tools/generate.mjs [idl-dir] [--out packages/generated] [--update-lock]

import fs from 'node:fs';
import path from 'node:path';
import { generateOrExit, libraryFolders, loadBuilt, parseLibraryArgs, shown as rel } from './libraries.mjs';

const argv = process.argv.slice(2);
const updateLock = argv.includes('--update-lock');
const { idlRoot, outDir, library = null } = parseLibraryArgs(argv.filter((a) => a !== '--update-lock'));
const [codegen, model, cli] = loadBuilt('generate', 'codegen', 'model', 'cli');

const t0 = process.hrtime.bigint();
const ms = () => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0);

const workspace = new model.ComWorkspace({});
const results = [];
let failed = false;
// Diagnostics and problems are printed as the comidl command prints them: with the source line and a caret.
const report = (diagnostics) => {
  if (diagnostics.some((d) => d.severity === 'error')) failed = true;
  process.stderr.write(cli.formatDiagnostics(diagnostics));
};

for (const { name: lib, dir, config: configFile } of libraryFolders(idlRoot, library)) {
  if (configFile) {
    let options;
    try {
      options = codegen.loadConfig(configFile, process.cwd());
    } catch (e) {
      process.stderr.write(`${e.message}\n`);
      failed = true;
      continue;
    }
    const result = generateOrExit(() => codegen.generate({ ...options, workspace, updateLock }), codegen, 'generate');
    process.stderr.write(cli.formatGenerateProblems(options.name, result, updateLock));
    // Errors, protocol problems and (without --update-lock) lock problems leave no packages.
    if (!result.packages.length) failed = true;
    results.push({ lib, result });
    const files = result.packages.reduce((n, p) => n + p.files.length, 0);
    process.stdout.write(`${lib}: ${result.moduleCount} IDL files, ${result.interfaceCount} interfaces -> ${result.packages.map((p) => p.name).join(', ') || 'nothing'} (${files} files)\n`);
  } else {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.idl')).sort();
    let interfaces = 0;
    for (const f of files) {
      const m = workspace.load(rel(path.join(dir, f)));
      interfaces += m.interfaces.length;
      report(m.diagnostics.filter((d) => d.file.startsWith(rel(dir))));
    }
    process.stdout.write(`${lib}: ${files.length} IDL files, ${interfaces} interfaces (checked; no comidl.config.json, so no packages)\n`);
  }
}

if (failed) {
  process.stdout.write(`generate: failed after ${ms()} ms; nothing was written\n`);
  process.exit(1);
}
let written = 0;
let unchanged = 0;
let removed = 0;
for (const { result } of results) {
  const r = codegen.writePackages(outDir, result.packages);
  written += r.written.length;
  unchanged += r.unchanged;
  removed += r.removed.length;
  for (const f of r.written) process.stdout.write(`  wrote ${rel(path.join(outDir, f))}\n`);
  for (const f of r.removed) process.stdout.write(`  removed ${rel(path.join(outDir, f))}\n`);
  // The lock last: it records what the written packages were generated from.
  if (result.lockFile) {
    if (codegen.writeLockFile(result.lockFile)) {
      written++;
      process.stdout.write(`  wrote ${rel(path.resolve(result.lockFile.path))}\n`);
    } else unchanged++;
  }
}
process.stdout.write(`generate: ${written} written, ${unchanged} unchanged, ${removed} removed in ${ms()} ms\n`);
