/**
 * The one generation driver: a library end to end. `runLibrary` reads the library (its comidl.config.json,
 * or an IDL file given with a scope and a name), runs the front end, the vtable lock check and the emitters
 * in memory, and checks the generated file names; `writeLibrary` writes the packages (each with its
 * manifest) and the lock as one all-or-nothing change; `checkLibrary` compares them with what is on disk.
 * `comidl generate` (and --watch), `comidl check`, tools/generate.mjs and tools/check-generated.mjs all call
 * these; they only parse arguments and print.
 */
import * as path from 'node:path';
import { ComWorkspace, readRegularFile } from '@comidl/model';
import type { DiagnosticStyle, PreprocessHost } from '@comidl/parser';
import { checkOutput, type OutputCheck } from './check';
import { ConfigError, loadConfig, shownPath, within } from './config';
import { generate, type GenerateOptions, type GenerateResult, type GeneratedPackage, type UsedLibrary } from './generate';
import type { UsedLink } from './package-files';
import { idlOptions, type IdlLibrary } from './idl-library';
import { fileNameProblems } from './output/file-names';
import { withManifest } from './output/manifest';
import type { Recovery } from './output/transaction';
import { PrinterUnavailableError } from './printer';
import { formatGenerateProblems } from './report';
import { inNpmWorkspace, shellWord } from './output/workspace';
import { OutputError, recoverOutput, writeOutput, type OutputTarget, type WriteReport } from './write';

/** Paths in messages are shown as the config's reader shows them. */
export { shownPath };

/** The output folder of a library when neither the command line nor its config names one, relative to `root`. */
export const DEFAULT_OUT_DIR = 'packages/generated';

/** Which library: a comidl.config.json, or an IDL file with the npm scope and library name. */
export type LibrarySource = { kind: 'config'; file: string } | ({ kind: 'idl' } & IdlLibrary);

export interface LibraryRequest {
  library: LibrarySource;
  /** The folder the package folders go in (default: the config's `out`, else DEFAULT_OUT_DIR under `root`). */
  outDir?: string;
  /** Paths are resolved from here and shown relative to it (the current directory). */
  root: string;
  /** Added after a config's includeDirs. */
  includeDirs?: readonly string[];
  /** Searched last (the base IDL the command ships): not named by the packages' regenerate command. */
  baseIncludeDirs?: readonly string[];
  /** Added to (and over) a config's defines. */
  defines?: Readonly<Record<string, string>>;
  /** MIDL rules widl does not enforce give warnings (besides a config's `lenient` and `severity`). */
  lenient?: boolean;
  /** Accept changed layouts behind locked IIDs: the lock is rewritten instead of stopping generation. */
  updateLock?: boolean;
  /**
   * A workspace shared between libraries (the tools run all of idl/ in one); by default a fresh one, whose
   * reads are recorded in `texts` (what --watch watches).
   */
  workspace?: ComWorkspace;
}

export interface LibraryRun {
  request: LibraryRequest;
  /** The library's name; null when its config could not be read. */
  name: string | null;
  /** The options generation ran with; null when the config could not be read. */
  options: GenerateOptions | null;
  result: GenerateResult | null;
  /** The packages to write or check, each with its manifest; empty when the library did not generate. */
  packages: GeneratedPackage[];
  /** Located lines that stop generation besides the result's: the config's, the IDL files', file names. */
  problems: string[];
  /** Why nothing could be printed although the input is good: ts-morph cannot be loaded. Null otherwise. */
  environmentProblem: string | null;
  /** The config's text as this run read it (null: absent or unreadable; undefined: no config). */
  configText?: string | null;
  workspace: ComWorkspace;
  /** Every path the front end asked for (absolute) and the text it got (null: absent or not a regular file). */
  texts: Map<string, string | null>;
  /** An interrupted earlier write of the library's output, recovered before the run read anything of it. */
  recovery: Recovery | null;
  startedAt: number;
}

/** Reads a file for the front end or the watch: its text when it is a regular file, null otherwise. */
export function readInput(file: string): string | null {
  try {
    return readRegularFile(file);
  } catch {
    return null;
  }
}

/** The generate() options of a request: from its config or its --idl (a ConfigError when either is wrong). */
function optionsOf(request: LibraryRequest): GenerateOptions {
  const { library, root } = request;
  if (library.kind === 'config') {
    const options = loadConfig(library.file, root);
    const outDir = outDirOf(request, options);
    return {
      ...options,
      ...placement(request, outDir, path.dirname(library.file), options.shownRoot ?? root, options.name, options.idlFiles ?? options.files),
      ...(options.uses ? { uses: linked(options.uses, outDir, options) } : {}),
      includeDirs: [...(options.includeDirs ?? []), ...(request.includeDirs ?? []), ...(request.baseIncludeDirs ?? [])],
      defines: { ...options.defines, ...request.defines },
      lenient: request.lenient || options.lenient,
      updateLock: request.updateLock ?? false,
    };
  }
  const options = idlOptions(library, request);
  const file = path.resolve(root, library.file);
  const idlDir = path.dirname(file);
  const shownRoot = within(root, idlDir) ? root : idlDir;
  const display = (p: string) => path.relative(shownRoot, path.resolve(root, p)).split(path.sep).join('/');
  return {
    ...options,
    // The IDL's folder relative to the current one; from inside it (or outside the current one), the IDL file.
    source: shownRoot === root && idlDir !== root ? shownPath(root, idlDir) : path.basename(file),
    shownRoot,
    protocols: (options.protocols ?? []).map((p) => ({ ...p, file: display(p.file) })),
    ...placement(request, outDirOf(request, null), idlDir, shownRoot, library.name, [path.basename(file)]),
  };
}

