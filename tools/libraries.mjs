// What tools/generate.mjs and tools/check-generated.mjs share: their arguments (`[idl-dir] [--out DIR]`),
// the built generator, and the library folders of idl/.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** `[idl-dir] [--out DIR]`: the IDL root (default idl/) and the output folder (default packages/generated). */
export function parseLibraryArgs(argv) {
  const args = [...argv];
  const outIndex = args.indexOf('--out');
  const outDir = path.resolve(outIndex >= 0 ? args.splice(outIndex, 2)[1] : path.join(ROOT, 'packages/generated'));
  const idlRoot = path.resolve(args[0] ?? path.join(ROOT, 'idl'));
  return { idlRoot, outDir };
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

/** The library folders of the IDL root, sorted, each with its config file when it has one. */
export function libraryFolders(idlRoot) {
  return fs
    .readdirSync(idlRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(idlRoot, name);
      const config = path.join(dir, 'comidl.config.json');
      return { name, dir, config: fs.existsSync(config) ? config : null };
    });
}

/** A path as the user sees it: relative to the current directory. */
export const shown = (p) => path.relative(process.cwd(), p) || '.';
