#!/usr/bin/env node
// Stale check (npm run check:generated, run by .ci/run): regenerates every library of idl/ in memory and
// compares with the committed packages in packages/generated. Lists files that are stale (differ), missing
// (generated but not committed) or extra (committed but no longer generated); exit 1 if there is any.
// Each library's vtable lock (idl/<lib>/vtable.lock.json) is checked too: a changed layout behind a locked
// IID is an error, and a lock that is not what generation gives (new IIDs missing, say) is stale or missing.
// Writes nothing.
//
//   node tools/check-generated.mjs [idl-dir] [--out packages/generated]

import path from 'node:path';
import { generateOrExit, libraryFolders, loadBuilt, parseLibraryArgs, shown as rel } from './libraries.mjs';

const { idlRoot, outDir } = parseLibraryArgs(process.argv.slice(2));
const [codegen] = loadBuilt('check-generated', 'codegen');

const t0 = process.hrtime.bigint();
const problems = [];
let checked = 0;
for (const { name: lib, config: configFile } of libraryFolders(idlRoot)) {
  if (!configFile) continue;
  const options = codegen.loadConfig(configFile, process.cwd());
  const result = generateOrExit(() => codegen.generate(options), codegen, 'check-generated');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || result.protocolProblems.length || result.lockProblems.length || !result.packages.length) {
    for (const d of errors) process.stderr.write(`${d.file}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
    for (const p of result.protocolProblems) process.stderr.write(`${codegen.formatProtocolProblem(p)}\n`);
    for (const p of result.lockProblems) process.stderr.write(`${p.file}: error: ${p.message}\n`);
    if (result.lockProblems.length) {
      process.stderr.write(
        `check-generated: the vtable layouts behind locked IIDs of ${lib} changed; a published COM interface never changes ` +
          `(declare a new interface with a new IID), and only one never published may be accepted with tools/generate.mjs --update-lock\n`,
      );
    }
    process.stderr.write(`check-generated: ${lib} does not generate; fix the errors above\n`);
    process.exit(1);
  }
  if (result.lockFile) {
    checked++;
    const lock = rel(path.resolve(result.lockFile.path));
    if (options.lock.text === null) problems.push(`missing  ${lock}`);
    else if (options.lock.text !== result.lockFile.text) problems.push(`stale    ${lock}`);
  }
  // The packages as codegen compares them (the same rules as `comidl check`).
  const report = codegen.checkPackages(outDir, result.packages);
  checked += result.packages.reduce((n, p) => n + p.files.length, 0);
  for (const [kind, files] of [['stale   ', report.stale], ['missing ', report.missing], ['extra   ', report.extra]]) {
    for (const f of files) problems.push(`${kind} ${rel(path.join(outDir, f))}`);
  }
}
const ms = (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0);
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.stderr.write(`check-generated: ${problems.length} of the generated files differ from what idl/ gives; run npm run generate and commit the result\n`);
  process.exit(1);
}
process.stdout.write(`check-generated: ${checked} generated files match idl/ (${ms} ms)\n`);
