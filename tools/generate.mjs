#!/usr/bin/env node
// The main job over idl/: every library folder with a comidl.config.json is generated into
// packages/generated/<name>-{interfaces,proxies,mocks} through the one generation driver of @comidl/codegen
// (the one `comidl generate` runs); every other folder (libraries that others import, such as idl/com) goes
// through the front end and is reported. One front-end run serves all of it. Nothing is written unless
// everything succeeded; exit 1 on any error, with located diagnostics. Each library's vtable lock
// (idl/<lib>/vtable.lock.json) is checked: a changed layout behind a locked IID stops generation, unless
// --update-lock accepts it; new IIDs are added to the lock, written with the packages (all or nothing).
//
//   node tools/generate.mjs [idl-dir] [--out packages/generated] [--library NAME] [--update-lock]

import fs from 'node:fs';
import path from 'node:path';
import { BASE_IDL_DIR, checkOutputFolder, libraryFolders, loadBuilt, outputErrorExit, parseLibraryArgs, runOrExit, shown as rel } from './libraries.mjs';

const TOOL = 'generate';
const argv = process.argv.slice(2);
const updateLock = argv.includes('--update-lock');
const { idlRoot, outDir, out, library = null } = parseLibraryArgs(argv.filter((a) => a !== '--update-lock'));
const [codegen, model] = loadBuilt(TOOL, 'codegen', 'model');
checkOutputFolder(TOOL, codegen, out);

const t0 = process.hrtime.bigint();
const ms = () => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0);

const workspace = new model.ComWorkspace({ includeDirs: [BASE_IDL_DIR] });
/** Says that an interrupted earlier generation was completed or rolled back (the run does it first). */
const recovered = (run, recovery) => {
  if (recovery) process.stderr.write(`${TOOL}: an interrupted generation of ${run.name} was ${recovery.action}: ${recovery.files} files\n`);
};
const runs = [];
let failed = false;

for (const { name: lib, dir, config } of libraryFolders(idlRoot, library)) {
  if (config) {
    const run = runOrExit(TOOL, codegen, { library: { kind: 'config', file: config }, outDir, root: process.cwd(), updateLock, workspace });
    recovered(run, run.recovery);
    process.stderr.write(codegen.formatRunProblems(run));
    // Errors, protocol problems, file names and (without --update-lock) lock problems leave no packages.
    if (!codegen.generated(run)) failed = true;
    runs.push(run);
    const files = run.packages.reduce((n, p) => n + p.files.length, 0);
    const result = run.result;
    process.stdout.write(
      `${lib}: ${result?.moduleCount ?? 0} IDL files, ${result?.interfaceCount ?? 0} interfaces -> ${run.packages.map((p) => p.name).join(', ') || 'nothing'} (${files} files)\n`,
    );
  } else {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.idl')).sort();
    let interfaces = 0;
    for (const f of files) {
      const m = workspace.load(rel(path.join(dir, f)));
      interfaces += m.interfaces.length;
      const own = m.diagnostics.filter((d) => d.file.startsWith(rel(dir)));
      if (own.some((d) => d.severity === 'error')) failed = true;
      process.stderr.write(model.formatDiagnostics(own));
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
for (const run of runs) {
  let r;
  try {
    r = codegen.writeLibrary(run);
  } catch (e) {
    outputErrorExit(TOOL, codegen, e);
  }
  recovered(run, r.recovery);
  written += r.written.length;
  unchanged += r.unchanged;
  removed += r.removed.length;
  for (const f of r.written) process.stdout.write(`  wrote ${rel(f)}\n`);
  for (const f of r.removed) process.stdout.write(`  removed ${rel(f)}\n`);
}
process.stdout.write(`generate: ${written} written, ${unchanged} unchanged, ${removed} removed in ${ms()} ms\n`);
