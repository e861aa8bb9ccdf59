// What tools/generate.mjs and tools/check-generated.mjs share: their arguments
// (`[idl-dir] [--out DIR] [--library NAME]`), the built generator, and the library folders of idl/.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

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
  const outDir = path.resolve(take('--out') ?? path.join(ROOT, 'packages/generated'));
  const library = take('--library') ?? null;
  const flags = args.filter((a) => a.startsWith('--'));
  const positional = args.filter((a) => !a.startsWith('--'));
  const idlRoot = path.resolve(positional[0] ?? path.join(ROOT, 'idl'));
  return { idlRoot, outDir, library, flags };
}

/** The built packages a tool needs, by folder name; exits with a hint when they are not built. */
export function loadBuilt(tool, ...names) {
  try {
    return names.map((n) => require(path.join(ROOT, `packages/${n}/dist/index.js`)));
  } catch {
    process.stderr.write(`${tool}: the generator is not built; run \`npm run build\` first\n`);
    process.exit(2);
  }
}

/**
 * Runs one generation; when ts-morph, which prints the files, cannot be loaded, says so and exits with 2 (as
 * for a generator that is not built) instead of a stack trace.
 */
export function generateOrExit(run, codegen, tool) {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof codegen.PrinterUnavailableError)) throw e;
    process.stderr.write(`${tool}: ${e.message}\n`);
    process.exit(2);
  }
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
  if (library !== null && !folders.length) {
    process.stderr.write(`no library folder ${library} in ${shown(idlRoot)}\n`);
    process.exit(2);
  }
  return folders;
}

/** A path as the user sees it: relative to the current directory. */
export const shown = (p) => path.relative(process.cwd(), p) || '.';
