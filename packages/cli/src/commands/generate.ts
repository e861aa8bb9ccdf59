/**
 * `comidl generate`: one COM library's IDL, with everything it imports, to its three packages (interfaces,
 * proxies and stubs, mocks), written only when the whole generation succeeded; with --watch, generated
 * again after every change to a file the library reads. The library selection (a comidl.config.json, or an
 * IDL file with a scope and a name) and one generation run are shared with `comidl check`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComWorkspace } from '@comidl/model';
import { readSourceFile, type PreprocessHost } from '@comidl/parser';
import {
  ConfigError,
  formatProtocolProblem,
  generate,
  loadConfig,
  PrinterUnavailableError,
  writeLockFile,
  writePackages,
  type GenerateOptions,
  type GenerateResult,
} from '@comidl/codegen';
import { UsageError, type ParsedArgs } from '../args';
import { formatDiagnostics } from '../diagnostic-output';
import type { CliIo } from '../io';

export const generateHelp = `Usage: comidl generate [--config FILE | --idl FILE.idl --scope @SCOPE --name NAME [-I DIR]... [-D NAME[=VALUE]]...] [--out DIR] [--watch] [--update-lock] [--lenient]

Generates one COM library's three npm packages, NAME-interfaces, NAME-proxies and NAME-mocks, from its IDL
and every file that IDL imports. The library is described by a comidl.config.json (--config, or the one
in the current directory; its output goes to packages/generated unless --out says otherwise) or given on
the command line (--idl with --scope, --name and --out). Paths in generated headers and in messages are
relative to the current directory.

Nothing is written unless the whole generation succeeds: errors are printed as
"file:line:col: error CODE: message" with the source line, and the exit status is 1. Otherwise each file
goes through a temporary file and a rename, files that did not change are left untouched and generated
sources that are no longer produced are removed; "wrote PATH" and "removed PATH" name each, then a line
gives the counts and the time taken. The files are printed by ts-morph: when it cannot be loaded (a broken
installation), generate says so and exits with status 3, watching or not.

A library with a config has a vtable lock, vtable.lock.json beside the config: the layout (IID, base,
slots, signatures) of every interface with an IID. A changed layout behind a locked IID is an error, as a
published COM interface never changes; --update-lock accepts it. The lock is written after the packages,
new IIDs added.

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
  --out DIR          the folder the package folders go in (default with a config: packages/generated)
  --watch            keep running; generate again whenever a file the library reads changes
  --update-lock      accept changed layouts behind locked IIDs: rewrite the vtable lock instead of failing
  --lenient          MIDL rules widl does not enforce (M002-M006, M009, M011) warn (config: "lenient", "severity")
  -I DIR             add DIR to the import and #include search path (after a config's includeDirs)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1; beside a config's defines)
  --help, -h         show this help
`;

/** The output folder of a library given by a config, when --out does not name one. */
export const DEFAULT_OUT_DIR = 'packages/generated';
const CONFIG_FILE = 'comidl.config.json';
/** How long a burst of file events (an editor's save) is let settle before the inputs are compared. */
const WATCH_SETTLE_MS = 100;

/** Which library a command works on, and where its packages go. */
export interface LibrarySelection {
  /** The current directory when the command started: paths are resolved and shown from it. */
  root: string;
  /** The comidl.config.json (absolute), or null for a library given by --idl. */
  configFile: string | null;
  /** The folder the package folders go in (absolute). */
  outDir: string;
  /** The library's generate() options, read afresh each time (a config may change between runs). */
  options(): GenerateOptions;
}

/**
 * The library of a `generate` or `check` command line: --config FILE (or DIR), --idl FILE.idl with --scope,
 * --name and --out, or ./comidl.config.json. Wrong combinations are a UsageError.
 */
