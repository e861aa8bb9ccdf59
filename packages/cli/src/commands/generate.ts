/**
 * `comidl generate`: one COM library's IDL, with everything it imports, to its three packages (interfaces,
 * proxies and stubs, mocks), through the generation driver of @comidl/codegen; with --watch, generated again
 * after every change to a file the library reads (`watch.ts`). This file parses and prints.
 */
import { runLibrary } from '@comidl/codegen';
import { UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { libraryRequest } from './library-args';
import { elapsed, EXIT_FAILED, EXIT_USAGE, generateOnce } from './library-output';
import { watchLibrary } from './watch';

export const generateHelp = `Usage: comidl generate [--config FILE | --idl FILE.idl --scope @SCOPE --name NAME [--protocol FILE]... [--module-format F] [--form packages|sources] [-I DIR]... [-D NAME[=VALUE]]...] [--out DIR] [--watch] [--update-lock] [--lenient]

Generates one COM library's three npm packages, NAME-interfaces, NAME-proxies and NAME-mocks, from its IDL
and every file that IDL imports. The library is described by a comidl.config.json (--config, or the one
in the current directory; its output goes to its "out", else packages/generated, unless --out says otherwise) or given on
the command line (--idl with --scope, --name and --out). Paths in generated headers and in messages are
relative to the current directory. The output folder may not be empty, the current directory, a file
system root, the home folder or a system folder (wrong usage, status 2).

Nothing is written unless the whole generation succeeds: errors are printed as
"file:line:col: error CODE: message" with the source line, and the exit status is 1. Generation owns
exactly what it generated: each package folder has a comidl.manifest.json listing its files. A file it did
not generate in its way (under src/, or where it would write), a package folder it does not own, a
symbolic link or a FIFO there stops it before anything is written (status 1); build output, node_modules and
other files beside src/ are left alone. Otherwise the changed files, the files no longer generated and the
vtable lock are written all or nothing (a journal, then renames): after an interruption, even kill -9, the
next generate, check or --watch first restores the whole old or the whole new output. "wrote PATH" and
"removed PATH" name each file, then a line gives the counts and the time taken. One run at a time writes
a library's output: another waits for it (up to COMIDL_LOCK_WAIT_MS, 30 s), then stops. The files are
printed by ts-morph: when it cannot be loaded (a broken installation), generate says so and exits with
status 1, watching or not. A file that cannot be written (no space, read-only, permission) is status 1
with the reason in one line; status 3 means a bug in comidl.

A library with a config has a vtable lock, vtable.lock.json beside the config: the layout (IID, base,
slots, signatures) of every interface with an IID. A changed layout behind a locked IID is an error, as a
published COM interface never changes; --update-lock accepts it. The lock is written with the packages,
new IIDs added. With --idl the lock is vtable.lock.json beside the IDL file, checked and kept current the
same way when it exists; --update-lock creates it (without it, nothing is written beside the IDL).

With --watch it keeps running after the first generation and generates again whenever a file the library
reads changes (the IDL files of the import closure, what they #include, the config, its protocol
descriptions and the lock), saying which file changed, what was written or removed and how long it took.
A generation that fails prints its diagnostics and leaves the last good output as it was; the save that
fixes the input generates again. Ctrl-C stops it (exit status 0).

Options:
  --config FILE      the library's comidl.config.json, or the folder holding it (default: ./comidl.config.json)
  --idl FILE.idl     generate from this IDL file and its imports instead of a config; needs --scope, --name, --out
  --scope @SCOPE     with --idl: npm scope of the packages (@SCOPE/interfaces, @SCOPE/proxies, @SCOPE/mocks)
  --name NAME        with --idl: library name; the package folders are NAME-interfaces, NAME-proxies, NAME-mocks
  --protocol FILE    with --idl: a protocol description (*.protocol.json) the mocks' fakes follow; repeatable
  --module-format F  with --idl: dual (ES modules and CommonJS, the default), esm or commonjs (config: "moduleFormat")
  --form FORM        with --idl: packages (default) or sources: plain .ts files NAME/KIND/*.ts (config: "form")
  --out DIR          the folder the package folders go in (default with a config: its "out", else packages/generated)
  --watch            keep running; generate again whenever a file the library reads changes
  --update-lock      accept changed layouts behind locked IIDs: rewrite the vtable lock instead of failing
  --lenient          MIDL rules widl does not enforce (M002-M006, M009, M011) warn (config: "lenient", "severity")
  -I DIR             add DIR to the import and #include search path (after a config's includeDirs)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1; beside a config's defines)
  --help, -h         show this help
`;

/**
 * Runs the command. With --watch the result is a promise, settled with the exit status once the watch is
 * stopped (SIGINT, SIGTERM, or `stop` aborted).
 */
export function generateCommand(args: ParsedArgs, io: CliIo, stop?: AbortSignal): number | Promise<number> {
  let request;
  try {
    request = libraryRequest(args, args.flags.has('--update-lock'));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`comidl generate: ${e.message}\nRun 'comidl generate --help' for usage.\n`);
    return EXIT_USAGE;
  }
  const run = runLibrary(request);
  const ok = generateOnce(run, io);
  if (!ok) io.stderr(`generate: failed after ${elapsed(run)}; nothing was written\n`);
  // Without ts-morph no later save can generate either: stop, watching or not.
  if (run.environmentProblem !== null) return EXIT_FAILED;
  if (!args.flags.has('--watch')) return ok ? 0 : EXIT_FAILED;
  if (!ok) io.stderr(`watch: waiting for the input to be fixed\n`);
  return watchLibrary(request, io, run, ok, stop);
}
