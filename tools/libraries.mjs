// What tools/generate.mjs and tools/check-generated.mjs share: their arguments
// (`[idl-dir] [--out DIR] [--library NAME]`), the built generator, and the library folders of idl/. Both run
// each library through the one generation driver of @comidl/codegen (runLibrary, writeLibrary,
// checkLibrary) and print what it reports; they load neither the comidl command nor its printers.
//
// Exit statuses, as comidl's: 1 for errors in the input, stale output and environment errors (the generator
// not built, ts-morph missing, a file that cannot be written), 2 for wrong usage.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Prints `message` (one line) and exits with `status`. */
export function exit(tool, message, status) {
  process.stderr.write(`${tool}: ${message}\n`);
  process.exit(status);
}

/**
 * `[idl-dir] [--out DIR] [--library NAME]`: the IDL root (default idl/), the output folder (default
 * packages/generated) and, with --library, the one library folder to work on (as an Nx target does).
 * Other flags (`--update-lock`) are returned in `flags`.
 */
export function parseLibraryArgs(argv) {
  const args = [...argv];
  const take = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const out = take('--out');
  const outDir = path.resolve(out ?? path.join(ROOT, 'packages/generated'));
  const library = take('--library') ?? null;
  const flags = args.filter((a) => a.startsWith('--'));
  const positional = args.filter((a) => !a.startsWith('--'));
  const idlRoot = path.resolve(positional[0] ?? path.join(ROOT, 'idl'));
  return { idlRoot, outDir, out: out ?? null, library, flags };
}

/** The built packages a tool needs, by folder name; exits with a hint when they are not built. */
export function loadBuilt(tool, ...names) {
  try {
    return names.map((n) => require(path.join(ROOT, `packages/${n}/dist/index.js`)));
  } catch {
    return exit(tool, 'the generator is not built; run `npm run build` first', 1);
  }
}

/** Exits with status 2 when `--out` names a folder generation may not write into (as comidl does). */
export function checkOutputFolder(tool, codegen, out) {
  if (out === null) return;
  const why = codegen.outputFolderProblem(out, { cwd: process.cwd() });
  if (why) exit(tool, `--out ${JSON.stringify(out)}: ${why}`, 2);
}

/** The base IDL (unknwn.idl, wtypes.idl, objidl.idl): the tools' workspace searches it last, as comidl searches the copy it ships. */
export const BASE_IDL_DIR = path.join(ROOT, 'idl/com');

/** Runs one library through the driver; exits with status 1 when ts-morph, which prints the files, cannot be loaded. */
export function runOrExit(tool, codegen, request) {
  const run = codegen.runLibrary(request);
  if (run.environmentProblem !== null) exit(tool, run.environmentProblem, 1);
  return run;
}

/** Prints the lines of an OutputError and exits 1; rethrows anything else (a bug). */
export function outputErrorExit(tool, codegen, e) {
  if (!(e instanceof codegen.OutputError)) throw e;
  process.stderr.write(`${e.lines.join('\n')}\n`);
  process.exit(1);
}

/** The library folders of the IDL root (or only `library`), sorted, each with its config file when it has one. */
export function libraryFolders(idlRoot, library = null) {
  const folders = fs
    .readdirSync(idlRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (library === null || d.name === library))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(idlRoot, name);
      const config = path.join(dir, 'comidl.config.json');
      return { name, dir, config: fs.existsSync(config) ? config : null };
    });
  if (library !== null && !folders.length) exit('generate', `no library folder ${library} in ${shown(idlRoot)}`, 2);
  return folders;
}

/** A path as the user sees it: relative to the current directory. */
export const shown = (p) => path.relative(process.cwd(), p) || '.';
