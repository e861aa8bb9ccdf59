/**
 * The library of a `generate` or `check` command line: --config FILE (or DIR), --idl FILE.idl with --scope,
 * --name and --out (and any --protocol FILE, --form), or ./comidl.config.json; and the output folder, which may not be empty, the current
 * directory, a file system root, the home folder or a system folder. Wrong combinations are a UsageError.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODULE_FORMATS, OUTPUT_FORMS, outputFolderProblem, shownPath, type LibraryRequest, type ModuleFormat, type OutputForm } from '@comidl/codegen';
import { UsageError, type ParsedArgs } from '../args';

const CONFIG_FILE = 'comidl.config.json';

export function libraryRequest(args: ParsedArgs, updateLock = false): LibraryRequest {
  const root = process.cwd();
  const value = (o: string) => args.values.get(o);
  const out = value('--out');
  const idl = value('--idl');
  if (args.files.length) throw new UsageError(`unexpected argument '${args.files[0]}' (give the IDL file with --idl FILE.idl)`);
  const outDir = (given: string) => {
    const why = outputFolderProblem(given, { cwd: root });
    if (why) throw new UsageError(`--out ${JSON.stringify(given)}: ${why}`);
    return path.resolve(root, given);
  };
  const common = { root, includeDirs: [...args.includeDirs], baseIncludeDirs: [...args.baseIncludeDirs], defines: { ...args.defines }, updateLock, lenient: args.flags.has('--lenient') };
  if (idl !== undefined) {
    if (value('--config') !== undefined) throw new UsageError('give either --config or --idl, not both');
    const scope = value('--scope');
    const name = value('--name');
    if (scope === undefined || name === undefined || out === undefined) throw new UsageError('--idl needs --scope @SCOPE, --name NAME and --out DIR');
    if (!/^@[a-z0-9][a-z0-9-]*$/.test(scope)) throw new UsageError(`--scope ${scope}: an npm scope such as @mapi-sync`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new UsageError(`--name ${name}: a lowercase package name (a-z, 0-9, -)`);
    if (idl.trim() === '') throw new UsageError('--idl needs an IDL file');
    const moduleFormat = value('--module-format');
    if (moduleFormat !== undefined && !MODULE_FORMATS.includes(moduleFormat as ModuleFormat)) {
      throw new UsageError(`--module-format ${moduleFormat}: one of ${MODULE_FORMATS.join(', ')}`);
    }
    const form = value('--form');
    if (form !== undefined && !OUTPUT_FORMS.includes(form as OutputForm)) throw new UsageError(`--form ${form}: ${OUTPUT_FORMS.join(' or ')}`);
    if (form === 'sources' && moduleFormat !== undefined) throw new UsageError('--module-format applies to the packages form; with --form sources the project compiles the files');
    const library = {
      kind: 'idl' as const,
      file: idl,
      scope,
      name,
      protocols: [...args.protocols],
      ...(moduleFormat ? { moduleFormat: moduleFormat as ModuleFormat } : {}),
      ...(form !== undefined ? { form: form as OutputForm } : {}),
    };
    return { ...common, library, outDir: outDir(out) };
  }
  if (args.protocols.length) throw new UsageError('--protocol applies to --idl; a comidl.config.json lists its own "protocols"');
  if (value('--form') !== undefined) throw new UsageError('--form applies to --idl; a comidl.config.json says its own "form"');
  for (const o of ['--scope', '--name', '--module-format']) {
    if (value(o) !== undefined) throw new UsageError(`${o} applies to --idl; a comidl.config.json names its own library`);
  }
  let configFile = path.resolve(root, value('--config') ?? CONFIG_FILE);
  if (isDirectory(configFile)) configFile = path.join(configFile, CONFIG_FILE);
  if (!fs.existsSync(configFile)) {
    throw new UsageError(
      value('--config') === undefined
        ? `no ${CONFIG_FILE} in the current directory; give --config FILE, or --idl FILE.idl with --scope, --name and --out`
        : `library config '${shownPath(root, configFile)}' does not exist`,
    );
  }
  // Without --out, the config's `out` (checked by the config reader), else the driver's DEFAULT_OUT_DIR.
  return { ...common, library: { kind: 'config', file: configFile }, ...(out !== undefined ? { outDir: outDir(out) } : {}) };
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
