/**
 * Generation in memory: one front-end run over a library's IDL, the check of its vtables against the
 * library's lock, then the four emitters' structures, printed by ts-morph (loaded here, on first use).
 * Nothing is read but the IDL and nothing is written here; the driver (`driver.ts`) reads the config,
 * calls this, and writes through `write.ts` only when generation succeeded.
 */
import * as path from 'node:path';
import type { Diagnostic } from '@comidl/parser';
import { abiOf, checkLock, ComWorkspace, type LockProblem, type WorkspaceOptions } from '@comidl/model';
import { ConstantTable } from './constants';
import { EmitContext, type EmitOptions, type Emitter } from './emit-context';
import type { PrintedFile } from './generated-file';
import { buildLibrary } from './library';
import { limitedLibrary, reachedLibrary } from './reach';
import { namingProblems, splitUses } from './uses';
import { dependenciesOf, packageFiles, type ModuleFormat, type PackageKind, type ReadmeFacts, type SiblingLink, type UsedLink } from './package-files';
import { asSourceFiles, sourcesDirectory, type OutputForm } from './sources-form';
import { comidlVersion, runtimeVersion } from './versions';
import { loadEmitters } from './printer';
import { checkProtocol, type CheckedProtocol, type ProtocolProblem, type ProtocolSource } from './protocol';

/** A generated package's version when its config names none. */
const DEFAULT_VERSION = '0.1.0';

export interface GenerateOptions extends WorkspaceOptions {
  /**
   * The Nx project of the library's IDL folder (`idl-mapi-sync`): the generated packages then depend on it
   * and build after its `generate` target. Null (the default) outside an Nx workspace: no `nx` section.
   */
  nxProject?: string | null;
  /** The IDL files whose import closure makes the library. */
  files: string[];
  /** npm scope, with `@`. */
  scope: string;
  /** Library name: packages are `<name>-interfaces` etc. in the output directory, `<scope>/interfaces` etc. on npm. */
  name: string;
  /** What headers name as the source (`idl/mapi-sync`). */
  source: string;
  protocols?: ProtocolSource[];
  /** The packages' version (default 0.1.0). */
  version?: string;
  /** The @comidl/runtime version the packages take a compatible range of (default: the installed runtime's). */
  runtimeVersion?: string;
  /** The packages' licence (default MIT). */
  license?: string;
  /** What the library is: the packages' descriptions start with it. */
  description?: string;
  /** The packages are published: not private, siblings by version (default false). */
  publish?: boolean;
  /** How the packages name their siblings (default `file:` links); the driver says `version` inside an npm workspace. */
  siblings?: SiblingLink;
  /** The packages' module format (default `dual`: ES modules and CommonJS). */
  moduleFormat?: ModuleFormat;
  /** What the READMEs say about the source and regenerating (default: the files as given, from the current folder). */
  readme?: Omit<ReadmeFacts, 'comidlVersion'>;
  /** The IDL files as the config names them (relative to its folder). */
  idlFiles?: string[];
  /** Paths are resolved from this directory. */
  root?: string;
  /** Paths in generated files are relative to this directory (default: `root`). */
  shownRoot?: string;
  /** Which outputs (default all four). */
  kinds?: PackageKind[];
  workspace?: ComWorkspace;
  /**
   * Diagnostic codes that do not stop generation (for IDL that widl accepts but MIDL's rules reject, as in
   * parts of Wine's corpus). Empty by default: every error stops generation.
   */
  tolerate?: readonly string[];
  /**
   * The library's vtable lock: its path as messages show it (`idl/mapi-sync/vtable.lock.json`) and its
   * content, null when there is none yet. Without it the layouts are not checked.
   */
  lock?: { file: string; text: string | null };
  /** Accept changed layouts behind locked IIDs: the lock is rewritten instead of stopping generation. */
  updateLock?: boolean;
  /**
   * What is generated: every declaration of the import closure (`all`, the default), or only the named
   * files' declarations and what they refer to, transitively (`reached`).
   */
  emit?: EmitScope;
  /**
   * Libraries whose packages this one imports (`"uses"` in its config): what comes from their IDL files
   * (their import closures) is not generated again but imported from their packages.
   */
  uses?: UsedLibrary[];
  /** The folder the config's `out` names (absolute): where its packages go unless --out says otherwise. */
  out?: string;
  /**
   * What is written (`sources-form.ts`): npm packages (`packages`, the default), or plain TypeScript files
   * for the user's own source tree (`sources`).
   */
  form?: OutputForm;
}