/**
 * What a library's packages say about where they are: how they name their siblings (`version` when the
 * output folder is inside an npm workspace, which links them; `file:` links otherwise), and what their
 * READMEs say about the source (the IDL files relative to the library's folder: the config's, or the IDL
 * file's) and the command that regenerates them byte for byte: run from the folder the generated paths are
 * relative to (`shownRoot`), with paths relative to it.
 */
function placement(
  request: LibraryRequest,
  outDir: string,
  libraryDir: string,
  shownRoot: string,
  name: string,
  idlFiles: readonly string[],
): Pick<GenerateOptions, 'siblings' | 'readme'> {
  const { library, root } = request;
  const rel = (p: string) => path.relative(shownRoot, p).split(path.sep).join('/') || '.';
  const libraryFolder = library.kind === 'config' ? 'the folder of comidl.config.json' : 'the folder of the IDL file';
  const words =
    library.kind === 'config'
      ? ['--config', rel(library.file)]
      : [
          '--idl',
          rel(path.resolve(root, library.file)),
          '--scope',
          library.scope,
          '--name',
          library.name,
          ...(library.protocols ?? []).flatMap((p) => ['--protocol', rel(path.resolve(root, p))]),
          ...(library.moduleFormat ? ['--module-format', library.moduleFormat] : []),
        ];
  for (const dir of request.includeDirs ?? []) words.push('-I', rel(path.resolve(root, dir)));
  for (const [macro, value] of Object.entries(request.defines ?? {})) words.push('-D', value === '' ? macro : `${macro}=${value}`);
  words.push('--out', rel(outDir));
  if (request.lenient) words.push('--lenient');
  return {
    siblings: inNpmWorkspace(path.join(outDir, `${name}-interfaces`)) ? 'version' : 'file',
    readme: {
      idlFiles,
      from: libraryFolder,
      regenerateFrom: shownRoot === libraryDir ? libraryFolder : `the folder that holds ${rel(libraryDir)}`,
      regenerate: ['npx', '--no-install', 'comidl', 'generate', ...words.map(shellWord)].join(' '),
    },
  };
}

/** Where a library's package folders go: --out, else its config's `out`, else DEFAULT_OUT_DIR (absolute). */
function outDirOf(request: LibraryRequest, options: GenerateOptions | null): string {
  return path.resolve(request.root, request.outDir ?? options?.out ?? DEFAULT_OUT_DIR);
}

/**
 * How this library's packages name each used library's (transitively): a compatible range of its version
 * when it is published or installed; its exact version when both its packages and this library's are inside
 * an npm workspace, which links them; else a `file:` link to its packages' folder, which is its config's
 * `out`, or this library's output folder when its config names none (the two are generated side by side).
 */
function linked(uses: readonly UsedLibrary[], outDir: string, options: GenerateOptions): UsedLibrary[] {
  const here = inNpmWorkspace(path.join(outDir, `${options.name}-interfaces`));
  const link = (u: UsedLibrary): UsedLink => {
    if (u.options.publish || u.package !== undefined) return { kind: 'range' };
    const theirs = u.options.out ?? outDir;
    // Plain sources have no package to link: they are imported by relative paths from their folder.
    if (u.options.form !== 'sources' && here && inNpmWorkspace(path.join(theirs, `${u.options.name}-interfaces`))) return { kind: 'version' };
    return { kind: 'file', folder: path.relative(outDir, theirs).split(path.sep).join('/') };
  };
  const visit = (u: UsedLibrary): UsedLibrary => ({
    ...u,
    link: link(u),
    options: { ...u.options, ...(u.options.uses ? { uses: u.options.uses.map(visit) } : {}) },
  });
  return uses.map(visit);
}