export function selectLibrary(args: ParsedArgs): LibrarySelection {
  const root = process.cwd();
  const value = (o: string) => args.values.get(o);
  const out = value('--out');
  const idl = value('--idl');
  if (args.files.length) throw new UsageError(`unexpected argument '${args.files[0]}' (give the IDL file with --idl FILE.idl)`);
  if (idl !== undefined) {
    if (value('--config') !== undefined) throw new UsageError('give either --config or --idl, not both');
    const scope = value('--scope');
    const name = value('--name');
    if (scope === undefined || name === undefined || out === undefined) throw new UsageError('--idl needs --scope @SCOPE, --name NAME and --out DIR');
    if (!/^@[a-z0-9][a-z0-9-]*$/.test(scope)) throw new UsageError(`--scope ${scope}: an npm scope such as @mapi-sync`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new UsageError(`--name ${name}: a lowercase package name (a-z, 0-9, -)`);
    return {
      root,
      configFile: null,
      outDir: path.resolve(root, out),
      options: () => ({
        files: [idl],
        scope,
        name,
        source: shown(root, path.dirname(path.resolve(root, idl))),
        includeDirs: [...args.includeDirs],
        defines: { ...args.defines },
        lenient: args.flags.has('--lenient'),
        root,
      }),
    };
  }
  for (const o of ['--scope', '--name']) {
    if (value(o) !== undefined) throw new UsageError(`${o} applies to --idl; a comidl.config.json names its own library`);
  }
  let configFile = path.resolve(root, value('--config') ?? CONFIG_FILE);
  if (fs.existsSync(configFile) && fs.statSync(configFile).isDirectory()) configFile = path.join(configFile, CONFIG_FILE);
  if (!fs.existsSync(configFile)) {
    throw new UsageError(
      value('--config') === undefined
        ? `no ${CONFIG_FILE} in the current directory; give --config FILE, or --idl FILE.idl with --scope, --name and --out`
        : `library config '${shown(root, configFile)}' does not exist`,
    );
  }
  return {
    root,
    configFile,
    outDir: path.resolve(root, out ?? DEFAULT_OUT_DIR),
    options: () => {
      const options = loadConfig(configFile, root);
      return {
        ...options,
        includeDirs: [...(options.includeDirs ?? []), ...args.includeDirs],
        defines: { ...options.defines, ...args.defines },
        lenient: args.flags.has('--lenient') || options.lenient,
      };
    },
  };
}

/**
 * The vtable lock (`vtable.lock.json` beside a config; a library given by --idl has none): a changed layout
 * behind a locked IID stops generation unless --update-lock accepts it; the lock is written after the
 * packages, new IIDs added. Everything about the lock is here.
 */
export const vtableLock = {
  options: (options: GenerateOptions, updateLock: boolean): GenerateOptions => ({ ...options, updateLock }),
  /** The lock's complaints, one line each: errors, or with --update-lock warnings of what it accepts. */
  report(name: string, result: GenerateResult, updateLock: boolean): string[] {
    const notes = result.lockFile ? result.lockNotes.map((n) => `${result.lockFile!.path}: note: ${n}`) : [];
    if (!result.lockProblems.length) return notes;
    if (updateLock) return [...notes, ...result.lockProblems.map((p) => `${p.file}: warning: ${p.message} (accepted: --update-lock)`)];
    return [
      ...notes,
      ...result.lockProblems.map((p) => `${p.file}: error: ${p.message}`),
      `${name}: the vtable layouts behind locked IIDs changed. A published COM interface never changes: declare the changed ` +
        'interface under a new name and IID instead. Only if it was never published, accept the change with --update-lock.',
    ];
  },
  /** Writes the lock after the packages: its path (absolute) and whether it changed; null without a lock. */
  write(result: GenerateResult, root: string): { file: string; written: boolean } | null {
    if (!result.lockFile) return null;
    return { file: path.resolve(root, result.lockFile.path), written: writeLockFile(result.lockFile, root) };
  },
};

/** One generation of a library, nothing written, and what it read. */
export interface LibraryRun {
  /** The options generation ran with; null when the config could not be read. */
  options: GenerateOptions | null;
  /** Null when the config could not be read. */
  result: GenerateResult | null;
  /** Why the config could not be read. */
  configProblem: string | null;
  /**
   * Why nothing could be printed although the input is good: ts-morph, which prints the generated files, does
   * not load (a broken installation). Null otherwise.
   */
  environmentProblem: string | null;
  /** The config's text as this run read it (null: absent; undefined: no config). */
  configText?: string | null;
  workspace: ComWorkspace;
  /** Every path the front end asked for (absolute) and the text it got (null: absent). */
  texts: Map<string, string | null>;
  /** Whether changed layouts behind locked IIDs are accepted (--update-lock). */
  updateLock: boolean;
  /** Set once the packages and the lock are written: the lock on disk is then `result.lockFile`. */
  written?: boolean;
  startedAt: number;
}

/** Generates a library in memory with a fresh workspace. Throws only on internal errors. */
export function generateLibrary(selection: LibrarySelection, updateLock = false): LibraryRun {
  const startedAt = performance.now();
  const texts = new Map<string, string | null>();
  // The front end reads through this host, so --watch knows exactly which text each run was made from.
  const host: PreprocessHost = {
    readFile(p) {
      const text = readText(p);
      texts.set(path.resolve(p), text);
      return text ?? undefined;
    },
  };
  const configText = selection.configFile ? readText(selection.configFile) : undefined;
  const empty = { result: null, texts, updateLock, startedAt, configText, workspace: new ComWorkspace({ host }), environmentProblem: null };
  let options: GenerateOptions;
  try {
    options = vtableLock.options(selection.options(), updateLock);
  } catch (e) {
    if (e instanceof ConfigError) return { ...empty, options: null, configProblem: e.message };
    throw e;
  }
  const workspace = new ComWorkspace({ includeDirs: options.includeDirs, defines: options.defines, lenient: options.lenient, severity: options.severity, host });
  try {
    const result = generate({ ...options, workspace });
    return { options, result, configProblem: null, environmentProblem: null, configText, workspace, texts, updateLock, startedAt };
  } catch (e) {
    if (e instanceof PrinterUnavailableError) return { ...empty, options, workspace, configProblem: null, environmentProblem: e.message };
    throw e;
  }
}

/**
 * The exit status of a run that cannot print because of the installation (ts-morph missing): 3, as when the
 * bin finds the CLI not built.
 */
export const ENVIRONMENT_ERROR = 3;

/** Prints a run's diagnostics (warnings too) and problems; true when it generated and may be written. */
export function reportRun(run: LibraryRun, io: CliIo): boolean {
  if (run.configProblem !== null) {
    io.stderr(`${run.configProblem}\n`);
    return false;
  }
  if (run.environmentProblem !== null) {
    io.stderr(`comidl: ${run.environmentProblem}\n`);
    return false;
  }
  const result = run.result!;
  io.stderr(formatGenerateProblems(run.options!.name, result, run.updateLock));
  // Errors, protocol problems and (without --update-lock) lock problems leave no packages.
  return result.packages.length > 0;
}

/**
 * What a generation has to say, as printed: its diagnostics (warnings too) with their source lines, its
 * protocol problems, and its vtable lock's problems (errors, or warnings with --update-lock). Empty when
 * there is nothing. The repository's tools/generate.mjs prints the same.
 */
export function formatGenerateProblems(name: string, result: GenerateResult, updateLock: boolean): string {
  let out = result.diagnostics.length ? formatDiagnostics(result.diagnostics) : '';
  for (const p of result.protocolProblems) out += `${formatProtocolProblem(p)}\n`;
  for (const line of vtableLock.report(name, result, updateLock)) out += `${line}\n`;
  return out;
}

/** `name: 9 IDL files, 6 interfaces -> @scope/interfaces, ... (32 files)`. */
export function librarySummary(run: LibraryRun): string {
  const result = run.result!;
  const files = result.packages.reduce((n, p) => n + p.files.length, 0);
  return `${run.options!.name}: ${result.moduleCount} IDL files, ${result.interfaceCount} interfaces -> ${result.packages.map((p) => p.name).join(', ')} (${files} files)`;
}

export function elapsed(run: LibraryRun): string {
  return `${Math.round(performance.now() - run.startedAt)} ms`;
}

/** Writes a successful run's packages, then the lock; prints each file written or removed and the counts. */
function writeLibrary(selection: LibrarySelection, run: LibraryRun, io: CliIo): void {
  const result = run.result!;
  io.stdout(`${librarySummary(run)}\n`);
  const report = writePackages(selection.outDir, result.packages);
  // The lock last: it records what the written packages were generated from.
  const lock = vtableLock.write(result, selection.root);
  run.written = true;
  const lines = [
    ...report.written.map((f) => `wrote ${shown(selection.root, path.join(selection.outDir, f))}`),
    ...(lock?.written ? [`wrote ${shown(selection.root, lock.file)}`] : []),
    ...report.removed.map((f) => `removed ${shown(selection.root, path.join(selection.outDir, f))}`),
  ];
  if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  const written = report.written.length + (lock?.written ? 1 : 0);
  const unchanged = report.unchanged + (lock && !lock.written ? 1 : 0);
  io.stdout(`generate: ${written} written, ${unchanged} unchanged, ${report.removed.length} removed in ${elapsed(run)}\n`);
}

/**
 * Runs the command. With --watch the result is a promise, settled with the exit status once the watch is
 * stopped (SIGINT, SIGTERM, or `stop` aborted).
 */
export function generateCommand(args: ParsedArgs, io: CliIo, stop?: AbortSignal): number | Promise<number> {
  let selection: LibrarySelection;
  try {
    selection = selectLibrary(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`comidl generate: ${e.message}\nRun 'comidl generate --help' for usage.\n`);
    return 2;
  }
  const updateLock = args.flags.has('--update-lock');
  const run = generateLibrary(selection, updateLock);
  const ok = reportRun(run, io);
  if (ok) writeLibrary(selection, run, io);
  else io.stderr(`generate: failed after ${elapsed(run)}; nothing was written\n`);
  // Without ts-morph no later save can generate either: stop, watching or not.
  if (run.environmentProblem !== null) return ENVIRONMENT_ERROR;
  if (!args.flags.has('--watch')) return ok ? 0 : 1;
  if (!ok) io.stderr(`watch: waiting for the input to be fixed\n`);
  return watchLibrary(selection, io, updateLock, run, ok, stop);
}

/**
 * What a run read and --watch watches: the config, its protocol descriptions, the vtable lock, and for each
 * IDL file of the import closure the file and what it #includes, with the text the run used (null: absent).
 * An import that was not found is watched where its importer looked first, so creating it generates again.
 */
function libraryInputs(selection: LibrarySelection, run: LibraryRun): Map<string, string | null> {
  const inputs = new Map<string, string | null>();
  const add = (file: string, text?: string | null) => {
    const f = path.resolve(selection.root, file);
    if (!inputs.has(f)) inputs.set(f, text !== undefined ? text : run.texts.has(f) ? run.texts.get(f)! : readText(f));
  };
  if (selection.configFile) add(selection.configFile, run.configText);
  for (const p of run.options?.protocols ?? []) add(p.file, p.text);
  // The lock as it is on disk after the run: rewritten by it, or as the run read it.
  const lock = run.options?.lock;
  if (lock) add(lock.file, run.written && run.result?.lockFile ? run.result.lockFile.text : lock.text);
  for (const file of run.options?.files ?? []) {
    for (const unit of run.workspace.closure(run.workspace.unit(path.resolve(selection.root, file)))) {
      add(unit.path);
      for (const included of unit.parse.includedFiles) add(included);
      for (const i of unit.imports) if (i.path === null) add(path.join(path.dirname(unit.path), i.name));
    }
  }
  return inputs;
}

/**
 * --watch: the folders of the library's inputs are watched (a folder, not the file, so editors that save
 * by renaming a new file into place are seen too); after events settle, the inputs whose text differs from
 * what the last run read are named and the library is generated again with a fresh workspace. A failed
 * run leaves the output as it was and keeps watching what it and the last good run read; a good run
 * replaces the watched set (imports may have changed).
 */
function watchLibrary(
  selection: LibrarySelection,
  io: CliIo,
  updateLock: boolean,
  first: LibraryRun,
  firstOk: boolean,
  stop?: AbortSignal,
): Promise<number> {
  return new Promise((resolve) => {
    const watchers = new Map<string, fs.FSWatcher>();
    let inputs = new Map<string, string | null>();
    let timer: NodeJS.Timeout | undefined;
    let failing = !firstOk;
    let stopped = false;

    const settle = () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(regenerate, WATCH_SETTLE_MS);
    };

    const track = (next: Map<string, string | null>) => {
      const before = [...inputs.keys()].sort().join('\n');
      inputs = next;
      const folders = new Set([...inputs.keys()].map((f) => path.dirname(f)));
      for (const [folder, watcher] of watchers) {
        if (!folders.has(folder)) {
          watcher.close();
          watchers.delete(folder);
        }
      }
      for (const folder of folders) {
        if (watchers.has(folder)) continue;
        try {
          const watcher = fs.watch(folder, settle);
          // A folder that goes away: forget it; the next run watches it again if it is still read.
          watcher.on('error', () => {
            watcher.close();
            watchers.delete(folder);
          });
          watchers.set(folder, watcher);
        } catch {
          // The folder does not exist (an import not found yet): nothing there to watch.
        }
      }
      if ([...inputs.keys()].sort().join('\n') !== before) {
        io.stdout(`watch: watching ${inputs.size} files in ${watchers.size} folders (Ctrl-C to stop)\n`);
      }
    };

    function regenerate(): void {
      timer = undefined;
      if (stopped) return;
      const changed = [...inputs].filter(([file, text]) => readText(file) !== text).map(([file]) => file);
      if (!changed.length) return;
      io.stdout(`watch: ${changed.map((f) => shown(selection.root, f)).join(', ')} changed\n`);
      let run: LibraryRun | null = null;
      let ok = false;
      try {
        run = generateLibrary(selection, updateLock);
        ok = reportRun(run, io);
        if (ok) writeLibrary(selection, run, io);
      } catch (e) {
        io.stderr(`comidl generate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (ok) {
        if (failing) io.stdout('watch: recovered\n');
        failing = false;
        track(libraryInputs(selection, run!));
        return;
      }
      failing = true;
      const outDir = shown(selection.root, selection.outDir) || '.';
      io.stderr(
        `watch: generation failed${run ? ` after ${elapsed(run)}` : ''}; the last good output in ${outDir} is left as it was; waiting for the next change\n`,
      );
      // Keep watching what the last good run read, and what this one read.
      const seen = new Map(inputs);
      if (run) for (const [file, text] of libraryInputs(selection, run)) seen.set(file, text);
      else for (const file of changed) seen.set(file, readText(file));
      track(seen);
    }

    const finish = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      stop?.removeEventListener('abort', finish);
      io.stdout('watch: stopped\n');
      resolve(0);
    };

    // The handlers first: once "watching" is printed, a Ctrl-C must find them, even if this process is
    // descheduled right after the write.
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    stop?.addEventListener('abort', finish);
    track(libraryInputs(selection, first));
    if (stop?.aborted) finish();
  });
}

function readText(file: string): string | null {
  try {
    // Regular files only: a FIFO among the inputs must not hang the run (or the watch).
    return readSourceFile(file) ?? null;
  } catch {
    return null;
  }
}

/** A path as messages show it: relative to `root` when inside it, with `/`. */
export function shown(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}