export type EmitScope = 'all' | 'reached';

/** A library another one uses: its options (as its config gives them) and where the config names it. */
export interface UsedLibrary {
  options: GenerateOptions;
  /** Its config, as messages show it. */
  config: string;
  /** `file:line:col` of the entry in the using config. */
  at: string;
  /** `uses[0]: ../com`: the entry as problems name it. */
  entry: string;
  /** The installed package whose config it is (`"uses": ["@com/idl"]`): its packages are a registry's. */
  package?: string;
  /**
   * How the packages name its packages (the driver decides by where they are); by default a compatible range
   * of its version when it is published or installed, else as this library names its siblings, beside them.
   */
  link?: UsedLink;
}

/** What the vtable lock file must contain; `path` as generation shows it (relative to the library root). */
export interface LockFile {
  path: string;
  text: string;
}

export interface GeneratedPackage {
  kind: PackageKind;
  /** Directory, relative to the output folder, with `/`: `mapi-sync-interfaces` (sources form: `mapi-sync/interfaces`). */
  directory: string;
  /** npm name: `@mapi-sync/interfaces` (sources form: the directory). */
  name: string;
  files: PrintedFile[];
  /** `sources`: a folder of plain TypeScript files, all of them generation's own; absent: an npm package. */
  form?: OutputForm;
}

export interface GenerateResult {
  packages: GeneratedPackage[];
  /** Located lines about the config that stop generation (a used library the IDL does not import). */
  configProblems?: string[];
  diagnostics: Diagnostic[];
  protocolProblems: ProtocolProblem[];
  /**
   * Layouts behind locked IIDs that changed. Unless `updateLock` is set they stop generation: `packages` is
   * empty, as with errors.
   */
  lockProblems: LockProblem[];
  /** What the lock file must contain (written with the packages); null without `lock`. */
  lockFile: LockFile | null;
  /** What the lock check has to say that is not a problem (a lock in an older format rewritten). */
  lockNotes: string[];
  /** Interfaces with a vtable in the library. */
  interfaceCount: number;
  moduleCount: number;
  /** The library's modules: each file name (without extension) and the IDL file it comes from. */
  modules: { name: string; source: string }[];
  /**
   * In the sources form: the packages the generated files import, which the user's project installs (no
   * package.json of the output says so), by name -> version range, or `file:<folder>` for a used library's
   * package generated in the project (its folder relative to the output folder). Absent in the packages form.
   */
  sourcesDependencies?: Record<string, string>;
  /**
   * Where the time went, in milliseconds: the front end (what the workspace had not read yet, the library,
   * the lock and protocol checks, the layout fingerprints), loading ts-morph (0 once loaded), building the
   * structures, and ts-morph printing them (the emitters' writer functions run then too). Zero for the
   * phases not reached.
   */
  timings: GenerateTimings;
}

export interface GenerateTimings {
  frontEndMs: number;
  printerLoadMs: number;
  structuresMs: number;
  printMs: number;
}

/**
 * Runs the front end, the vtable lock check and the emitters; with errors, `packages` is empty. Throws a
 * PrinterUnavailableError when there is something to print and ts-morph cannot be loaded.
 */