/** Generates a library in memory. Throws only on internal errors. */
export function runLibrary(request: LibraryRequest): LibraryRun {
  const startedAt = performance.now();
  const texts = new Map<string, string | null>();
  // The front end reads through this host: regular files only, and --watch knows which text each run used.
  const host: PreprocessHost = {
    readFile(p) {
      const text = readInput(p);
      texts.set(path.resolve(p), text);
      return text ?? undefined;
    },
  };
  const configText = request.library.kind === 'config' ? readInput(request.library.file) : undefined;
  const base = { request, result: null, packages: [], environmentProblem: null, configText, texts, recovery: null, startedAt };
  const failed = (name: string | null, problems: string[]): LibraryRun => ({
    ...base,
    name,
    options: null,
    problems,
    workspace: request.workspace ?? new ComWorkspace({ host }),
  });
  let options: GenerateOptions;
  let recovery: Recovery | null = null;
  try {
    options = optionsOf(request);
    // First of all, an interrupted earlier write is completed or rolled back: the vtable lock is part of
    // the output, and the run reads it.
    recovery = recoverOutput(targetOf(request, options));
    if (recovery) options = optionsOf(request);
  } catch (e) {
    if (e instanceof ConfigError) return failed(request.library.kind === 'idl' ? request.library.name : null, e.problems);
    if (e instanceof OutputError) return { ...failed(null, e.lines), recovery };
    throw e;
  }
  const workspace = request.workspace ?? new ComWorkspace({ includeDirs: options.includeDirs, defines: options.defines, lenient: options.lenient, severity: options.severity, host });
  const run: LibraryRun = { ...base, name: options.name, options, problems: [], workspace, recovery };
  try {
    run.result = generate({ ...options, workspace });
  } catch (e) {
    if (!(e instanceof PrinterUnavailableError)) throw e;
    run.environmentProblem = e.message;
    return run;
  }
  const problems = [...(run.result.configProblems ?? []), ...fileNameProblems(run.result.packages, run.result.modules)];
  if (problems.length) run.problems = problems;
  else run.packages = run.result.packages.map((p) => withManifest(p, options.source));
  return run;
}

/** Whether the run generated its packages (and may be written or checked). */
export function generated(run: LibraryRun): boolean {
  return run.packages.length > 0;
}

/** Everything the run has to say that stops or warns, as printed (without the environment problem). */
export function formatRunProblems(run: LibraryRun, style?: DiagnosticStyle): string {
  let out = run.problems.map((p) => `${p}\n`).join('');
  if (run.result && run.options) out = formatGenerateProblems(run.options.name, run.result, run.options.updateLock ?? false, style) + out;
  return out;
}

/** Where the output of a library with these options goes. */
function targetOf(request: LibraryRequest, options: GenerateOptions | null): OutputTarget {
  const { root } = request;
  const lock = options?.lock;
  return {
    outDir: outDirOf(request, options),
    name: options?.name ?? '',
    ...(options?.form ? { form: options.form } : {}),
    lockFile: lock ? path.resolve(root, lock.file) : null,
    shown: (file) => shownPath(root, file),
  };
}

/** Where the run's output goes. */
export function outputTarget(run: LibraryRun): OutputTarget {
  return targetOf(run.request, run.options);
}

/**
 * Writes a generated run's packages and its vtable lock, all or nothing, recovering an interrupted earlier
 * write first. Throws an OutputError (a line to print each) when it cannot: something in the way that
 * generation does not own, the output lock held by another run, a system error.
 */
export function writeLibrary(run: LibraryRun): WriteReport {
  if (!generated(run)) throw new Error('writeLibrary: the library did not generate');
  return writeOutput(outputTarget(run), run.packages, run.result!.lockFile);
}

/** Compares a generated run's packages and lock with what is on disk (after recovering an interrupted write). */
export function checkLibrary(run: LibraryRun): OutputCheck {
  if (!generated(run)) throw new Error('checkLibrary: the library did not generate');
  return checkOutput(outputTarget(run), run.packages, run.result!.lockFile);
}

/**
 * What a run read and --watch watches, with the text the run used (null: absent): the config, its protocol
 * descriptions, the vtable lock (as written by the run when `written`), and for each IDL file of the import
 * closure the file and what it #includes. An import that was not found is watched where its importer looked
 * first, so that creating it generates again.
 */
export function libraryInputs(run: LibraryRun, written = false): Map<string, string | null> {
  const root = run.request.root;
  const inputs = new Map<string, string | null>();
  const add = (file: string, text?: string | null) => {
    const f = path.resolve(root, file);
    if (!inputs.has(f)) inputs.set(f, text !== undefined ? text : run.texts.has(f) ? run.texts.get(f)! : readInput(f));
  };
  if (run.request.library.kind === 'config') add(run.request.library.file, run.configText);
  // The configs of the libraries it uses (`uses`), theirs included; their IDL files are in the closure below.
  const usedConfigs = (uses: GenerateOptions['uses']): void => {
    for (const u of uses ?? []) {
      add(u.config);
      usedConfigs(u.options.uses);
    }
  };
  usedConfigs(run.options?.uses);
  for (const p of run.options?.protocols ?? []) add(path.resolve(run.options?.shownRoot ?? root, p.file), p.text);
  const lock = run.options?.lock;
  if (lock) add(lock.file, written && run.result?.lockFile ? run.result.lockFile.text : lock.text);
  for (const file of run.options?.files ?? []) {
    const entry = path.resolve(root, file);
    if (!run.texts.has(entry)) {
      add(entry);
      continue;
    }
    for (const unit of run.workspace.closure(run.workspace.unit(entry))) {
      add(unit.path);
      for (const included of unit.parse.includedFiles) add(included);
      for (const i of unit.imports) if (i.path === null) add(path.join(path.dirname(unit.path), i.name));
    }
  }
  return inputs;
}
