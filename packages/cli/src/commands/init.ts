/**
 * `comidl init [DIR] [--name NAME] [--scope @SCOPE]`: a new library in DIR (default: the current folder), as
 * scaffold.ts says. Refuses to overwrite: when a file it would write exists, nothing is written (status 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { scaffoldLibrary, ScaffoldError } from '../scaffold';

export const initHelp = `Usage: comidl init [DIR] [--name NAME] [--scope @SCOPE]

Writes a new library into DIR (default: the current folder; created if needed): a comidl.config.json whose
$schema names the JSON Schema this comidl ships, and NAME.idl with one [object] interface under a fresh
random IID. The IDL imports "unknwn.idl", which comidl finds in the base IDL it ships (searched after every
other include folder), so \`comidl generate --config DIR/comidl.config.json\` works at once.

It never overwrites: when a file it would write exists, it says so and writes nothing (status 1).

Options:
  --name NAME        the library name (default: DIR's name); packages are NAME-interfaces, NAME-proxies...
  --scope @SCOPE     the npm scope of the packages (default: @NAME)
  --help, -h         show this help
`;

export function initCommand(args: ParsedArgs, io: CliIo): number {
  if (args.files.length > 1) throw new UsageError(`one folder at most, and it was given ${args.files.length}`);
  if (args.includeDirs.length || Object.keys(args.defines).length) throw new UsageError('-I and -D do not apply to init');
  const root = process.cwd();
  const dir = path.resolve(root, args.files[0] ?? '.');
  let scaffold;
  try {
    scaffold = scaffoldLibrary({ dir, name: args.values.get('--name'), scope: args.values.get('--scope') });
  } catch (e) {
    if (e instanceof ScaffoldError) throw new UsageError(e.message);
    throw e;
  }
  const shown = (f: string) => path.relative(root, f).split(path.sep).join('/') || '.';
  const existing = scaffold.files.filter((f) => exists(f.path));
  if (existing.length) {
    for (const f of existing) io.stderr(`comidl init: ${shown(f.path)} exists already\n`);
    io.stderr('comidl init: nothing was written\n');
    return 1;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const f of scaffold.files) {
    // `wx`: a file that appeared since the check is not overwritten either.
    fs.writeFileSync(f.path, f.text, { flag: 'wx' });
    io.stdout(`wrote ${shown(f.path)}\n`);
  }
  io.stdout(`next: edit ${shown(scaffold.files[1].path)}, then comidl generate --config ${shown(scaffold.files[0].path)}\n`);
  return 0;
}

/** Whether anything (a file, a folder, a dangling link) is at `file`. */
function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