export function generate(options: GenerateOptions): GenerateResult {
  const started = performance.now();
  const timings: GenerateTimings = { frontEndMs: 0, printerLoadMs: 0, structuresMs: 0, printMs: 0 };
  const workspace = options.workspace ?? new ComWorkspace(options);
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const f of options.files) {
    // Files are given relative to `root` (the current directory by default), whatever the current directory.
    for (const d of workspace.fileModel(workspace.unit(path.resolve(options.root ?? '.', f), f)).diagnostics) {
      const key = `${d.file}:${d.line}:${d.column}:${d.code}`;
      if (!seen.has(key)) {
        seen.add(key);
        diagnostics.push(d);
      }
    }
  }
  const empty: GenerateResult = { packages: [], diagnostics, protocolProblems: [], lockProblems: [], lockFile: null, lockNotes: [], interfaceCount: 0, moduleCount: 0, modules: [], timings };
  const tolerated = new Set(options.tolerate ?? []);
  if (diagnostics.some((d) => d.severity === 'error' && !tolerated.has(d.code))) return empty;

  const entryFiles = options.files.map((f) => path.resolve(options.root ?? '.', f));
  const split = splitUses(workspace, options);
  let library = buildLibrary(workspace, [...split.entryFiles, ...entryFiles], { root: options.shownRoot ?? options.root, external: split.external });
  if (split.used.length) {
    // Only the library's own import closure: a used library's other files are its own business.
    const own = (m: { unit: { path: string } }) => split.closure.has(m.unit.path);
    library = limitedLibrary(library, new Set(library.modules.filter(own).flatMap((m) => m.declarations)), own);
  }
  if (options.emit === 'reached') library = reachedLibrary(library, entryFiles.map((f) => workspace.unit(f).path));
  const configProblems = [...split.problems, ...(split.used.length ? namingProblems(workspace, library, split, path.resolve(options.root ?? '.')) : [])];
  if (configProblems.length) return { ...empty, configProblems };
  // What the library could not represent as the IDL says (opaque structures): warnings of the run.
  diagnostics.push(...library.warnings);
  const ctx = new EmitContext(library);
  let lockProblems: LockProblem[] = [];
  let lockFile: LockFile | null = null;
  let lockNotes: string[] = [];
  if (options.lock) {
    const { file } = options.lock;
    const snapshot = abiOf(workspace, library.interfaces, library.modules.map((m) => m.unit));
    const checked = checkLock(options.lock.text, snapshot, { update: options.updateLock });
    lockProblems = checked.problems.map((p) => ({ file, ...p }));
    lockFile = { path: file, text: checked.text };
    lockNotes = checked.notes;
  }
  const protocols: CheckedProtocol[] = [];
  const protocolProblems: ProtocolProblem[] = [];
  const constants = new ConstantTable(library);
  const constant = (name: string) => constants.value(name);
  for (const source of options.protocols ?? []) {
    const { protocol, problems } = checkProtocol(source, library, ctx.types, constant);
    if (protocol) protocols.push(protocol);
    protocolProblems.push(...problems);
  }
  const counts = {
    interfaceCount: library.interfaces.length,
    moduleCount: library.modules.length,
    modules: library.modules.map((m) => ({ name: m.name, source: m.source })),
  };
  if (protocolProblems.length || (lockProblems.length && !options.updateLock)) {
    timings.frontEndMs = performance.now() - started;
    return { ...empty, ...counts, protocolProblems, lockProblems, lockFile, lockNotes };
  }
  // The model's layout fingerprints, which vtables.ts records, belong to the front end's time, not the emitters'.
  for (const model of library.interfaces) ctx.fingerprint(model);
  timings.frontEndMs = performance.now() - started;

  const kinds = options.kinds ?? ['interfaces', 'proxies', 'mocks', 'native'];
  const root = path.resolve(options.root ?? '.');
  const shownRoot = path.resolve(root, options.shownRoot ?? root);
  const names = {
    scope: options.scope,
    name: options.name,
    source: options.source,
    version: options.version ?? DEFAULT_VERSION,
    runtimeVersion: options.runtimeVersion ?? runtimeVersion(),
    nxProject: options.nxProject ?? null,
    uses: split.used.map((u) => ({
      scope: u.options.scope,
      name: u.options.name,
      version: u.options.version ?? DEFAULT_VERSION,
      link: u.link ?? defaultLink(u, options),
    })),
    license: options.license ?? 'MIT',
    description: options.description ?? null,
    publish: options.publish ?? false,
    // Published packages come from the registry: their siblings by version too.
    siblings: options.publish ? ('version' as const) : (options.siblings ?? 'file'),
    moduleFormat: options.moduleFormat ?? 'dual',
    kinds,
    readme: {
      comidlVersion: comidlVersion(),
      ...(options.readme ?? {
        // Called without the driver: the files as the headers show them.
        idlFiles: options.files.map((f) => path.relative(shownRoot, path.resolve(root, f)).split(path.sep).join('/')),
        from: 'the current folder',
        regenerateFrom: 'the current folder',
        regenerate: 'npx --no-install comidl generate',
      }),
    },
  };
  let t = performance.now();
  const { emitInterfaces, emitMocks, emitNative, emitProxies, printFiles } = loadEmitters();
  timings.printerLoadMs = performance.now() - t;
  t = performance.now();
  const emitters: Record<PackageKind, Emitter> = {
    interfaces: emitInterfaces,
    proxies: emitProxies,
    mocks: emitMocks,
    // What native bindings cannot express is said as warnings (N001-N005), with generation's diagnostics.
    native: (c, o) => emitNative(c, { ...o, warnings: diagnostics }),
  };
  const sources = options.form === 'sources';
  // A used library in the sources form is imported by relative paths from its folder (`link.folder`: its
  // output folder relative to this library's).
  const usedSources = new Map(
    split.used.flatMap((u, i) => {
      const link = names.uses[i].link;
      return u.options.form === 'sources' && link.kind === 'file' ? [[u.options.scope, path.posix.join(link.folder, u.options.name)] as const] : [];
    }),
  );
  const emitOptions: EmitOptions = { scope: options.scope, name: options.name, source: options.source, protocols, uses: names.uses, ...(sources ? { sources: { usedSources } } : {}) };
  const structures = kinds.map((kind) => ({ kind, files: [...(sources ? [] : packageFiles(kind, names)), ...emitters[kind](ctx, emitOptions)] }));
  timings.structuresMs = performance.now() - t;
  // Types the emitters could only map by falling back (G002), each place once.
  diagnostics.push(...ctx.types.fallbacks.values());
  t = performance.now();
  const packages: GeneratedPackage[] = structures.map(({ kind, files }) =>
    sources
      ? { kind, directory: sourcesDirectory(options.name, kind), name: sourcesDirectory(options.name, kind), files: asSourceFiles(printFiles(files)), form: 'sources' }
      : { kind, directory: `${options.name}-${kind}`, name: `${options.scope}/${kind}`, files: printFiles(files) },
  );
  timings.printMs = performance.now() - t;
  let sourcesDependencies: Record<string, string> | undefined;
  if (sources) {
    // What the files import from outside the output: the runtime, and the used libraries' packages but those
    // in the sources form (by version: the user installs them), each kind's; not this library's own folders.
    const asPackages = { ...names, siblings: 'version' as const, uses: names.uses.filter((u) => !usedSources.has(u.scope)) };
    sourcesDependencies = {};
    for (const kind of kinds) {
      for (const [dependency, range] of Object.entries(dependenciesOf(kind, asPackages))) {
        // A `file:` link from a package folder (`file:../<folder>/<name>-<kind>`) becomes one from the output folder.
        if (!dependency.startsWith(`${options.scope}/`)) sourcesDependencies[dependency] = range.startsWith('file:../') ? `file:${range.slice('file:../'.length)}` : range;
      }
    }
    sourcesDependencies = Object.fromEntries(Object.entries(sourcesDependencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return { packages, diagnostics, protocolProblems, lockProblems, lockFile, lockNotes, ...counts, timings, ...(sourcesDependencies ? { sourcesDependencies } : {}) };
}

/** How a used library's packages are named when the driver did not say: see UsedLibrary.link. */
function defaultLink(u: UsedLibrary, options: GenerateOptions): UsedLink {
  if (u.options.publish || u.package !== undefined) return { kind: 'range' };
  return options.publish || options.siblings === 'version' ? { kind: 'version' } : { kind: 'file', folder: '' };
}
