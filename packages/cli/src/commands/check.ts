/**
 * `comidl check`: the stale check of one library's packages. Generates the library in memory, as
 * `comidl generate` would, and compares with what the output folder holds; writes nothing.
 */
import * as path from 'node:path';
import { checkPackages } from '@comidl/codegen';
import { UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { elapsed, ENVIRONMENT_ERROR, generateLibrary, reportRun, selectLibrary, shown, type LibrarySelection } from './generate';

export const checkHelp = `Usage: comidl check [--config FILE | --idl FILE.idl --scope @SCOPE --name NAME [-I DIR]... [-D NAME[=VALUE]]...] [--out DIR] [--lenient]

Generates a COM library's packages in memory, exactly as "comidl generate" with the same options would,
and compares them with the package folders in the output folder: a package's package.json,
tsconfig.json, tsconfig.lib.json and src/ are compared, its build output is not. Lists each file that is
stale (its contents differ), missing (generated, not on disk) or extra (on disk, no longer generated) and
exits with status 1 if there is any, or when the library does not generate (its diagnostics are printed
with the source line; a changed layout behind an IID its vtable lock holds is such an error); prints one
summary line and exits with status 0 when every file matches; status 3 when ts-morph, which prints the
files, cannot be loaded. A library with a config has its vtable
lock (vtable.lock.json beside the config) checked as one more generated file. Writes nothing. The library is selected as for "comidl generate": a comidl.config.json (--config, or the one in
the current directory; output folder packages/generated unless --out says otherwise) or --idl with
--scope, --name and --out.

Options:
  --config FILE      the library's comidl.config.json, or the folder holding it (default: ./comidl.config.json)
  --idl FILE.idl     check the packages of this IDL file and its imports instead of a config's
  --scope @SCOPE     with --idl: npm scope of the packages (@SCOPE/interfaces, @SCOPE/proxies, @SCOPE/mocks)
  --name NAME        with --idl: library name; the package folders are NAME-interfaces, NAME-proxies, NAME-mocks
  --out DIR          the folder holding the package folders (default with a config: packages/generated)
  --lenient          MIDL rules that widl does not enforce (M002-M006, M009, M011) give warnings, not errors
  -I DIR             add DIR to the import and #include search path (after a config's includeDirs)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1; beside a config's defines)
  --help, -h         show this help
`;

export function checkCommand(args: ParsedArgs, io: CliIo): number {
  let selection: LibrarySelection;
  try {
    selection = selectLibrary(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`comidl check: ${e.message}\nRun 'comidl check --help' for usage.\n`);
    return 2;
  }
  const run = generateLibrary(selection);
  if (!reportRun(run, io)) {
    if (run.environmentProblem !== null) return ENVIRONMENT_ERROR;
    io.stderr(`check: the library does not generate; fix the errors above\n`);
    return 1;
  }
  const { packages, lockFile } = run.result!;
  const report = checkPackages(selection.outDir, packages);
  const where = (f: string) => shown(selection.root, path.join(selection.outDir, f));
  const stale = report.stale.map(where);
  const missing = report.missing.map(where);
  // The lock is what generation would write beside the config.
  const lockText = run.options!.lock?.text ?? null;
  const lock = lockFile ? shown(selection.root, path.resolve(selection.root, lockFile.path)) : null;
  if (lockFile && lock !== null) {
    if (lockText === null) missing.push(lock);
    else if (lockText !== lockFile.text) stale.push(lock);
  }
  const extra = report.extra.map(where);
  const problems = [...stale.map((f) => `stale    ${f}`), ...missing.map((f) => `missing  ${f}`), ...extra.map((f) => `extra    ${f}`)];
  const outDir = shown(selection.root, selection.outDir) || '.';
  if (problems.length) {
    io.stderr(`${problems.join('\n')}\n`);
    io.stderr(
      `check: ${stale.length} stale, ${missing.length} missing, ${extra.length} extra for ${run.options!.name} (${outDir}); run comidl generate with the same options\n`,
    );
    return 1;
  }
  const files = packages.reduce((n, p) => n + p.files.length, 0);
  const also = lock === null ? '' : ` and its vtable lock ${lock}`;
  io.stdout(`check: ${files} generated files of ${run.options!.name} in ${outDir}${also} match its IDL (${elapsed(run)})\n`);
  return 0;
}
